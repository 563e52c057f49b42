/**
 * Lambda's event source mapping, locally: polls the table's DynamoDB Stream on DynamoDB Local and
 * invokes each stream reader with the same event shape. Like the cloud mapping, it hands over only
 * the records that pass the reader's filter (the batch size counts those alone), honours partial
 * batch responses (retrying from the first failed record), gives up after a bounded number of
 * retries, and then hands the records to an on-failure destination (the relay's events are then
 * the outbox sweep's to publish). Like the mapping's filter criteria, a reader's filter
 * (shared/contract/workers.ts) drops the records it does not take before the handler sees them.
 */
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type StreamFilter, takes } from '../../shared/contract/workers.ts';
import { localClientConfig } from './aws-env.ts';

export interface StreamPollerOptions {
  endpoint: string;
  streamArn: string;
  handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse | undefined>;
  /** Time between reads of a shard (default 250: Lambda polls a stream's shards four times a second). */
  intervalMs?: number;
  /** Lambda's MaximumBatchingWindowInSeconds, in milliseconds (default 0: invoke at once). */
  batchingWindowMs?: number;
  maxRetries?: number;
  /** Lambda's BatchSize: records handed over at most, counted after the filter. */
  batchSize?: number;
  /** Lambda's filter criteria: other records are passed over, as the cloud mapping drops them. */
  filter?: StreamFilter;
  onFailure?(records: DynamoDBRecord[], error: string): void;
}

const toLambdaRecord = (record: StreamRecord, streamArn: string): DynamoDBRecord =>
  ({
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'local',
    eventSourceARN: streamArn,
    dynamodb: {
      ...record.dynamodb,
      ApproximateCreationDateTime: Math.floor(
        (record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? 0) / 1000,
      ),
    },
  }) as DynamoDBRecord;

/** Whether the cloud mapping with this filter would hand the record over (no filter: all). */
const passesFilter = (record: StreamRecord, filter: StreamFilter | undefined) =>
  !filter || takes(filter, record as Parameters<typeof takes>[1]);

/** DynamoDB Streams' largest GetRecords page. */
const recordsPerRead = 1000;

interface ShardState {
  iterator: string | undefined;
  retries: number;
}

export const startStreamPoller = (options: StreamPollerOptions) => {
  const client = new DynamoDBStreamsClient(localClientConfig(options.endpoint));
  const { streamArn } = options;
  const shards = new Map<string, ShardState>();
  const maxRetries = options.maxRetries ?? 5;
  const interval = options.intervalMs ?? 250;
  let running = true;
  let delivered = 0;

  const iteratorAt = async (
    shardId: string,
    type: 'TRIM_HORIZON' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER',
    seq?: string,
  ) =>
    (
      await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: type,
          SequenceNumber: seq,
        }),
      )
    ).ShardIterator;

  /**
   * Reads a batch: the records that pass the filter, up to the batch size, as Lambda filters
   * before it batches. With a batching window (Lambda's MaximumBatchingWindowInSeconds), records
   * keep being gathered for up to that long after the first one, or until the batch is full.
   * `read` counts every record read, passed over or not: the poll made progress.
   */
  const gather = async (iterator: string) => {
    const batchSize = options.batchSize ?? 100;
    const records: StreamRecord[] = [];
    let read = 0;
    let next: string | undefined = iterator;
    /** Reads on until the batch is full; returns whether the last page was full (more waits). */
    const readOn = async () => {
      // Never more raw records than the batch has room for: a record past the batch's end must
      // stay unread, for the next batch.
      const limit = Math.min(recordsPerRead, batchSize - records.length);
      const page = await client.send(new GetRecordsCommand({ ShardIterator: next, Limit: limit }));
      const got = page.Records ?? [];
      read += got.length;
      records.push(...got.filter((record) => passesFilter(record, options.filter)));
      next = page.NextShardIterator;
      return got.length === limit;
    };
    // What is already in the stream is taken at once, page after page.
    while ((await readOn()) && records.length < batchSize && next);
    const window = options.batchingWindowMs ?? 0;
    if (records.length > 0 && window > 0) {
      const until = Date.now() + window;
      while (records.length < batchSize && next && Date.now() < until) {
        await new Promise((r) => setTimeout(r, Math.min(interval, Math.max(0, until - Date.now()))));
        while ((await readOn()) && records.length < batchSize && next);
      }
    }
    return { Records: records, NextShardIterator: next, read };
  };

  const pollShard = async (shardId: string, state: ShardState): Promise<number> => {
    if (!state.iterator) return 0;
    const out = await gather(state.iterator);
    const read = out.Records.map((r) => toLambdaRecord(r, streamArn));
    const { filter } = options;
    const records = filter ? read.filter((record) => takes(filter, record)) : read;
    if (records.length === 0) {
      // Lambda does not invoke a function for a batch its filter left empty; the shard moves on.
      state.iterator = out.NextShardIterator;
      return out.read;
    }
    let failedFrom: string | undefined;
    let reason = 'batch item failure';
    try {
      const response = await options.handler({ Records: records });
      failedFrom = response?.batchItemFailures?.[0]?.itemIdentifier;
    } catch (error) {
      failedFrom = records[0]?.dynamodb?.SequenceNumber;
      reason = (error as Error).message;
    }
    if (failedFrom === undefined) {
      state.retries = 0;
      state.iterator = out.NextShardIterator;
      delivered += records.length;
      return out.read;
    }
    const failedIndex = records.findIndex((r) => r.dynamodb?.SequenceNumber === failedFrom);
    delivered += Math.max(0, failedIndex);
    if (++state.retries <= maxRetries) {
      await new Promise((r) => setTimeout(r, 100 * 2 ** state.retries));
      state.iterator = await iteratorAt(shardId, 'AT_SEQUENCE_NUMBER', failedFrom);
      return 0;
    }
    // Out of retries: hand the rest of the batch to the on-failure destination and move on.
    const rest = records.slice(Math.max(0, failedIndex));
    options.onFailure?.(rest, reason);
    state.retries = 0;
    const last = read.at(-1)?.dynamodb?.SequenceNumber;
    state.iterator = last ? await iteratorAt(shardId, 'AFTER_SEQUENCE_NUMBER', last) : out.NextShardIterator;
    return out.read;
  };

  const discoverShards = async () => {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      shards.set(shard.ShardId, { iterator: await iteratorAt(shard.ShardId, 'TRIM_HORIZON'), retries: 0 });
    }
  };

  // A waiter needs two idle polls: the first may have started before the write it waits for.
  let idleWaiters: { polls: number; wake: () => void }[] = [];
  // A waiter also cuts the idle pause short, so that tests waiting for the readers do not pay
  // for the cloud's polling rate.
  let endPause: (() => void) | undefined;
  const pause = (ms = interval) =>
    new Promise<void>((done) => {
      const timer = setTimeout(done, ms);
      endPause = () => {
        clearTimeout(timer);
        done();
      };
    });
  // Lambda's event source mapping does not describe the stream before every read: new shards are
  // looked for at most once a second, and whenever someone waits for the readers to settle.
  let lastDiscovery = 0;
  // While the stream cannot be read (DynamoDB Local stalled or gone), polls back off to one every
  // 10 s and the log gets the 1st, 2nd, 4th, 8th… failure, not four lines a second.
  let failures = 0;
  const loop = (async () => {
    while (running) {
      let seen = 0;
      try {
        if (idleWaiters.length > 0 || Date.now() - lastDiscovery > 1000) {
          lastDiscovery = Date.now();
          await discoverShards();
        }
        for (const [shardId, state] of shards) seen += await pollShard(shardId, state);
        if (failures > 0) console.error(`[stream] reading again after ${failures} failed poll(s)`);
        failures = 0;
      } catch (error) {
        failures++;
        if (running && (failures & (failures - 1)) === 0)
          console.error(`[stream] poll failed (${failures} in a row):`, (error as Error).message);
        if (running) await pause(Math.min(interval * 2 ** failures, 10_000));
      }
      if (seen === 0) {
        for (const waiter of idleWaiters) if (--waiter.polls === 0) waiter.wake();
        idleWaiters = idleWaiters.filter((waiter) => waiter.polls > 0);
        if (idleWaiters.length === 0 && running) await pause();
      }
    }
  })();

  return {
    /** Records handed to the handler successfully so far. */
    get delivered() {
      return delivered;
    },
    /** Resolves after the next poll that found nothing new: everything written before is relayed. */
    settled: () =>
      new Promise<void>((wake) => {
        idleWaiters.push({ polls: 2, wake });
        endPause?.();
      }),
    async stop() {
      running = false;
      endPause?.();
      await loop;
      for (const waiter of idleWaiters) waiter.wake();
      client.destroy();
    },
  };
};

export type StreamPoller = ReturnType<typeof startStreamPoller>;
