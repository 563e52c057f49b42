/**
 * The statistics counters items, updated by the relay with ADD and read whole. Each commission
 * has two: its own cases' counters (`STATS#<commissionId>` / `OWN`) and the sum of its
 * subordinates' (`STATS#<commissionId>` / `BELOW`, kept for cities and provinces). The single
 * commission keeps the item it had before there were commissions (`STATS` / `GLOBAL`), so what
 * was counted there stays counted, as `inCommission` keeps its index partitions.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import {
  type Commission,
  type CommissionLevel,
  effectiveSettings,
  singleCommissionId,
} from '../domain/commission.ts';
import { notFound } from '../domain/errors.ts';
import type { Counters } from '../domain/stats.ts';
import { type CountersPart, type CountersTarget, mayReadStatsOf } from '../domain/stats-scope.ts';
import { allCommissions } from './commissions.ts';
import { entityFields, type TableKey } from './entity.ts';
import { entityKeys } from './keys.ts';

/** The key of one of a commission's counters items. */
export const statsKey = (commissionId: string, part: CountersPart): TableKey =>
  commissionId === singleCommissionId
    ? part === 'OWN'
      ? entityKeys.stats()
      : { PK: 'STATS', SK: 'BELOW' }
    : { PK: `STATS#${commissionId}`, SK: part };

/** A transaction item adding `delta` to one counters item; undefined when there is nothing to add. */
export const statsUpdate = (tableName: string, delta: Counters, key: TableKey = entityKeys.stats()) => {
  const entries = Object.entries(delta).filter(([, by]) => by !== 0);
  if (entries.length === 0) return undefined;
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')} SET entity = :entity`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])),
      ExpressionAttributeValues: {
        ...Object.fromEntries(entries.map(([, by], i) => [`:c${i}`, by])),
        ':entity': 'Stats',
      },
    },
  };
};

/** The figures of each target, read together (one BatchGetItem per 100; a missing item counts nothing). */
export const readCountersOf = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  targets: readonly CountersTarget[],
): Promise<Counters[]> => {
  const keyOf = (t: CountersTarget) => statsKey(t.commissionId, t.part);
  const id = (key: TableKey) => `${key.PK}|${key.SK}`;
  const found = new Map<string, Counters>();
  const unique = [...new Map(targets.map((t) => [id(keyOf(t)), keyOf(t)])).values()];
  for (let at = 0; at < unique.length; at += 100) {
    let keys: Record<string, unknown>[] | undefined = unique.slice(at, at + 100).map((key) => ({ ...key }));
    while (keys?.length) {
      const out: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }),
      );
      for (const item of out.Responses?.[tableName] ?? [])
        found.set(id(item as TableKey), entityFields(item) as Counters);
      keys = out.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return targets.map((t) => found.get(id(keyOf(t))) ?? {});
};

/** The single commission's own counters (the deployment's figures before there were commissions). */
export const readCounters = async (db: DynamoDBDocumentClient, tableName: string): Promise<Counters> =>
  (await readCountersOf(db, tableName, [{ commissionId: singleCommissionId, part: 'OWN' }]))[0] ?? {};

/** Which commission figures are of, as the responses name it. */
export interface StatsCommission {
  commissionId: string;
  name: string;
  level?: CommissionLevel | undefined;
}

/**
 * Whose statistics a request may read, from the registry (through the container's cache). A
 * commission the member may not read answers exactly as an unknown one: 404.
 */
export const statsScope = (services: { db: DynamoDBDocumentClient; config: Config }) => {
  const describe = (commissionId: string, commission: Commission | undefined): StatsCommission => ({
    commissionId,
    name: effectiveSettings(commissionId, commission, services.config).name,
    ...(commission ? { level: commission.level } : {}),
  });

  return {
    describe,

    /** The commission `target` for a member of `viewer`: its own, or one below it; else 404. */
    async readableBy(viewer: string, target: string) {
      const all = await allCommissions(services);
      const byId = new Map(all.map((c) => [c.commissionId, c]));
      if (!mayReadStatsOf(viewer, target, byId)) throw notFound();
      return { commission: describe(target, byId.get(target)), all };
    },

    /** A commission the public names (404 when unknown), or the whole deployment (none named). */
    async publicly(target: string | undefined) {
      const all = await allCommissions(services);
      if (target === undefined) return { commission: undefined, all };
      const commission = all.find((c) => c.commissionId === target);
      // The single commission of a deployment with no registry is still known by its id.
      if (!commission && !(target === singleCommissionId && all.length === 0)) throw notFound();
      return { commission: describe(target, commission), all };
    },
  };
};
