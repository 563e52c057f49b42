/**
 * The outbox relay's logic: publish each new OutboxEvent item from the table's stream to its SNS
 * topic, ten to a PublishBatch call; and the outbox sweep's, which publishes what the relay could
 * not (SNS down for longer than the stream's retries) from the sparse index of unpublished events.
 * Publishing is at least once: every message carries its `eventId`, for consumers to drop repeats.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { IdentityVault } from '../crypto/vault.ts';
import { readEvent } from '../domain/events.ts';
import { type Counters, statsDelta } from '../domain/stats.ts';
import { logger } from '../logger.ts';
import { ancestorsLookup } from '../store/commissions.ts';
import { type OutboxItem, outboxContext, smsPhoneContext } from '../store/outbox.ts';
import { outboxRelayStore, type PublishedEvent } from '../store/outbox-relay.ts';
import { type Publication, type Publisher, publishBatchLimit } from './publisher.ts';
import { outboxItemOf } from './stream-batch.ts';

export interface RelayDeps {
  db: DynamoDBDocumentClient;
  tableName: string;
  publisher: Publisher;
  /** Opens sealed messages (consent links, cadre contacts). */
  vault: IdentityVault;
  now(): Date;
  /** How long a published event is kept (OUTBOX_TTL_SECONDS); unpublished ones never expire. */
  keepPublishedSeconds?: number;
}

/** What a sealed outbox message holds: the text to send, or a cadre's contact to subscribe. */
export interface SealedMessage {
  message?: string;
  subject?: string;
  contact?: { email?: string; phone?: string };
}

const errorName = (error: unknown) => (error as Error)?.name ?? 'Error';

/**
 * What an event adds to the statistics. One of a type or version this code does not know (written
 * by a newer release, say) is still published as it is, but counted nowhere, and the log says so.
 */
const statsOf = (item: OutboxItem): Counters => {
  const read = readEvent(item.payload);
  if ('event' in read) return statsDelta(read.event);
  logger.warn('outbox event of an unknown type or version: published, not counted', {
    eventId: item.eventId,
    ...read.unknown,
  });
  return {};
};

/**
 * Publishes events in their order. A run of messages goes out in PublishBatch calls (per topic, ten
 * at a time, the calls side by side: SNS keeps no order among them anyway). A cadre's changed
 * contact is not a message but a change of subscriptions, and the notices after it must reach the
 * new contact, so a run ends there and the change is made on its own. After a run with a failure
 * nothing later is attempted: what failed and everything after it is returned, for a retry.
 */
const publishInOrder = (deps: RelayDeps) => {
  const open = (item: OutboxItem) =>
    item.sealed
      ? deps.vault.open<SealedMessage>(item.sealed, outboxContext(item.eventId))
      : Promise.resolve(undefined);

  const published = (item: OutboxItem, messageId: string | undefined): PublishedEvent => {
    logger.info('outbox event published', { eventId: item.eventId, type: item.type, topic: item.topic });
    return { eventId: item.eventId, messageId, stats: statsOf(item), commissionId: item.commissionId };
  };

  /** One run of messages; returns the ids that failed. */
  const publishRun = async (run: { item: OutboxItem; sealed: SealedMessage | undefined }[]) => {
    const sent: PublishedEvent[] = [];
    const failed = new Set<string>();
    const byId = new Map(run.map((entry) => [entry.item.eventId, entry.item]));
    const chunks: { topic: OutboxItem['topic']; entries: { id: string; publication: Publication }[] }[] = [];
    for (const { item, sealed } of run) {
      const entry = {
        id: item.eventId,
        publication: {
          message: sealed?.message ?? item.payload,
          subject: sealed?.subject ?? item.type,
          attributes: {
            type: item.type,
            version: String(item.version ?? 1),
            eventId: item.eventId,
            ...item.attributes,
          },
        },
      };
      const chunk = chunks.find((c) => c.topic === item.topic && c.entries.length < publishBatchLimit);
      if (chunk) chunk.entries.push(entry);
      else chunks.push({ topic: item.topic, entries: [entry] });
    }
    await Promise.all(
      chunks.map(async ({ topic, entries }) => {
        try {
          const outcome = await deps.publisher.publishBatch(topic, entries);
          for (const { id, messageId } of outcome.sent)
            sent.push(published(byId.get(id) as OutboxItem, messageId));
          for (const { id } of outcome.failed) failed.add(id);
          if (outcome.failed.length) {
            logger.error('outbox events not published', {
              topic,
              eventIds: outcome.failed.map(({ id }) => id),
              reason: outcome.failed[0]?.reason,
            });
          }
        } catch (error) {
          for (const { id } of entries) failed.add(id);
          logger.error('outbox events not published', {
            topic,
            eventIds: entries.map(({ id }) => id),
            errorName: errorName(error),
          });
        }
      }),
    );
    return { sent, failed };
  };

  return async (items: OutboxItem[]): Promise<{ sent: PublishedEvent[]; failedFrom: number | undefined }> => {
    const sent: PublishedEvent[] = [];
    // Each sealed message is opened once, though a contact change is looked at twice: as the end
    // of the run before it, then on its own.
    const opened = new Map<number, Promise<SealedMessage | undefined>>();
    const openAt = (index: number) => {
      if (!opened.has(index)) opened.set(index, open(items[index] as OutboxItem));
      return opened.get(index) as Promise<SealedMessage | undefined>;
    };
    let index = 0;
    while (index < items.length) {
      const item = items[index] as OutboxItem;
      let sealed: SealedMessage | undefined;
      try {
        sealed = await openAt(index);
        if (item.smsTo) {
          // A text to one phone (a reporter's one-time code): to the number, never to a topic.
          const { phone } = await deps.vault.open<{ phone: string }>(
            item.smsTo.phone,
            smsPhoneContext(item.smsTo.reportId),
          );
          const messageId = await deps.publisher.sendSms(phone, sealed?.message ?? '', {
            type: item.type,
            eventId: item.eventId,
          });
          sent.push(published(item, messageId));
          index++;
          continue;
        }
        if (sealed?.contact) {
          const subscriptions = await deps.publisher.subscribeCadre(
            item.topic,
            item.attributes?.cadreId as string,
            sealed.contact,
          );
          sent.push(published(item, subscriptions));
          index++;
          continue;
        }
      } catch (error) {
        logger.error('outbox event not published', { eventId: item.eventId, errorName: errorName(error) });
        return { sent, failedFrom: index };
      }
      // A run of messages, up to the next contact change or a message that cannot be opened (it
      // then fails on its own, at the start of the next round).
      const run = [{ item, sealed }];
      for (let next = index + 1; next < items.length; next++) {
        const opening = await openAt(next).then(
          (message) => ({ message }),
          () => undefined,
        );
        if (!opening || opening.message?.contact || items[next]?.smsTo) break;
        run.push({ item: items[next] as OutboxItem, sealed: opening.message });
      }
      const outcome = await publishRun(run);
      sent.push(...outcome.sent);
      const firstFailed = run.findIndex((entry) => outcome.failed.has(entry.item.eventId));
      if (firstFailed >= 0) return { sent, failedFrom: index + firstFailed };
      index += run.length;
    }
    return { sent, failedFrom: undefined };
  };
};

export const relayOutbox = (deps: RelayDeps) => {
  const outbox = outboxRelayStore(
    deps.db,
    deps.tableName,
    deps.keepPublishedSeconds,
    ancestorsLookup(deps.db, deps.tableName),
  );
  const publish = publishInOrder(deps);

  /**
   * One batch: skip what went out before (one read for the batch), publish the rest, then mark
   * everything sent in one transaction, also when some failed (what went out must not go out again
   * when Lambda retries). The first event that failed and every record after it are reported back
   * (a partial batch response), so Lambda retries from there; those after it that did go out are
   * then skipped as published.
   */
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const records = event.Records.flatMap((record, position) => {
      const item = outboxItemOf(record);
      return item ? [{ item, position }] : [];
    });
    const published = records.length
      ? await outbox.publishedAmong(records.map(({ item }) => item.eventId))
      : new Set<string>();
    const pending = records.filter(({ item }) => {
      if (!published.has(item.eventId)) return true;
      logger.info('outbox event already published', { eventId: item.eventId, type: item.type });
      return false;
    });
    const { sent, failedFrom } = await publish(pending.map(({ item }) => item));
    await outbox.markAllPublished(sent, deps.now());
    if (failedFrom === undefined) return { batchItemFailures: [] };
    const from = pending[failedFrom]?.position ?? 0;
    return {
      batchItemFailures: event.Records.slice(from).map((r) => ({
        itemIdentifier: r.dynamodb?.SequenceNumber ?? '',
      })),
    };
  };
};

export interface SweepOptions {
  /** Only events older than this are swept: younger ones are the stream relay's to publish. */
  graceSeconds: number;
  /** Events read per page of the index. */
  pageSize?: number;
  /** The sweep stops starting new pages after this long (the schedule runs it again). */
  budgetMs?: number;
}

/**
 * The outbox sweep: publishes the events older than the grace period that are still unpublished,
 * oldest first, from the sparse index of unpublished events. It stops at the first failure (SNS is
 * still down: the next run tries again) and marks what it sent with the relay's guarded mark, so an
 * event the relay publishes meanwhile is counted once. Runs must not overlap (one at a time).
 */
export const sweepOutbox = (deps: RelayDeps, options: SweepOptions) => {
  const outbox = outboxRelayStore(
    deps.db,
    deps.tableName,
    deps.keepPublishedSeconds,
    ancestorsLookup(deps.db, deps.tableName),
  );
  const publish = publishInOrder(deps);
  return async (): Promise<{ published: number; failed: boolean }> => {
    const started = Date.now();
    const before = new Date(deps.now().getTime() - options.graceSeconds * 1000);
    let count = 0;
    let after: Record<string, unknown> | undefined;
    do {
      const page = await outbox.unpublishedBefore(before, options.pageSize ?? 100, after);
      const { sent, failedFrom } = await publish(page.items);
      await outbox.markAllPublished(sent, deps.now());
      count += sent.length;
      if (failedFrom !== undefined) {
        logger.warn('outbox sweep stopped at a failure', { published: count });
        return { published: count, failed: true };
      }
      after = page.next;
    } while (after && Date.now() - started < (options.budgetMs ?? 30_000));
    if (count) logger.warn('outbox sweep published events the relay had not', { published: count });
    return { published: count, failed: false };
  };
};
