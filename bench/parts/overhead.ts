/**
 * Part 1, handler overhead against the floor. Every operation runs the full path (HTTP gateway →
 * middy → zod → domain → DynamoDB Local); right after it, the DynamoDB calls that very request
 * made are replayed straight through the SDK: the floor. Interleaving the two in one run keeps
 * the machine's noise out of the ratio.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { type RecordedCall, type recorder, replay, waves } from '../lib/recorder.ts';
import { apiClient, type Measure, operations, runRound } from '../lib/scenario.ts';
import { median, p99, printTable, progress, round } from '../lib/stats.ts';

export interface OverheadRow {
  operation: string;
  samples: number;
  dynamoDbCalls: number;
  fullMedianMs: number;
  fullP99Ms: number;
  handlerMedianMs: number;
  floorMedianMs: number;
  floorP99Ms: number;
  ratio: number;
  /** The same without the HTTP hop: time inside the handler against the floor. */
  handlerRatio: number;
  /**
   * The handler's own DynamoDB calls (the time spanned by their waves, as the replay issues them)
   * against the floor: well above 1, the calls themselves cost more in the request than replayed,
   * and the excess is not the handler's code.
   */
  callsRatio: number;
  /**
   * The target's ratio: the floor plus the handler's own time (inside the handler, less the time its
   * DynamoDB calls spanned) over the floor. What the handler adds to its calls, without the local
   * HTTP hop and without the calls' own spread between the request and their replay.
   */
  ownRatio: number;
  /** With compareOverwrite: the ratio against the same calls replayed onto the request's own items. */
  overwriteRatio?: number;
  /**
   * The best ratio any handler could reach behind this gateway: the floor plus the gateway with a
   * handler that does nothing (GET /health/live), over the floor.
   */
  noopBound: number;
}

/**
 * A plain node:http server answering a fixed body: the loopback HTTP hop itself, with no gateway,
 * route table or handler, so the table can show what the local gateway adds to it.
 */
const startBareServer = async () => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"status":"ok"}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
};

export const overheadTarget = 1.25;

/** The time a request's DynamoDB calls spanned, wave by wave (calls side by side count once). */
const callsSpan = (calls: RecordedCall[]) =>
  waves(calls).reduce(
    (sum, wave) => sum + Math.max(...wave.map((c) => c.end)) - Math.min(...wave.map((c) => c.start)),
    0,
  );

export const benchOverhead = async (
  runtime: LocalRuntime,
  rec: ReturnType<typeof recorder>,
  options: {
    rounds: number;
    warmup: number;
    only?: string[] | undefined;
    compareOverwrite?: boolean | undefined;
  },
) => {
  const unknown = options.only?.filter((op) => !(operations as readonly string[]).includes(op));
  if (unknown?.length) throw new Error(`No such operation: ${unknown.join(', ')}`);
  const measured = (operation: string) => !options.only || options.only.includes(operation);
  const samples = new Map<
    string,
    {
      full: number[];
      handler: number[];
      inCalls: number[];
      floor: number[];
      overwrite: number[];
      calls: number;
    }
  >();
  let recording = false;
  let overwriteFirst = false;
  const api = apiClient(runtime);
  const measure: Measure = async (operation, call) => {
    if (!measured(operation)) return call();
    await runtime.settled(); // the relay works between steps, never during a measured one
    const response = await call();
    const full = response.elapsedMs;
    const { calls, handlerMs } = rec.take();
    await runtime.settled(); // and the floor gets the same quiet table
    // The floor: creating writes go to fresh keys, as inserts (bench/lib/recorder.ts). With
    // compareOverwrite, also the same calls under their own keys (overwriting what the request
    // inserted, the floor before 2026-12-02), the two in alternating order.
    let floor: number;
    let overwrite: number | undefined;
    if (!options.compareOverwrite) floor = await replay(calls, { fresh: true });
    else if (overwriteFirst) {
      overwrite = await replay(calls);
      await runtime.settled();
      floor = await replay(calls, { fresh: true });
    } else {
      floor = await replay(calls, { fresh: true });
      await runtime.settled();
      overwrite = await replay(calls);
    }
    overwriteFirst = !overwriteFirst;
    if (recording) {
      const entry = samples.get(operation) ?? {
        full: [],
        handler: [],
        inCalls: [],
        floor: [],
        overwrite: [],
        calls: calls.length,
      };
      entry.full.push(full);
      entry.handler.push(handlerMs);
      entry.inCalls.push(callsSpan(calls));
      entry.floor.push(floor);
      if (overwrite !== undefined) entry.overwrite.push(overwrite);
      samples.set(operation, entry);
    }
    return response;
  };

  // The gateway alone, a route that touches nothing, and the bare loopback hop under it: measured
  // in the same rounds, between the same steps, for reading the ratios.
  const health: number[] = [];
  const hop: number[] = [];
  const bare = await startBareServer();
  const bareApi = apiClient(bare);
  for (let i = 0; i < options.warmup; i++) await runRound(runtime, 1_000 + i, measure);
  recording = true;
  for (let i = 0; i < options.rounds; i++) {
    await runRound(runtime, i, measure);
    for (let j = 0; j < 5; j++) {
      await runtime.settled();
      hop.push((await bareApi('GET', '/health/live')).elapsedMs);
      await runtime.settled();
      health.push((await api('GET', '/health/live')).elapsedMs);
      rec.take();
    }
    if ((i + 1) % 5 === 0 || i + 1 === options.rounds) progress(`overhead: round ${i + 1}/${options.rounds}`);
  }
  await bare.stop();

  const rows: OverheadRow[] = operations.filter(measured).map((operation) => {
    const s = samples.get(operation) ?? {
      full: [],
      handler: [],
      inCalls: [],
      floor: [],
      overwrite: [],
      calls: 0,
    };
    // An operation without DynamoDB calls (verifying a notice) has the bare gateway as its floor.
    const floor = s.calls === 0 ? health : s.floor;
    // Each request's floor is replayed right after it, so the two share the machine's state: the
    // ratio is the median of those pairs, which a slow stretch of the run cannot tip as easily as
    // it can tip either median. Without DynamoDB calls there are no pairs: medians, then.
    const pairedMedian = (xs: number[]) =>
      s.calls === 0 ? median(xs) / median(floor) : median(xs.map((x, i) => x / (s.floor[i] as number)));
    return {
      operation,
      samples: s.full.length,
      dynamoDbCalls: s.calls,
      fullMedianMs: round(median(s.full)),
      fullP99Ms: round(p99(s.full)),
      handlerMedianMs: round(median(s.handler)),
      floorMedianMs: round(median(floor)),
      floorP99Ms: round(p99(floor)),
      ratio: round(pairedMedian(s.full)),
      handlerRatio: round(pairedMedian(s.handler)),
      callsRatio: s.calls === 0 ? 0 : round(pairedMedian(s.inCalls)),
      ownRatio:
        s.calls === 0
          ? round(pairedMedian(s.handler))
          : round(
              median(s.floor.map((f, i) => (f + (s.handler[i] as number) - (s.inCalls[i] as number)) / f)),
            ),
      ...(s.calls > 0 && s.overwrite.length
        ? { overwriteRatio: round(median(s.full.map((x, i) => x / (s.overwrite[i] as number)))) }
        : {}),
      noopBound: round((median(floor) + median(health)) / median(floor)),
    };
  });
  printTable(
    `1. Handler overhead against the floor (target: own work ≤ ${overheadTarget})`,
    rows.map((r) => ({
      operation: r.operation,
      calls: r.dynamoDbCalls,
      'full median': r.fullMedianMs,
      'full p99': r.fullP99Ms,
      'in handler': r.handlerMedianMs,
      'floor median': r.floorMedianMs,
      'floor p99': r.floorP99Ms,
      ratio: r.ratio,
      'handler ratio': r.handlerRatio,
      'its calls': r.callsRatio,
      'no-op bound': r.noopBound,
      'own work': r.ownRatio,
      ...(options.compareOverwrite ? { 'vs overwrite': r.overwriteRatio ?? '' } : {}),
      // No DynamoDB call, no floor of its own: the row is information, not a target (bench/check.ts).
      '': r.dynamoDbCalls === 0 ? '–' : r.ownRatio <= overheadTarget ? 'ok' : 'MISS',
    })),
  );
  const gateway = { medianMs: round(median(health)), p99Ms: round(p99(health)) };
  const bareHop = { medianMs: round(median(hop)), p99Ms: round(p99(hop)) };
  console.log(
    `  (ms; the gateway with a handler that does nothing — GET /health/live — takes ${gateway.medianMs} median, ${gateway.p99Ms} p99;`,
  );
  console.log(
    `   a bare node:http server on loopback, the HTTP hop alone, ${bareHop.medianMs} median, ${bareHop.p99Ms} p99.`,
  );
  console.log(
    '   "no-op bound" is (floor + GET /health/live) / floor: the ratio of a handler that costs nothing;',
  );
  console.log(
    `   "its calls" is the time the handler's own DynamoDB calls spanned against the same calls replayed;`,
  );
  console.log(
    `   "own work", the target, is (floor + the time inside the handler outside its calls) / floor${options.compareOverwrite ? ';' : '.)'}`,
  );
  if (options.compareOverwrite) {
    console.log(
      '   "vs overwrite" is the ratio against the calls replayed onto the items the request created, overwriting them.)',
    );
  }
  return { target: overheadTarget, rows, gatewayNoop: gateway, bareHop };
};
