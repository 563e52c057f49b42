/**
 * The workers of shared/contract/workers.ts, locally: a stream poller per stream reader (Lambda's
 * event source mapping, with the reader's batching, retries and filter) and a timer per scheduled
 * worker (EventBridge's rule). Each reader polls the same stream, as each has its own mapping in
 * the cloud.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  type ObjectCreatedTrigger,
  type ScheduleTrigger,
  type StreamTrigger,
  type WorkerName,
  workerEntries,
} from '../../shared/contract/workers.ts';
import { startObjectCreatedPoller } from './evidence.ts';
import { type AroundHandler, repoRoot } from './gateway.ts';
import { type StreamPoller, startStreamPoller } from './stream-poller.ts';

type WorkerHandler = (event?: DynamoDBStreamEvent | SQSEvent) => Promise<unknown>;

export interface LocalWorkerOptions {
  dynamoDbEndpoint: string;
  streamArn: string;
  /** The emulator serving the evidence bucket, and the queue its object-created events go to. */
  emulatorEndpoint: string;
  evidenceQueueUrl: string;
  /** How often the overdue sweep runs (default 60 s, so that `npm start` shows alerts soon). */
  sweepIntervalSeconds?: number;
  /** How often the outbox sweep runs (default: the cloud's minute). */
  outboxSweepIntervalSeconds?: number;
  streamBatchingWindowMs?: number;
  streamMaxRetries?: number;
  aroundWorker?: AroundHandler;
}

export const startWorkers = async (options: LocalWorkerOptions) => {
  const deadLetters: unknown[] = [];
  const pollers: StreamPoller[] = [];
  const objectPollers: { settled(): Promise<void> }[] = [];
  const runs = new Map<WorkerName, () => Promise<unknown>>();
  const stops: (() => Promise<void>)[] = [];
  const everySeconds: Partial<Record<WorkerName, number>> = {
    overdueSweep: options.sweepIntervalSeconds ?? 60,
    ...(options.outboxSweepIntervalSeconds ? { outboxSweep: options.outboxSweepIntervalSeconds } : {}),
  };

  const poll = (name: WorkerName, handler: WorkerHandler, trigger: StreamTrigger) => {
    const { aroundWorker } = options;
    const poller = startStreamPoller({
      endpoint: options.dynamoDbEndpoint,
      streamArn: options.streamArn,
      handler: (event) =>
        (aroundWorker
          ? aroundWorker(name, () => handler(event))
          : handler(event)) as Promise<DynamoDBBatchResponse>,
      batchSize: trigger.batchSize,
      filter: trigger.filter,
      batchingWindowMs: options.streamBatchingWindowMs ?? trigger.batchingWindowMs,
      maxRetries: options.streamMaxRetries ?? trigger.maxRetries,
      onFailure: (records, error) => {
        // The relay's events that end here are the outbox sweep's to publish.
        console.error(
          `[stream] ${name}: ${records.length} record(s) to the on-failure destination: ${error}`,
        );
        deadLetters.push(...records);
      },
    });
    pollers.push(poller);
    stops.push(poller.stop);
  };

  /** A timer, and a run on demand (tests); one run at a time, as the cloud's rate and concurrency ensure. */
  const schedule = (name: WorkerName, handler: WorkerHandler, trigger: ScheduleTrigger) => {
    let running: Promise<unknown> | undefined;
    const run = () => {
      running ??= handler().finally(() => {
        running = undefined;
      });
      return running;
    };
    const timer = setInterval(
      () => {
        run().catch((error: unknown) => console.error(`[${name}] failed:`, (error as Error).message));
      },
      (everySeconds[name] ?? trigger.everyMinutes * 60) * 1000,
    );
    stops.push(async () => {
      clearInterval(timer);
      await running?.catch(() => undefined);
    });
    runs.set(name, run);
  };

  /** Lambda's SQS event source mapping on the queue of the evidence bucket's events. */
  const watch = (name: WorkerName, handler: WorkerHandler, trigger: ObjectCreatedTrigger) => {
    const { aroundWorker } = options;
    const poller = startObjectCreatedPoller({
      endpoint: options.emulatorEndpoint,
      queueUrl: options.evidenceQueueUrl,
      handler: (event) =>
        (aroundWorker
          ? aroundWorker(name, () => handler(event))
          : handler(event)) as Promise<SQSBatchResponse>,
      batchSize: trigger.batchSize,
      maxRetries: trigger.maxRetries,
      onFailure: (body) => {
        console.error(`[s3-events] ${name}: an event to the dead-letter queue`);
        deadLetters.push(body);
      },
    });
    objectPollers.push(poller);
    stops.push(poller.stop);
  };

  for (const [name, worker] of workerEntries) {
    const { handler } = (await import(pathToFileURL(resolve(repoRoot, worker.entry)).href)) as {
      handler: WorkerHandler;
    };
    if (worker.trigger.kind === 'stream') poll(name, handler, worker.trigger);
    else if (worker.trigger.kind === 'objectCreated') watch(name, handler, worker.trigger);
    else schedule(name, handler, worker.trigger);
  }

  return {
    deadLetters,
    /** Every stream reader has caught up with everything written before the call. */
    settled: () => Promise.all(pollers.map((poller) => poller.settled())).then(() => undefined),
    /** The evidence check has taken every object-created event sent before the call. */
    uploadsSettled: () => Promise.all(objectPollers.map((poller) => poller.settled())).then(() => undefined),
    /** Runs a scheduled worker now (or waits for the run under way). */
    run: (name: WorkerName) => {
      const run = runs.get(name);
      if (!run) throw new Error(`${name} is not a scheduled worker`);
      return run();
    },
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
};
