/**
 * The outbox relay's logic: publish each new OutboxEvent item from the table's stream to its SNS
 * topic. Records are handled in order; on the first failure that record and every later one are
 * reported back (partial batch response), so Lambda retries from there and order is kept.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { IdentityVault } from '../crypto/vault.ts';
import { statsDelta } from '../domain/stats.ts';
import { logger } from '../logger.ts';
import { type OutboxItem, outboxContext } from '../store/outbox.ts';
import { outboxRelayStore } from '../store/outbox-relay.ts';
import type { Publisher } from './publisher.ts';
import { outboxItemOf, processOutboxInOrder } from './stream-batch.ts';

export interface RelayDeps {
  db: DynamoDBDocumentClient;
  tableName: string;
  publisher: Publisher;
  /** Opens sealed messages (consent links, cadre contacts). */
  vault: IdentityVault;
  now(): Date;
}

/** What a sealed outbox message holds: the text to send, or a cadre's contact to subscribe. */
export interface SealedMessage {
  message?: string;
  subject?: string;
  contact?: { email?: string; phone?: string };
}

export const relayOutbox = (deps: RelayDeps) => {
  const outbox = outboxRelayStore(deps.db, deps.tableName);

  const relayOne = async (item: OutboxItem, published: Set<string>) => {
    if (published.has(item.eventId)) {
      logger.info('outbox event already published', { eventId: item.eventId, type: item.type });
      return;
    }
    const sealed = item.sealed
      ? await deps.vault.open<SealedMessage>(item.sealed, outboxContext(item.eventId))
      : undefined;
    let messageId: string | undefined;
    if (sealed?.contact) {
      // Not a message: the cadre's contact changed, so their subscriptions follow it.
      messageId = await deps.publisher.subscribeCadre(
        item.topic,
        item.attributes?.cadreId as string,
        sealed.contact,
      );
    } else {
      messageId = await deps.publisher.publish(item.topic, {
        message: sealed?.message ?? item.payload,
        subject: sealed?.subject ?? item.type,
        attributes: { type: item.type, eventId: item.eventId, ...item.attributes },
      });
    }
    await outbox.markPublished(item.eventId, messageId, deps.now(), statsDelta(JSON.parse(item.payload)));
    logger.info('outbox event published', { eventId: item.eventId, type: item.type, topic: item.topic });
  };

  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const eventIds = event.Records.flatMap((record) => outboxItemOf(record)?.eventId ?? []);
    const published = eventIds.length ? await outbox.publishedAmong(eventIds) : new Set<string>();
    return processOutboxInOrder(event, 'outbox relay', (item) => relayOne(item, published));
  };
};
