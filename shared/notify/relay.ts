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
import { outboxRelayStore, type PublishedEvent } from '../store/outbox-relay.ts';
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

  /** Sends one event; what it sent is marked with the rest of the batch afterwards. */
  const relayOne = async (item: OutboxItem, sent: PublishedEvent[]) => {
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
    sent.push({ eventId: item.eventId, messageId, stats: statsDelta(JSON.parse(item.payload)) });
    logger.info('outbox event published', { eventId: item.eventId, type: item.type, topic: item.topic });
  };

  /**
   * One batch: skip what went out before (one read for the batch), send the rest in order, then
   * mark everything sent in one transaction, also when a record failed part-way (the records
   * before it went out and must not go out again when Lambda retries from the failed one).
   */
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const eventIds = event.Records.flatMap((record) => outboxItemOf(record)?.eventId ?? []);
    const published = eventIds.length ? await outbox.publishedAmong(eventIds) : new Set<string>();
    const sent: PublishedEvent[] = [];
    const response = await processOutboxInOrder(event, 'outbox relay', async (item) => {
      if (published.has(item.eventId)) {
        logger.info('outbox event already published', { eventId: item.eventId, type: item.type });
        return;
      }
      await relayOne(item, sent);
    });
    await outbox.markAllPublished(sent, deps.now());
    return response;
  };
};
