/**
 * Rate limiting of receipt lookups (受理码查询限流), shared by every Lambda instance because the
 * counter lives in the table: one item per client holding a sliding window in two fixed windows
 * (shared/domain/sliding-window.ts), removed by TTL once idle. A lookup first reserves an attempt
 * and a hit gives it back, so only misses count.
 *
 * Every change is a conditional update on the window the item holds, and the decision is taken on
 * the count the update itself returns, never on a stale read: parallel guesses each get a distinct
 * count, those beyond the room give theirs back, and rolling into a new window succeeds for one
 * writer while the others count again. A burst therefore gets exactly the room there is.
 */
import { createHmac } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Config } from '../config.ts';
import { roomIn, type SlidingWindow, secondsUntilRoom, windowOf } from '../domain/sliding-window.ts';
import { defineEntity, type TableKey } from './entity.ts';

export type Reservation =
  | { allowed: true; release(): Promise<void> }
  | { allowed: false; retryAfter: number };

/** The counter item: the window it counts (`win`, epoch seconds), its misses and the window before's. */
interface Counter {
  win: number;
  cur: number;
  prev: number;
}

/**
 * One counter per client (by a keyed hash of its address). It is written only by the update
 * expressions below, which set each field, so the declaration gives its key and its tag.
 */
export const lookupCounterEntity = defineEntity({
  name: 'LookupCounter',
  key: (clientHash: string) => ({ PK: `LOOKUPS#${clientHash}`, SK: 'COUNTER' }),
  keyOf: (counter: Counter & { clientHash: string }): [string] => [counter.clientHash],
});

/** The counter in an item as an update returned it (numbers), or undefined if it holds no window. */
const counterOf = (item: Record<string, unknown> | undefined): Counter | undefined =>
  item?.win === undefined
    ? undefined
    : { win: Number(item.win), cur: Number(item.cur ?? 0), prev: Number(item.prev ?? 0) };

/** The item a failed condition saw (ReturnValuesOnConditionCheckFailure: ALL_OLD), or undefined. */
const itemOfConditionFailure = (error: unknown): { seen: Counter | undefined } | undefined => {
  const e = error as { name?: string; Item?: Parameters<typeof unmarshall>[0] } | undefined;
  if (e?.name !== 'ConditionalCheckFailedException') return undefined;
  // The document client does not unmarshall the item inside an exception.
  return { seen: counterOf(e.Item ? unmarshall(e.Item) : undefined) };
};

/** Rounds of counting before giving up: each lost round means another writer rolled the window. */
const maxRounds = 8;

export const lookupLimiter = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const window: SlidingWindow = {
    limit: config.LOOKUP_MISS_LIMIT,
    windowSeconds: config.LOOKUP_WINDOW_SECONDS,
  };
  const W = config.LOOKUP_WINDOW_SECONDS;

  /**
   * Counts one attempt in window `start`: one more in the window the item holds, or, when the
   * item holds an older window (or none), a roll into `start` conditioned on what was seen, so one
   * writer rolls and the others count again. Answers the counter as it now stands, or what the
   * failed condition found.
   */
  const count = async (key: TableKey, start: number, seen: Counter | undefined | null) => {
    const ttl = start + 2 * W + 60; // the counter still weighs in the next window
    const rolling = seen !== null && seen?.win !== start;
    const prev = rolling && seen?.win === start - W ? seen.cur : 0;
    try {
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: config.TABLE_NAME,
          Key: key,
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ...(rolling
            ? {
                UpdateExpression: 'SET win = :win, cur = :one, prev = :prev, entity = :entity, #ttl = :ttl',
                ConditionExpression: seen ? 'win = :seenWin AND cur = :seenCur' : 'attribute_not_exists(win)',
                ExpressionAttributeValues: {
                  ':win': start,
                  ':one': 1,
                  ':prev': prev,
                  ':entity': lookupCounterEntity.name,
                  ':ttl': ttl,
                  ...(seen ? { ':seenWin': seen.win, ':seenCur': seen.cur } : {}),
                },
              }
            : {
                UpdateExpression: 'ADD cur :one SET #ttl = :ttl',
                ConditionExpression: 'win = :win',
                ExpressionAttributeValues: { ':one': 1, ':ttl': ttl, ':win': start },
              }),
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { counted: counterOf(Attributes) as Counter };
    } catch (error) {
      const failure = itemOfConditionFailure(error);
      if (!failure) throw error;
      return failure;
    }
  };

  /** Gives back one attempt counted in window `start` (once that has rolled on, it is left). */
  const giveBack = (key: TableKey, start: number) =>
    db
      .send(
        new UpdateCommand({
          TableName: config.TABLE_NAME,
          Key: key,
          UpdateExpression: 'ADD cur :minus',
          ConditionExpression: 'win = :win AND cur > :zero',
          ExpressionAttributeValues: { ':minus': -1, ':win': start, ':zero': 0 },
        }),
      )
      .then(
        () => undefined,
        (error: unknown) => {
          if (!itemOfConditionFailure(error)) throw error;
        },
      );

  return {
    /**
     * Counts first and decides from the count the update returns, so the usual lookup costs one
     * write and no read: parallel attempts each see a distinct count, exactly those within the room
     * pass, and the others give their attempt back at once.
     */
    async reserve(sourceIp: string, pepper: Uint8Array, now: Date): Promise<Reservation> {
      const clientHash = createHmac('sha256', pepper).update(sourceIp).digest('hex').slice(0, 32);
      const key = lookupCounterEntity.key(clientHash);
      const at = windowOf(window, now.getTime() / 1000);
      // null: not read yet, so first assume the item holds the running window (the usual case).
      let seen: Counter | undefined | null = null;
      for (let round = 0; round < maxRounds; round++) {
        // An instance whose clock runs ahead may already have moved the item to a later window:
        // count there, at its start, rather than move the item back.
        const { start, elapsed } = seen && seen.win > at.start ? { start: seen.win, elapsed: 0 } : at;
        const result = await count(key, start, seen);
        if (!('counted' in result)) {
          seen = result.seen; // the item held another window (or none): roll it, or count again
          continue;
        }
        const { prev, cur } = result.counted;
        const room = roomIn(window, prev, elapsed);
        if (cur > room) {
          await giveBack(key, start);
          return {
            allowed: false,
            retryAfter: secondsUntilRoom(
              window,
              { previous: prev, current: Math.min(cur - 1, room) },
              elapsed,
            ),
          };
        }
        // A hit gives its attempt back, so only misses count.
        return { allowed: true, release: () => giveBack(key, start) };
      }
      // Every round lost to other writers: this client is sending a burst, so it waits.
      return { allowed: false, retryAfter: 1 };
    },
  };
};

export type LookupLimiter = ReturnType<typeof lookupLimiter>;
