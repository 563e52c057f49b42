/**
 * The read watch's counter (shared/domain/read-audit.ts): one item per member, holding when each
 * case file was last opened (`f:<subjectId>` = epoch seconds) and when the last alert went out. Kept
 * by the read-watch worker from the stream of read records, never on the request path, so an audited
 * read stays at one write. Idle items leave by TTL once their window has passed.
 *
 * | entity    | PK                                       | SK    |
 * |-----------|------------------------------------------|-------|
 * | ReadWatch | READ_WATCH#<commissionId>#<userId>       | WATCH |
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { ReadRecord, ReadWatch, WatchDecision } from '../domain/read-audit.ts';
import { defineEntity, transact } from './entity.ts';
import { outboxPut } from './outbox.ts';

const filePrefix = 'f:';

/** Written only by the update expressions below, which set each field. */
export const readWatchEntity = defineEntity({
  name: 'ReadWatch',
  key: (commissionId: string, userId: string) => ({
    PK: `READ_WATCH#${commissionId}#${userId}`,
    SK: 'WATCH',
  }),
  keyOf: (watch: { commissionId: string; userId: string }): [string, string] => [
    watch.commissionId,
    watch.userId,
  ],
});

const watchOf = (item: Record<string, unknown> | undefined): ReadWatch => ({
  opened: Object.fromEntries(
    Object.entries(item ?? {})
      .filter(([name]) => name.startsWith(filePrefix))
      .map(([name, at]) => [name.slice(filePrefix.length), Number(at)]),
  ),
  alertedAt: item?.alertedAt === undefined ? undefined : Number(item.alertedAt),
});

/** `#s0, #s1, …` for the files that left the window, to forget them in the same update. */
const staleNames = (stale: readonly string[]) =>
  Object.fromEntries(stale.map((id, i) => [`#s${i}`, `${filePrefix}${id}`]));

export const readWatchStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => ({
  /**
   * Notes that `read`'s member opened its file at `at` (epoch seconds), forgetting the files the
   * last look found stale, and answers the watch as it now stands (one UpdateItem).
   */
  async note(read: ReadRecord, at: number, forget: readonly string[]): Promise<ReadWatch> {
    const names = staleNames(forget.filter((id) => id !== read.subjectId).slice(0, 50));
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: config.TABLE_NAME,
        Key: readWatchEntity.key(read.commissionId, read.userId),
        UpdateExpression: `SET #file = :at, entity = :entity, #ttl = :ttl${
          Object.keys(names).length ? ` REMOVE ${Object.keys(names).join(', ')}` : ''
        }`,
        ExpressionAttributeNames: { '#file': `${filePrefix}${read.subjectId}`, '#ttl': 'ttl', ...names },
        ExpressionAttributeValues: {
          ':at': at,
          ':entity': readWatchEntity.name,
          ':ttl': at + 2 * config.READ_WATCH_WINDOW_SECONDS,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return watchOf(Attributes);
  },

  /**
   * Marks the alert and writes its event in one transaction, conditioned on no alert within the
   * window: of two workers deciding at once, one alerts. Answers whether this one did.
   */
  async alert(
    read: ReadRecord,
    decision: Extract<WatchDecision, { alert: true }>,
    at: number,
    event: DomainEvent,
  ): Promise<boolean> {
    const failed = await transact(db, {
      watch: {
        Update: {
          TableName: config.TABLE_NAME,
          Key: readWatchEntity.key(read.commissionId, read.userId),
          UpdateExpression: 'SET alertedAt = :at',
          ConditionExpression: 'attribute_not_exists(alertedAt) OR alertedAt <= :windowStart',
          ExpressionAttributeValues: { ':at': at, ':windowStart': decision.windowStart },
        },
      },
      outbox: outboxPut(config.TABLE_NAME, event),
    });
    return failed === undefined;
  },
});
