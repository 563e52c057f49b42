/**
 * Handling a DynamoDB Streams batch in order, as Lambda's event source mapping expects of a
 * consumer with ReportBatchItemFailures: on the first failure, that record and every later one are
 * reported back, so Lambda retries from there (bisecting, then giving up to the on-failure
 * destination) while the order of the rest is kept.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type DomainEvent, type EventType, readEvent } from '../domain/events.ts';
import { logger } from '../logger.ts';
import type { OutboxItem } from '../store/outbox.ts';

/** The outbox item a stream record inserted, if it is one. */
export const outboxItemOf = (record: DynamoDBRecord): OutboxItem | undefined => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || image?.entity?.S !== 'OutboxEvent') return undefined;
  return unmarshall(image as Parameters<typeof unmarshall>[0]) as OutboxItem;
};

export const processOutboxInOrder = async (
  event: DynamoDBStreamEvent,
  consumer: string,
  handle: (item: OutboxItem) => Promise<void>,
): Promise<DynamoDBBatchResponse> => {
  for (const [index, record] of event.Records.entries()) {
    const item = outboxItemOf(record);
    if (!item) continue;
    try {
      await handle(item);
    } catch (error) {
      logger.error(`${consumer} failed`, {
        eventId: item.eventId,
        type: item.type,
        errorName: (error as Error).name,
      });
      return {
        batchItemFailures: event.Records.slice(index).map((r) => ({
          itemIdentifier: r.dynamodb?.SequenceNumber ?? '',
        })),
      };
    }
  }
  return { batchItemFailures: [] };
};

/**
 * A stream reader of some event types: the outbox items of other types pass, an event of a version
 * this code cannot read is left alone with a warning (it must not hold up the stream, and guessing
 * at its fields would be worse), and each event it reads is handled in order as above.
 */
export const consumeOutboxEvents = <T extends EventType>(
  stream: DynamoDBStreamEvent,
  consumer: string,
  types: readonly T[],
  handle: (event: DomainEvent<T>) => Promise<void>,
): Promise<DynamoDBBatchResponse> =>
  processOutboxInOrder(stream, consumer, async (item) => {
    if (!(types as readonly string[]).includes(item.type)) return;
    const read = readEvent(item.payload);
    if (!('event' in read)) {
      logger.warn(`${consumer}: event of an unknown version left alone`, {
        eventId: item.eventId,
        ...read.unknown,
      });
      return;
    }
    // Its type is one of `types` (checked above on the item, which readEvent does not change).
    await handle(read.event as unknown as DomainEvent<T>);
  });
