/**
 * Records every DynamoDB call a handler makes while the gateway runs it, so that the benchmarks
 * can (1) replay exactly those calls straight through the SDK, the floor that the handler's
 * overhead is measured against, and (2) sum their consumed capacity.
 *
 * The handlers build their DynamoDBDocumentClient at module scope; every one of them sends through
 * DynamoDBDocumentClient.prototype.send, so the recorder wraps that once. Calls are attributed to
 * an invocation through AsyncLocalStorage, entered by the gateway's aroundHandler hook for requests
 * and the runtime's aroundWorker hook for the stream readers, so a request's calls and the relay's
 * (running at the same time) are never mixed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface RecordedCall {
  /** The command's class, so a replay constructs the same kind of command. */
  Command: new (
    input: any,
  ) => any;
  name: string;
  /**
   * The client the handler sent it through: the floor replays through the same client, so it
   * runs on the same connection pool as the request (a pool idle for a round answers its first
   * call slower, which is DynamoDB Local's warm-up, not the handler's overhead).
   */
  client: DynamoDBDocumentClient;
  input: any;
  start: number;
  end: number;
  consumed: ConsumedCapacity[];
}

interface Recording {
  route: string;
  calls: RecordedCall[];
  /** Milliseconds inside the Lambda handler, as the gateway invoked it. */
  handlerMs: number;
}

const storage = new AsyncLocalStorage<Recording>();
let askForCapacity = false;

type Send = (this: DynamoDBDocumentClient, command: any, ...rest: unknown[]) => Promise<any>;
const proto = DynamoDBDocumentClient.prototype as unknown as { send: Send };
const originalSend = proto.send;
proto.send = async function (this: DynamoDBDocumentClient, command: any, ...rest: unknown[]) {
  const recording = storage.getStore();
  if (!recording) return originalSend.call(this, command, ...rest);
  // Kept by reference: the stores build a fresh input for every call and never touch it after
  // sending, and replayable() clones it. A clone here would be the bench's work inside the
  // handler's time. Only the capacity part, which times nothing, changes the input: it clones first.
  const input = askForCapacity ? structuredClone(command.input) : command.input;
  if (askForCapacity && command.input.ReturnConsumedCapacity === undefined) {
    command.input.ReturnConsumedCapacity = 'TOTAL';
  }
  const call: RecordedCall = {
    Command: command.constructor,
    name: command.constructor.name,
    client: this,
    input,
    start: performance.now(),
    end: 0,
    consumed: [],
  };
  recording.calls.push(call);
  try {
    const output = await originalSend.call(this, command, ...rest);
    const consumed = output?.ConsumedCapacity;
    if (consumed) call.consumed = Array.isArray(consumed) ? consumed : [consumed];
    return output;
  } catch (error: any) {
    // A cancelled transaction still consumed capacity; DynamoDB reports it on the error.
    const consumed = error?.ConsumedCapacity ?? error?.$metadata?.ConsumedCapacity;
    if (consumed) call.consumed = Array.isArray(consumed) ? consumed : [consumed];
    throw error;
  } finally {
    call.end = performance.now();
  }
};

const run = <T>(recording: Recording, invoke: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  return storage.run(recording, invoke).finally(() => {
    recording.handlerMs = performance.now() - started;
  });
};

/** The gateway's and the stream readers' hooks: each runs one invocation inside a recording. */
export const recorder = () => {
  let last: Recording | undefined;
  // The stream readers' invocations, kept apart from the requests' and only while capacity is
  // measured (they would otherwise pile up through the timing parts).
  let workers: Recording[] = [];
  // Every request's recording, set-up steps included, while the tenancy part follows whole rounds.
  let requests: Recording[] | undefined;
  return {
    aroundHandler: <T>(route: string, invoke: () => Promise<T>): Promise<T> => {
      const recording: Recording = { route, calls: [], handlerMs: 0 };
      last = recording;
      requests?.push(recording);
      return run(recording, invoke);
    },
    /** Starts keeping every request's recording (not only the last one's) until `takeRequests`. */
    collectRequests() {
      requests = [];
    },
    /** The requests since `collectRequests`, and stops keeping them. */
    takeRequests(): Recording[] {
      const taken = requests ?? [];
      requests = undefined;
      return taken;
    },
    aroundWorker: <T>(worker: string, invoke: () => Promise<T>): Promise<T> => {
      if (!askForCapacity) return invoke();
      const recording: Recording = { route: worker, calls: [], handlerMs: 0 };
      workers.push(recording);
      return run(recording, invoke);
    },
    /** The stream readers' invocations since the last call. */
    takeWorkers(): Recording[] {
      const taken = workers;
      workers = [];
      return taken;
    },
    /** The calls of the invocation that ran last (the benchmarks run one request at a time). */
    take(): Recording {
      if (!last) throw new Error('No handler ran');
      const taken = last;
      last = undefined;
      return taken;
    },
    set capacity(on: boolean) {
      askForCapacity = on;
    },
  };
};

const never = '#zmBenchNever';

/** Adds "OR attribute_not_exists(<an attribute no item has>)": always true, same evaluation. */
const alwaysTrue = (op: any) => {
  if (!op?.ConditionExpression) return op;
  return {
    ...op,
    ConditionExpression: `(${op.ConditionExpression}) OR attribute_not_exists(${never})`,
    ExpressionAttributeNames: { ...op.ExpressionAttributeNames, [never]: 'zmBenchNever' },
  };
};

/** How the stores guard a write that creates its item: the write is an insert. */
const creates = (op: any) => op?.ConditionExpression === 'attribute_not_exists(PK)';

/**
 * A write that created its item, moved to a fresh key so that the replay inserts as the request
 * did instead of overwriting the item the request has just written. Its index keys move out of
 * the real partitions (the same index inserts, but nothing that lists, the outbox sweep or a
 * count would find) and its entity is renamed, so no stream reader takes it.
 */
const toFreshKey = (op: any, suffix: string) => {
  const moved = (key: Record<string, unknown>) => ({ ...key, PK: `${key.PK}${suffix}` });
  if (op.Item) {
    const indexKeys = Object.entries(op.Item)
      .filter(([name]) => /^GSI\d+PK$/.test(name))
      .map(([name, value]) => [name, `${value}${suffix}`]);
    return {
      ...op,
      Item: {
        ...moved(op.Item),
        ...Object.fromEntries(indexKeys),
        ...(op.Item.entity ? { entity: 'BenchFloor' } : {}),
      },
    };
  }
  return op.Key ? { ...op, Key: moved(op.Key) } : op;
};

let freshKeys = 0;

/**
 * The input to replay: the same call with its conditions made always true (the state they
 * guarded has already moved on), and no ClientRequestToken (DynamoDB would answer a repeated
 * token from its idempotency cache without doing the work). With `fresh`, the writes that
 * created their items (guarded by attribute_not_exists(PK)) go to fresh keys: inserts, as in
 * the request; an overwrite of the item the request inserted is cheaper on DynamoDB Local.
 */
export const replayable = (call: RecordedCall, options: { fresh?: boolean } = {}): any => {
  const input = structuredClone(call.input);
  const suffix = `~floor${++freshKeys}`;
  const prepare = (op: any) => alwaysTrue(options.fresh && creates(op) ? toFreshKey(op, suffix) : op);
  if (call.name === 'TransactWriteCommand') {
    delete input.ClientRequestToken;
    input.TransactItems = input.TransactItems.map((item: any) =>
      Object.fromEntries(Object.entries(item).map(([kind, op]) => [kind, prepare(op)])),
    );
    return input;
  }
  return prepare(input);
};

/**
 * Calls that overlapped in time were issued concurrently (Promise.all); a replay issues them
 * concurrently too, so the floor has the handler's own parallelism.
 */
export const waves = (calls: RecordedCall[]): RecordedCall[][] => {
  const result: RecordedCall[][] = [];
  let waveEnd = -Infinity;
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    const current = result.at(-1);
    if (current && call.start < waveEnd) {
      current.push(call);
      waveEnd = Math.max(waveEnd, call.end);
    } else {
      result.push([call]);
      waveEnd = call.end;
    }
  }
  return result;
};

/**
 * Replays recorded calls straight through the SDK, each through the client that sent it unless
 * `db` is given; returns the elapsed milliseconds.
 */
export const replay = async (
  calls: RecordedCall[],
  options: { fresh?: boolean; db?: DynamoDBDocumentClient } = {},
): Promise<number> => {
  const inputs = new Map(calls.map((call) => [call, replayable(call, options)]));
  const started = performance.now();
  for (const wave of waves(calls)) {
    await Promise.all(
      wave.map((call) =>
        (options.db ?? call.client).send(new call.Command(inputs.get(call))).catch((error: Error) => {
          throw new Error(`Floor replay of ${call.name} failed: ${error.name}: ${error.message}`);
        }),
      ),
    );
  }
  return performance.now() - started;
};

export interface Units {
  read: number;
  write: number;
}

/**
 * Read and write units of a recording, from ReturnConsumedCapacity TOTAL: table and index units
 * together, transactional items at twice the units, as DynamoDB bills them.
 */
export const unitsOf = (calls: RecordedCall[]): Units => {
  const units = { read: 0, write: 0 };
  for (const call of calls) {
    const total = call.consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
    if (/^(Get|Query|BatchGet|TransactGet)/.test(call.name)) units.read += total;
    else units.write += total;
  }
  return units;
};
