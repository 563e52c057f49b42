/**
 * The outbox relay: a DynamoDB Streams consumer that publishes each new OutboxEvent item to its
 * SNS topic. Records are handled in order; on the first failure the rest of the batch is reported
 * back (partial batch response), so Lambda retries from there and order is kept.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type TopicKey, topicArnEnv, topics } from '../../infra/resources.ts';
import { requireEnv } from '../../shared/config.ts';
import { logger } from '../../shared/logger.ts';
import { type Publisher, snsPublisher } from '../../shared/notify/publisher.ts';
import { documentClient } from '../../shared/services.ts';
import type { OutboxItem } from '../../shared/store/outbox.ts';
import { outboxRelayStore } from '../../shared/store/outbox-relay.ts';

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
    await outbox.markPublished(item.eventId, messageId, deps.now());
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

const topicArns = Object.fromEntries(
  (Object.keys(topics) as TopicKey[]).map((key) => [key, requireEnv(topicArnEnv(key))]),
) as Record<TopicKey, string>;

export const handler = relayOutbox({
  db: documentClient(),
  tableName: requireEnv('TABLE_NAME'),
  publisher: snsPublisher(new SNSClient({}), topicArns),
  now: () => new Date(),
});
