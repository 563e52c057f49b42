/**
 * Part 3, capacity per use case. Each operation of a round runs with ReturnConsumedCapacity on
 * every DynamoDB call it makes; the units are summed per operation, at about 1,000 items and
 * again at about 100,000 items. Equal units at both sizes show that no operation reads in
 * proportion to the table.
 *
 * The table grows with BatchWriteItem copies of the items the rounds created, each under a new
 * partition key but with its index keys unchanged: every list and deadline index partition grows
 * with the table, which is where a proportional read would show.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { documentClient } from '../../shared/services.ts';
import { type recorder, type Units, unitsOf } from '../lib/recorder.ts';
import { type Measure, operations, runRound } from '../lib/scenario.ts';
import { printTable, progress, round } from '../lib/stats.ts';

/** On-demand prices, us-east-1, per million request units (2024-11 price cut). */
export const onDemandUsdPerMillion = { read: 0.125, write: 0.625 };

/** Items that are the service's plumbing, not data a table grows with. */
const notCopied = /^(OUTBOX#|STATS$|NOTICES$|LOOKUPS#|PROCESSED#)/;

const allItems = async (db: DynamoDBDocumentClient, tableName: string) => {
  const items: Record<string, any>[] = [];
  let ExclusiveStartKey: Record<string, any> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
};

const itemCount = async (client: DynamoDBClient, tableName: string) =>
  (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.ItemCount ?? 0;

/** Grows the table to `target` items with copies of its own data items, 25 per BatchWriteItem. */
const growTo = async (
  db: DynamoDBDocumentClient,
  client: DynamoDBClient,
  tableName: string,
  target: number,
) => {
  const templates = (await allItems(db, tableName)).filter((item) => !notCopied.test(item.PK));
  let count = await itemCount(client, tableName);
  let copy = 0;
  const started = Date.now();
  while (count < target) {
    const batches: Record<string, any>[][] = [];
    for (let b = 0; b < 8 && count < target; b++) {
      const batch: Record<string, any>[] = [];
      for (let i = 0; i < 25 && count < target; i++, count++, copy++) {
        const template = templates[copy % templates.length] as Record<string, any>;
        batch.push({ ...template, PK: `${template.PK}~copy${copy}` });
      }
      batches.push(batch);
    }
    await Promise.all(
      batches.map(async (batch) => {
        let unprocessed: any = {
          [tableName]: batch.map((Item) => ({ PutRequest: { Item } })),
        };
        while (unprocessed && Object.keys(unprocessed).length > 0) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: unprocessed }));
          unprocessed = out.UnprocessedItems;
        }
      }),
    );
    if (copy % 10_000 < 200)
      progress(`seeding: ${count} items (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  return itemCount(client, tableName);
};

export interface CapacityRow {
  operation: string;
  /** The request's own units at the small and the large table size. */
  small: Units;
  large?: Units;
  /** The stream readers' units for what the request wrote (relay, accuser records). */
  streamSmall: Units;
  streamLarge?: Units;
  same: boolean;
}

export const benchCapacity = async (
  runtime: LocalRuntime,
  rec: ReturnType<typeof recorder>,
  options: { small?: number; large?: number | undefined; rounds?: number },
) => {
  const client = new DynamoDBClient(localClientConfig(runtime.dynamoDbEndpoint));
  const db = documentClient(client);
  const rounds = options.rounds ?? 3;
  rec.capacity = true;

  /**
   * Units per operation over `rounds` rounds: the request's own, and what the stream readers (the
   * outbox relay, the accuser records) then spent on what it wrote, until they settle.
   */
  const measureAt = async (firstRound: number) => {
    const perOperation = new Map<string, { request: Units[]; stream: Units[] }>();
    const measure: Measure = async (operation, call) => {
      await runtime.settled();
      rec.takeWorkers(); // what the unmeasured set-up steps set off is not this operation's
      const response = await call();
      const request = unitsOf(rec.take().calls);
      await runtime.settled();
      const stream = unitsOf(rec.takeWorkers().flatMap((invocation) => invocation.calls));
      const entry = perOperation.get(operation) ?? { request: [], stream: [] };
      entry.request.push(request);
      entry.stream.push(stream);
      perOperation.set(operation, entry);
      return response;
    };
    for (let i = 0; i < rounds; i++) await runRound(runtime, firstRound + i, measure);
    return perOperation;
  };

  // Some real data first, so the copies look like what the service stores.
  const warm = async (measure: Measure) => {
    for (let i = 0; i < 5; i++) await runRound(runtime, 3_000 + i, measure);
  };
  await warm(async (_operation, call) => {
    const response = await call();
    rec.take();
    return response;
  });
  await runtime.settled();
  const smallTarget = options.small ?? 1_000;
  const smallItems = await growTo(db, client, runtime.tableName, smallTarget);
  await runtime.settled();
  progress(`capacity: measuring at ${smallItems} items`);
  const small = await measureAt(4_000);

  let largeItems: number | undefined;
  let large: Awaited<ReturnType<typeof measureAt>> | undefined;
  if (options.large) {
    largeItems = await growTo(db, client, runtime.tableName, options.large);
    progress(`capacity: letting the stream readers catch up with ${largeItems} items`);
    await runtime.settled();
    progress(`capacity: measuring at ${largeItems} items`);
    large = await measureAt(5_000);
  }
  rec.capacity = false;
  db.destroy();

  /** The units of an operation when every round agreed; the highest otherwise (and flagged). */
  const settle = (samples: Units[] = []) => {
    const max = samples.reduce(
      (m, u) => ({ read: Math.max(m.read, u.read), write: Math.max(m.write, u.write) }),
      {
        read: 0,
        write: 0,
      },
    );
    const steady = samples.every((u) => u.read === max.read && u.write === max.write);
    return { units: max, steady };
  };
  const equal = (a: Units, b: Units) => a.read === b.read && a.write === b.write;
  const usd = (...units: Units[]) =>
    round(
      units.reduce(
        (sum, u) => sum + u.read * onDemandUsdPerMillion.read + u.write * onDemandUsdPerMillion.write,
        0,
      ),
      3,
    );
  const rows: (CapacityRow & { steady: boolean; usdPerMillion: number; usdPerMillionWithStream: number })[] =
    operations.map((operation) => {
      const s = settle(small.get(operation)?.request);
      const ss = settle(small.get(operation)?.stream);
      const l = large ? settle(large.get(operation)?.request) : undefined;
      const ls = large ? settle(large.get(operation)?.stream) : undefined;
      const same = !l || !ls || (equal(l.units, s.units) && equal(ls.units, ss.units));
      const billed = l?.units ?? s.units;
      const billedStream = ls?.units ?? ss.units;
      return {
        operation,
        small: s.units,
        ...(l ? { large: l.units } : {}),
        streamSmall: ss.units,
        ...(ls ? { streamLarge: ls.units } : {}),
        same,
        steady: s.steady && ss.steady && (l?.steady ?? true) && (ls?.steady ?? true),
        usdPerMillion: usd(billed),
        usdPerMillionWithStream: usd(billed, billedStream),
      };
    });
  printTable(
    `3. Capacity per operation (read/write units; target: the same at ${smallItems} and ${largeItems ?? '—'} items)`,
    rows.map((r) => ({
      operation: r.operation,
      [`RRU @${smallItems}`]: round(r.small.read, 1),
      [`WRU @${smallItems}`]: round(r.small.write, 1),
      ...(largeItems
        ? {
            [`RRU @${largeItems}`]: round(r.large?.read ?? 0, 1),
            [`WRU @${largeItems}`]: round(r.large?.write ?? 0, 1),
          }
        : {}),
      'stream RRU': round(r.streamSmall.read, 1),
      'stream WRU': round(r.streamSmall.write, 1),
      'USD / million': r.usdPerMillion,
      'with stream': r.usdPerMillionWithStream,
      '': r.same ? (r.steady ? 'ok' : 'ok (varies by round)') : 'MISS',
    })),
  );
  console.log(
    `  (units as DynamoDB Local reports them with ReturnConsumedCapacity TOTAL, indexes and transactions included; prices: on-demand, USD ${onDemandUsdPerMillion.read} per million reads, ${onDemandUsdPerMillion.write} per million writes;`,
  );
  console.log(
    "   stream: the outbox relay's and the accuser-records reader's units for what the request wrote, one request per batch; in the cloud the relay's one-second window batches several)",
  );
  return {
    items: { small: smallItems, ...(largeItems ? { large: largeItems } : {}) },
    prices: onDemandUsdPerMillion,
    rows,
  };
};
