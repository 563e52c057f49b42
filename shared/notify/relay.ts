/**
 * The outbox relay's logic: publish each new OutboxEvent item from the table's stream to its SNS
 * topic. Records are handled in order; on the first failure that record and every later one are
 * reported back (partial batch response), so Lambda retries from there and order is kept.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { statsDelta } from '../domain/stats.ts';
import { logger } from '../logger.ts';
import type { OutboxItem } from '../store/outbox.ts';
import { outboxRelayStore } from '../store/outbox-relay.ts';
import type { Publisher } from './publisher.ts';

export interface RelayDeps {
  db: DynamoDBDocumentClient;
  tableName: string;
  publisher: Publisher;
  now(): Date;
}

const outboxItemOf = (record: DynamoDBRecord): OutboxItem | undefined => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || image?.entity?.S !== 'OutboxEvent') return undefined;
  return unmarshall(image as Parameters<typeof unmarshall>[0]) as OutboxItem;
};

export const relayOutbox = (deps: RelayDeps) => {
  const outbox = outboxRelayStore(deps.db, deps.tableName);

  const relayOne = async (item: OutboxItem) => {
    if (await outbox.isPublished(item.eventId)) {
      logger.info('outbox event already published', { eventId: item.eventId, type: item.type });
      return;
    }
    const messageId = await deps.publisher.publish(item.topic, {
      message: item.payload,
      subject: item.type,
      attributes: { type: item.type, eventId: item.eventId },
    });
    await outbox.markPublished(item.eventId, messageId, deps.now(), statsDelta(JSON.parse(item.payload)));
    logger.info('outbox event published', { eventId: item.eventId, type: item.type, topic: item.topic });
  };

  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const [index, record] of event.Records.entries()) {
      const item = outboxItemOf(record);
      if (!item) continue;
      try {
        await relayOne(item);
      } catch (error) {
        logger.error('outbox relay failed', { eventId: item.eventId, errorName: (error as Error).name });
        return {
          batchItemFailures: event.Records.slice(index).map((r) => ({
            itemIdentifier: r.dynamodb?.SequenceNumber ?? '',
          })),
        };
      }
    }
    return { batchItemFailures: [] };
  };
};
