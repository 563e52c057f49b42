/**
 * The relay's side of the outbox: whether an event was already published, marking it so, and the
 * events still unpublished (for the outbox sweep). A redelivered stream batch (Lambda retries from
 * the first failed record) skips what went out before, and the sweep rereads each event before it
 * publishes, which keeps duplicates down to a crash between the publish and the mark, or the sweep
 * and a late stream retry publishing the same event at once; the guarded mark counts it once.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { singleCommissionId } from '../domain/commission.ts';
import type { Counters } from '../domain/stats.ts';
import { addCounters, countersTargets } from '../domain/stats-scope.ts';
import { type TransactItem, transact } from './entity.ts';
import { entityKeys, epochSeconds, indexKeys } from './keys.ts';
import type { OutboxItem } from './outbox.ts';
import { statsKey, statsUpdate } from './stats.ts';

/** An event the relay has sent, waiting to be marked. */
export interface PublishedEvent {
  eventId: string;
  messageId: string | undefined;
  stats: Counters;
  /** Whose statistics it adds to; events written before commissions count for the single one. */
  commissionId?: string | undefined;
}

/** The commissions above one (nearest first), from the registry; none for the single commission. */
export type AncestorsLookup = (commissionId: string) => Promise<string[]>;

/** A transaction holds at most 100 items: the marks plus the counters items they add to. */
const transactionLimit = 100;

/** Mark transactions at once; more would mostly wait for one another on the counters item. */
const markLanes = 4;
/** Tries of a mark that lost a conflict on the counters item (the lanes, or another shard's relay). */
const markTries = 8;

const chunksOf = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** How long a published event is kept (OUTBOX_TTL_SECONDS): a week, to answer "was it sent?". */
const defaultKeepPublishedSeconds = 7 * 24 * 3600;

export const outboxRelayStore = (
  db: DynamoDBDocumentClient,
  tableName: string,
  keepPublishedSeconds = defaultKeepPublishedSeconds,
  ancestorsOf: AncestorsLookup = async () => [],
) => {
  /**
   * The mark: guarded so that an event is marked, and its statistics counted, once. Only now does
   * the event get its expiry: an unpublished one is kept for as long as SNS stays down.
   */
  const markItem = (eventId: string, messageId: string | undefined, at: Date) => ({
    Update: {
      TableName: tableName,
      Key: entityKeys.outbox(eventId),
      // Out of the sparse index of unpublished events: the sweep no longer sees it.
      UpdateExpression: 'SET publishedAt = :at, messageId = :id, #ttl = :ttl REMOVE GSI5PK, GSI5SK',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(publishedAt)',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':at': at.toISOString(),
        ':id': messageId ?? 'unknown',
        ':ttl': epochSeconds(at) + keepPublishedSeconds,
      },
    },
  });

  /**
   * Outbox items by event id, read consistently: one BatchGetItem per 100, not a read per event,
   * and the calls side by side (under load every call waits its turn at the table; one wait
   * for the lot, not one per hundred).
   */
  const getAll = async (eventIds: string[], projection?: string): Promise<Record<string, unknown>[]> => {
    const pages = await Promise.all(
      chunksOf(eventIds, 100).map(async (chunk) => {
        const items: Record<string, unknown>[] = [];
        let keys: Record<string, unknown>[] | undefined = chunk.map((eventId) => entityKeys.outbox(eventId));
        while (keys?.length) {
          const out: BatchGetCommandOutput = await db.send(
            new BatchGetCommand({
              RequestItems: {
                [tableName]: {
                  Keys: keys,
                  ...(projection ? { ProjectionExpression: projection } : {}),
                  ConsistentRead: true,
                },
              },
            }),
          );
          items.push(...(out.Responses?.[tableName] ?? []));
          keys = out.UnprocessedKeys?.[tableName]?.Keys;
        }
        return items;
      }),
    );
    return pages.flat();
  };

  const unpublished = indexKeys.unpublishedOutbox;

  /** The counters items an event adds to, by key: its commission's own and each superior's "below". */
  const targetsOf = async ({ stats, commissionId = singleCommissionId }: PublishedEvent) =>
    Object.values(stats).some((by) => by !== 0)
      ? countersTargets(commissionId, await ancestorsOf(commissionId)).map((t) =>
          statsKey(t.commissionId, t.part),
        )
      : [];

  /**
   * A set of events' counters: each counters item they add to, with their sum (stats-scope.ts).
   * Events of one commission share its items, so a batch from one county is three or four items.
   */
  const countersOf = async (events: readonly PublishedEvent[]): Promise<TransactItem[]> => {
    const sums = new Map<string, { key: ReturnType<typeof statsKey>; delta: Counters }>();
    for (const event of events)
      for (const key of await targetsOf(event)) {
        const id = `${key.PK}|${key.SK}`;
        sums.set(id, { key, delta: addCounters(sums.get(id)?.delta ?? {}, event.stats) });
      }
    return [...sums.values()].flatMap(({ key, delta }) => statsUpdate(tableName, delta, key) ?? []);
  };

  /**
   * Chunks of events whose marks and counters fit one transaction: 99 events of one commission
   * with no superior, fewer when they count for several commissions or up a hierarchy.
   */
  const chunksFor = async (events: readonly PublishedEvent[]) => {
    const chunks: PublishedEvent[][] = [];
    let chunk: PublishedEvent[] = [];
    let keys = new Set<string>();
    for (const event of events) {
      const ids = (await targetsOf(event)).map((key) => `${key.PK}|${key.SK}`);
      const more = ids.filter((id) => !keys.has(id));
      if (chunk.length && chunk.length + 1 + keys.size + more.length > transactionLimit) {
        chunks.push(chunk);
        chunk = [];
        keys = new Set();
      }
      chunk.push(event);
      for (const id of ids) keys.add(id);
    }
    if (chunk.length) chunks.push(chunk);
    return Promise.all(chunks.map(async (events) => ({ events, counters: await countersOf(events) })));
  };

  return {
    /** Which of a batch's events went out before (a redelivered batch). */
    async publishedAmong(eventIds: string[]): Promise<Set<string>> {
      const items = await getAll(eventIds, 'eventId, publishedAt');
      return new Set(
        items.filter((item) => item.publishedAt !== undefined).map((item) => item.eventId as string),
      );
    },

    /**
     * A page of the events still unpublished that occurred before `before`, oldest first, from the
     * sparse index (never a scan). The index is read eventually consistently, so each item is then
     * read afresh and those marked published meanwhile are left out.
     */
    async unpublishedBefore(
      before: Date,
      limit: number,
      after?: Record<string, unknown>,
    ): Promise<{ items: OutboxItem[]; next: Record<string, unknown> | undefined }> {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: unpublished.index,
          KeyConditionExpression: 'GSI5PK = :pk AND GSI5SK < :before',
          ExpressionAttributeValues: { ':pk': unpublished.partition, ':before': before.toISOString() },
          Limit: limit,
          ...(after ? { ExclusiveStartKey: after } : {}),
        }),
      );
      const eventIds = (page.Items ?? []).map((key) => (key.PK as string).slice('OUTBOX#'.length));
      const items = (await getAll(eventIds)) as unknown as OutboxItem[];
      return {
        items: items
          .filter((item) => item.entity === 'OutboxEvent' && item.publishedAt === undefined)
          .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt)),
        next: page.LastEvaluatedKey,
      };
    },

    /** How many events wait to be published (the relay's backlog), counted on the sparse index. */
    async unpublishedCount(): Promise<number> {
      let count = 0;
      let after: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: unpublished.index,
            KeyConditionExpression: 'GSI5PK = :pk',
            ExpressionAttributeValues: { ':pk': unpublished.partition },
            Select: 'COUNT',
            ...(after ? { ExclusiveStartKey: after } : {}),
          }),
        );
        count += page.Count ?? 0;
        after = page.LastEvaluatedKey;
      } while (after);
      return count;
    },

    /**
     * Marks the event published and adds its statistics, in one transaction guarded by the mark:
     * a redelivered event is counted once.
     */
    async markPublished(
      eventId: string,
      messageId: string | undefined,
      at: Date,
      stats: Counters,
      commissionId?: string,
    ): Promise<void> {
      // A failed mark is an event marked by an earlier delivery, or expired by TTL: nothing to do.
      await transact(
        db,
        {
          mark: markItem(eventId, messageId, at),
          counters: await countersOf([{ eventId, messageId, stats, commissionId }]),
        },
        markTries,
      );
    },

    /**
     * Marks a batch of published events in one transaction per chunk (up to 99 marks, and the
     * counters items they add to, together: 100 items at most), rather than a transaction per event, up to `markLanes` transactions
     * side by side: under load each waits its turn at the table, and a large batch would
     * otherwise wait once per 99. Each carries its own events' statistics, so whichever commits
     * counts exactly its own; the lanes meet on the counters item, and a conflict there is retried.
     * If one of a transaction's events was marked before (a redelivery racing an earlier delivery,
     * or the sweep), it is cancelled as a whole and each of its events is marked on its own,
     * guarded as above, so nothing is counted twice.
     */
    async markAllPublished(published: PublishedEvent[], at: Date): Promise<void> {
      const pending = await chunksFor(published);
      const lane = async () => {
        for (let chunk = pending.shift(); chunk; chunk = pending.shift()) {
          const marks = chunk.events.map(({ eventId, messageId }) => markItem(eventId, messageId, at));
          const failed = await transact(db, { marks, counters: chunk.counters }, markTries);
          if (failed)
            for (const event of chunk.events)
              await this.markPublished(event.eventId, event.messageId, at, event.stats, event.commissionId);
        }
      };
      await Promise.all(Array.from({ length: Math.min(markLanes, pending.length) }, lane));
    },
  };
};
