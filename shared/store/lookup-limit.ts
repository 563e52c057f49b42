/**
 * Rate limiting of receipt lookups (受理码查询限流), shared by every Lambda instance because the
 * counter lives in the table: one item per client holding a sliding window in two fixed windows
 * (shared/domain/sliding-window.ts), removed by TTL once idle. A lookup first reserves an attempt
 * and a hit gives it back, so only misses count.
 *
 * Every change is a conditional update on the window the item holds, so nothing is decided on a
 * stale read: a reservation adds one only while `cur` is below the room its read allowed and the
 * item still holds that window; rolling into a new window succeeds for one writer, and the others
 * read again. A burst of parallel guesses therefore gets exactly the room there is.
 */
import { createHmac } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import { roomIn, type SlidingWindow, secondsUntilRoom, windowOf } from '../domain/sliding-window.ts';
import { entityKeys } from './keys.ts';

export type Reservation =
  | { allowed: true; release(): Promise<void> }
  | { allowed: false; retryAfter: number };

/** The counter item: the window it counts (`win`, epoch seconds), its misses and the window before's. */
interface Counter {
  win: number;
  cur: number;
  prev: number;
}

const isConditionFailure = (error: unknown) =>
  (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';

/** Rounds of read-and-update before giving up: each lost round means another writer moved on. */
const maxRounds = 8;

export const lookupLimiter = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const window: SlidingWindow = {
    limit: config.LOOKUP_MISS_LIMIT,
    windowSeconds: config.LOOKUP_WINDOW_SECONDS,
  };
  const W = config.LOOKUP_WINDOW_SECONDS;

  const read = async (key: Record<string, string>): Promise<Counter | undefined> => {
    const { Item } = await db.send(
      new GetCommand({ TableName: config.TABLE_NAME, Key: key, ConsistentRead: true }),
    );
    return Item ? { win: Number(Item.win), cur: Number(Item.cur), prev: Number(Item.prev) } : undefined;
  };

  /** One attempt to count a miss in window `start`, given what was read; false if the item moved on. */
  const add = async (key: Record<string, string>, start: number, seen: Counter | undefined, room: number) => {
    const ttl = start + 2 * W + 60; // the counter still weighs in the next window
    const common = {
      TableName: config.TABLE_NAME,
      Key: key,
      ExpressionAttributeNames: { '#ttl': 'ttl' },
    };
    if (seen?.win === start) {
      // The same window: one more, while there is room and the window has not rolled on.
      return db.send(
        new UpdateCommand({
          ...common,
          UpdateExpression: 'ADD cur :one SET #ttl = :ttl',
          ConditionExpression: 'win = :win AND cur < :room',
          ExpressionAttributeValues: { ':one': 1, ':ttl': ttl, ':win': start, ':room': room },
        }),
      );
    }
    // A new window: the running one becomes the previous if it is the window just before.
    const prev = seen?.win === start - W ? seen.cur : 0;
    return db.send(
      new UpdateCommand({
        ...common,
        UpdateExpression: 'SET win = :win, cur = :one, prev = :prev, entity = :entity, #ttl = :ttl',
        ConditionExpression: seen ? 'win = :seenWin AND cur = :seenCur' : 'attribute_not_exists(win)',
        ExpressionAttributeValues: {
          ':win': start,
          ':one': 1,
          ':prev': prev,
          ':entity': 'LookupCounter',
          ':ttl': ttl,
          ...(seen ? { ':seenWin': seen.win, ':seenCur': seen.cur } : {}),
        },
      }),
    );
  };

  return {
    async reserve(sourceIp: string, pepper: Uint8Array, now: Date): Promise<Reservation> {
      const clientHash = createHmac('sha256', pepper).update(sourceIp).digest('hex').slice(0, 32);
      const key = entityKeys.lookupCounter(clientHash);
      const at = windowOf(window, now.getTime() / 1000);
      for (let round = 0; round < maxRounds; round++) {
        const seen = await read(key);
        // An instance whose clock runs ahead may already have moved the item to a later window:
        // count there, at its start, rather than move the item back.
        const { start, elapsed } = seen && seen.win > at.start ? { start: seen.win, elapsed: 0 } : at;
        const counts =
          seen?.win === start
            ? { previous: seen.prev, current: seen.cur }
            : { previous: seen?.win === start - W ? seen.cur : 0, current: 0 };
        const room = roomIn(window, counts.previous, elapsed);
        if (counts.current >= room) {
          return { allowed: false, retryAfter: secondsUntilRoom(window, counts, elapsed) };
        }
        try {
          await add(key, start, seen, room);
        } catch (error) {
          if (isConditionFailure(error)) continue; // another lookup counted first: read again
          throw error;
        }
        return {
          allowed: true,
          // A hit gives its attempt back, in the window it was counted in (once that has rolled
          // on, the attempt only weighs as part of the previous window and is left).
          release: async () => {
            await db
              .send(
                new UpdateCommand({
                  TableName: config.TABLE_NAME,
                  Key: key,
                  UpdateExpression: 'ADD cur :minus',
                  ConditionExpression: 'win = :win AND cur > :zero',
                  ExpressionAttributeValues: { ':minus': -1, ':win': start, ':zero': 0 },
                }),
              )
              .catch((error: unknown) => {
                if (!isConditionFailure(error)) throw error;
              });
          },
        };
      }
      // Every round lost to other writers: this client is sending a burst, so it waits.
      return { allowed: false, retryAfter: 1 };
    },
  };
};

export type LookupLimiter = ReturnType<typeof lookupLimiter>;
