/**
 * Part 4, throughput and load with zero loss. `npm start` runs as a child process; autocannon
 * submits reports over loopback at several concurrency levels, each with a fresh Idempotency-Key
 * (and every tenth a retry of an earlier key, which must not make a second report). Every 201 is
 * recorded. Afterwards every acknowledged report must be found by its receipt, and the relay must
 * have delivered exactly one ReportSubmitted event per report to the local SNS. At the end of each
 * level the outbox backlog (events not yet published, counted on the sparse index) must be small:
 * the relay keeps up with the submissions.
 *
 * The floor at each level: the very transaction a submission writes (recorded from a real one),
 * under fresh keys, issued straight to the same DynamoDB Local at the same concurrency. Both are
 * warmed up first and then alternate within each level (service, raw, raw, service), so neither
 * is measured on a colder JVM or a slower stretch of the machine. p99 is the worse of the two
 * service slices.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import { freePort } from '../../infra/local/ports.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { subscribedQueue } from '../../infra/local/sns.ts';
import { documentClient } from '../../shared/services.ts';
import { outboxRelayStore } from '../../shared/store/outbox-relay.ts';
import { type RecordedCall, type recorder, replayable } from '../lib/recorder.ts';
import { median, p99, printTable, progress, round } from '../lib/stats.ts';

export const throughputRatioTarget = 0.5;
/**
 * The relay keeps up when, at the end of a level, what waits to be published is at most this many
 * seconds of the level's submissions (it gathers for a second, then publishes), or one batch.
 */
export const backlogTargetSeconds = 3;
const backlogBound = (reportsPerSecond: number) =>
  Math.max(100, Math.ceil(reportsPerSecond * backlogTargetSeconds));
const warmUpSeconds = 4;

const report = (n: number) =>
  JSON.stringify({
    accused: {
      name: `干部${n % 997}`,
      position: '县能源局副局长',
      organization: '某县能源局',
      region: '某省某县',
    },
    category: 'CORRUPTION',
    allegations: [
      {
        summary: '在工程招标中收受承包商礼金',
        details: '2023年中秋前后，在其办公室收受现金。',
        incidentFrom: '2023-09-01',
        incidentTo: '2023-09-30',
      },
    ],
    reporter: { anonymous: true },
  });

/** Starts `npm start`'s program on a free port and reads the addresses from its banner. */
const startService = async () => {
  const port = await freePort();
  // BENCH_SERVICE_NODE_ARGS, e.g. "--cpu-prof", profiles the service under load.
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'infra/local/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Every receipt is looked up from this one address afterwards; the limit is not under test.
      LOOKUP_MISS_LIMIT: '100000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  let banner = '';
  const ready = new Promise<void>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!banner.includes('Press Ctrl-C')) {
        banner += chunk.toString();
        if (banner.includes('Press Ctrl-C')) done();
      }
    });
    child.stderr?.on('data', () => undefined);
    child.once('exit', (code) => fail(new Error(`npm start exited with ${code}:\n${banner}`)));
  });
  await ready;
  const address = (label: string) => new RegExp(`${label}\\s+(http://\\S+)`).exec(banner)?.[1] as string;
  return {
    url: address('API'),
    dynamoDbEndpoint: address('DynamoDB Local'),
    snsEndpoint: address('SNS emulator'),
    tableName: /table "([^"]+)"/.exec(banner)?.[1] as string,
    child,
  };
};

const stopService = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

/** A queue of our own on the events topic, to count what the relay delivered. */
const subscribeToEvents = async (endpoint: string) => {
  const sns = new SNSClient(localClientConfig(endpoint));
  const sqs = new SQSClient(localClientConfig(endpoint));
  const { Topics = [] } = await sns.send(new ListTopicsCommand({}));
  const topicArn = Topics.map((t) => t.TopicArn as string).find((arn) => arn.endsWith(':zhengming-events'));
  if (!topicArn) throw new Error('No events topic on the SNS emulator');
  const queue = await subscribedQueue({ sns, sqs }, topicArn, `bench-load-${Date.now()}`);
  const submitted = new Map<string, number>();
  const drain = async () => {
    const envelopes = await queue.take();
    for (const envelope of envelopes) {
      const event = JSON.parse(envelope.Message ?? '{}');
      if (event.type === 'ReportSubmitted') {
        submitted.set(event.reportId, (submitted.get(event.reportId) ?? 0) + 1);
      }
    }
    return envelopes.length;
  };
  return {
    submitted,
    /** Drains until every expected report has arrived, or nothing new came for `quietSeconds`. */
    async collect(expected: Set<string>, quietSeconds = 15) {
      let quietSince = Date.now();
      while (Date.now() - quietSince < quietSeconds * 1000) {
        if ((await drain()) > 0) quietSince = Date.now();
        else await new Promise((done) => setTimeout(done, 250));
        if ([...expected].every((id) => submitted.has(id))) {
          await new Promise((done) => setTimeout(done, 1000)); // a late duplicate would show now
          await drain();
          return;
        }
      }
    },
    stop() {
      sns.destroy();
      sqs.destroy();
    },
  };
};

interface LevelResult {
  connections: number;
  service: {
    requestsPerSecond: number;
    p99Ms: number;
    medianMs: number;
    acknowledged: number;
    errors: number;
  };
  raw: { transactionsPerSecond: number; p99Ms: number; medianMs: number };
  ratio: number;
  /** Outbox events unpublished at the end of the level (the sparse index), and the bound. */
  outboxBacklog: { count: number; bound: number };
}

/**
 * The transaction an anonymous submission writes, as the handler issues it: recorded from one
 * real submission on the benchmarks' in-process runtime.
 */
export const recordSubmitTransaction = async (
  runtime: Pick<LocalRuntime, 'url'>,
  rec: ReturnType<typeof recorder>,
) => {
  const response = await fetch(`${runtime.url}/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: report(1),
  });
  if (response.status !== 201) throw new Error(`Template submission answered ${response.status}`);
  const transaction = rec.take().calls.find((call) => call.name === 'TransactWriteCommand');
  if (!transaction) throw new Error('The submission wrote no transaction');
  return transaction;
};

/**
 * The recorded transaction under fresh keys in `tableName`; its items are inert to the relay, and
 * their index keys are moved out of the real partitions (the same index writes, but no raw outbox
 * item in the unpublished index, where the sweep would find it and the backlog would count it).
 */
const rawCopy = (template: RecordedCall, tableName: string) => {
  const id = randomUUID();
  const input = replayable(template);
  input.TransactItems = input.TransactItems.map((item: Record<string, any>) =>
    Object.fromEntries(
      Object.entries(item).map(([kind, op]) => [
        kind,
        kind === 'Put'
          ? {
              ...op,
              TableName: tableName,
              Item: {
                ...op.Item,
                ...Object.fromEntries(
                  Object.entries(op.Item)
                    .filter(([name]) => /^GSI\d+PK$/.test(name))
                    .map(([name, value]) => [name, `${value}~raw`]),
                ),
                PK: `${op.Item.PK}~raw${id}`,
                entity: 'BenchRaw',
              },
            }
          : { ...op, TableName: tableName, Key: { ...op.Key, PK: `${op.Key.PK}~raw${id}` } },
      ]),
    ),
  );
  return input;
};

/** Raw TransactWriteItems of the submission's shape, `connections` at a time, for `seconds`. */
const rawTransactions = async (
  template: RecordedCall,
  endpoint: string,
  tableName: string,
  connections: number,
  seconds: number,
) => {
  const db = documentClient(new DynamoDBClient(localClientConfig(endpoint)));
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const input = rawCopy(template, tableName);
        const started = performance.now();
        await db.send(new TransactWriteCommand(input));
        latencies.push(performance.now() - started);
      }
    }),
  );
  db.destroy();
  return latencies;
};

export const benchLoad = async (options: {
  levels: number[];
  durationSeconds: number;
  /** The submission's transaction, from recordSubmitTransaction. */
  template: RecordedCall;
}) => {
  const { template } = options;
  progress('load: starting npm start as a child process');
  const service = await startService();
  const events = await subscribeToEvents(service.snsEndpoint);
  const backlogDb = documentClient(new DynamoDBClient(localClientConfig(service.dynamoDbEndpoint)));
  const outbox = outboxRelayStore(backlogDb, service.tableName);
  /** Idempotency-Key → reportId of every 201. */
  const acknowledged = new Map<string, { reportId: string; receiptCode: string }>();
  let replaysThatForked = 0;
  /** The body sent under each key: a retry repeats it exactly, as a client would. */
  const bodies = new Map<string, string>();
  /** Answers other than 201, by status (a retry racing its original gets 409 while it runs). */
  const statuses: Record<number, number> = {};
  let requestNumber = 0;
  const levels: LevelResult[] = [];
  /** Submissions over HTTP, `connections` at a time, for `seconds`; every 201 is recorded. */
  const submit = async (connections: number, seconds: number) => {
    let errors = 0;
    let acks = 0;
    const keys = Array.from(acknowledged.keys());
    const result = await autocannon({
      url: service.url,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/reports',
          setupRequest: (request: any, context: any) => {
            requestNumber++;
            // Every tenth request retries an earlier key: a client that lost the answer.
            const retry = requestNumber % 10 === 0 && keys.length > 0;
            const key = retry ? (keys[requestNumber % keys.length] as string) : randomUUID();
            const body = retry ? (bodies.get(key) as string) : report(requestNumber);
            bodies.set(key, body);
            context.key = key;
            return {
              ...request,
              headers: { 'content-type': 'application/json', 'idempotency-key': key },
              body,
            };
          },
          onResponse: (status: number, body: string, context: any) => {
            if (status !== 201) {
              errors++;
              statuses[status] = (statuses[status] ?? 0) + 1;
              return;
            }
            acks++;
            const { reportId, receiptCode } = JSON.parse(body);
            const earlier = acknowledged.get(context.key);
            if (earlier && earlier.reportId !== reportId) replaysThatForked++;
            if (!earlier) acknowledged.set(context.key, { reportId, receiptCode });
          },
        },
      ],
    } as any);
    return {
      acks,
      errors: errors + result.errors + result.timeouts,
      p50: result.latency.p50,
      p99: result.latency.p99,
    };
  };
  const raw = (connections: number, seconds: number) =>
    rawTransactions(template, service.dynamoDbEndpoint, service.tableName, connections, seconds);

  try {
    // DynamoDB Local's JVM and the service's Node both get faster as their JIT warms up (raw
    // transactions on a fresh JVM ran at 120/s, a minute later at 155/s). Whatever ran first
    // would be measured colder, so both are warmed before anything is counted.
    progress(`load: warming up, ${warmUpSeconds} s of submissions and of raw transactions (not counted)`);
    await submit(8, warmUpSeconds);
    await raw(8, warmUpSeconds);

    for (const connections of options.levels) {
      // Service and raw alternate as S R R S, so that a drift of the machine's speed during the
      // level weighs on both alike.
      const half = options.durationSeconds / 2;
      progress(
        `load: ${connections} connection(s), service and raw transactions alternating, ${options.durationSeconds} s each`,
      );
      const first = await submit(connections, half);
      const rawLatencies = [...(await raw(connections, half)), ...(await raw(connections, half))];
      const second = await submit(connections, half);
      // What the relay has yet to publish as the level ends: it must keep up with the submissions.
      const backlog = await outbox.unpublishedCount();
      const acks = first.acks + second.acks;
      const requestsPerSecond = round(acks / options.durationSeconds, 1);
      const rawPerSecond = round(rawLatencies.length / options.durationSeconds, 1);
      levels.push({
        connections,
        service: {
          requestsPerSecond,
          p99Ms: Math.max(first.p99, second.p99),
          medianMs: round((first.p50 + second.p50) / 2),
          acknowledged: acks,
          errors: first.errors + second.errors,
        },
        raw: {
          transactionsPerSecond: rawPerSecond,
          p99Ms: round(p99(rawLatencies)),
          medianMs: round(median(rawLatencies)),
        },
        ratio: round(requestsPerSecond / rawPerSecond),
        outboxBacklog: { count: backlog, bound: backlogBound(second.acks / half) },
      });
    }

    progress(`load: waiting for the relay to deliver ${acknowledged.size} ReportSubmitted events`);
    const reportIds = new Set([...acknowledged.values()].map((a) => a.reportId));
    await events.collect(reportIds);
    const missingEvents = [...reportIds].filter((id) => !events.submitted.has(id)).length;
    const duplicateEvents = [...events.submitted.values()].filter((n) => n > 1).length;
    const unknownEvents = [...events.submitted.keys()].filter((id) => !reportIds.has(id)).length;

    progress(`load: looking up all ${acknowledged.size} receipts`);
    let notFound = 0;
    const pending = [...acknowledged.values()];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let next = pending.pop(); next; next = pending.pop()) {
          const response = await fetch(`${service.url}/receipts/lookup`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ receiptCode: next.receiptCode }),
          });
          const found =
            response.status === 200 ? ((await response.json()) as { reportId: string }) : undefined;
          if (found?.reportId !== next.reportId) notFound++;
        }
      }),
    );

    const loss = {
      acknowledged: acknowledged.size,
      lostReceipts: notFound,
      missingEvents,
      duplicateEvents,
      unknownEvents,
      replaysThatForked,
      otherStatuses: statuses,
    };
    printTable(
      `4. Load: reports per second against raw TransactWriteItems (target: ≥ ${throughputRatioTarget}×, zero loss; outbox backlog at the level's end ≤ ${backlogTargetSeconds} s of its reports)`,
      levels.map((l) => ({
        connections: l.connections,
        'reports/s': l.service.requestsPerSecond,
        'p50 ms': l.service.medianMs,
        'p99 ms': l.service.p99Ms,
        errors: l.service.errors,
        'raw tx/s': l.raw.transactionsPerSecond,
        'raw p50': l.raw.medianMs,
        'raw p99': l.raw.p99Ms,
        ratio: l.ratio,
        backlog: `${l.outboxBacklog.count} ≤ ${l.outboxBacklog.bound}`,
        '':
          l.ratio >= throughputRatioTarget &&
          l.service.errors === 0 &&
          l.outboxBacklog.count <= l.outboxBacklog.bound
            ? 'ok'
            : 'MISS',
      })),
    );
    console.log(
      `  ${loss.acknowledged} reports acknowledged: ${loss.lostReceipts} not found by receipt, ${loss.missingEvents} ReportSubmitted missing, ${loss.duplicateEvents} delivered twice, ${loss.replaysThatForked} retries that made a second report; other answers by status: ${JSON.stringify(statuses)}; ${loss.unknownEvents} accepted while autocannon was stopping, their answers dropped (not acknowledged, so not lost)`,
    );
    return {
      target: { ratio: throughputRatioTarget },
      durationSeconds: options.durationSeconds,
      levels,
      loss,
    };
  } finally {
    events.stop();
    backlogDb.destroy();
    await stopService(service.child);
  }
};
