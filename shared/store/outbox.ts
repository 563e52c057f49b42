/**
 * The transactional outbox: an event is an item written in the same transaction as the state it
 * describes. The stream relay (functions/workers/relay.ts) publishes it to SNS, so the request
 * path never calls SNS and no event is lost or invented when a write fails. Until it is marked
 * published an item is also in the sparse index GSI5, where the outbox sweep
 * (functions/workers/outbox-sweep.ts) finds what the relay could not publish.
 */
import type { Envelope } from '../crypto/vault.ts';
import { type DomainEvent, type EventTopic, topicOf } from '../domain/events.ts';
import { entityKeys, indexKeys } from './keys.ts';

export interface OutboxItem {
  entity: 'OutboxEvent';
  eventId: string;
  type: string;
  /** Absent on events stored before versions were written: they count as version 1. */
  version?: number;
  topic: EventTopic;
  occurredAt: string;
  /** The event as JSON, published as the SNS message body unchanged. */
  payload: string;
  /**
   * A message with personal data or a credential in it (a consent link, a cadre's contact), sealed
   * by the vault with the context {purpose: outbox, eventId}; the relay opens it to publish.
   */
  sealed?: Envelope;
  /**
   * A text to one phone: the number, sealed once at submission with the context {purpose: sms,
   * reportId} that only the sending functions may open (never a route), and copied here unopened.
   * The text itself is in `sealed`.
   */
  smsTo?: { reportId: string; phone: Envelope };
  /** Further SNS message attributes, e.g. cadreId for subscription filter policies. */
  attributes?: Record<string, string>;
  /**
   * The commission whose statistics the event counts for (the report's or the clue's); absent on
   * events written before there were commissions, which count for the single commission.
   */
  commissionId?: string;
  publishedAt?: string;
  /**
   * Set only when the event is marked published (shared/store/outbox-relay.ts): an unpublished
   * event never expires, so no outage of SNS, however long, can lose it.
   */
  ttl?: number;
}

export const outboxContext = (eventId: string) => ({ purpose: 'outbox', eventId });

/** The context a reporter's phone is sealed with for texting: only the sending functions open it. */
export const smsPhoneContext = (reportId: string) => ({ purpose: 'sms', reportId });

/** The outbox item for an event, to its topic in the catalogue (shared/domain/events.ts). */
export const outboxPut = (
  tableName: string,
  event: DomainEvent,
  extras: {
    sealed?: Envelope;
    attributes?: Record<string, string>;
    smsTo?: { reportId: string; phone: Envelope };
    /** Whose statistics the event counts for: the commission of the report or clue it is about. */
    commissionId?: string | undefined;
  } = {},
) => ({
  Put: {
    TableName: tableName,
    Item: {
      ...entityKeys.outbox(event.eventId),
      entity: 'OutboxEvent',
      eventId: event.eventId,
      type: event.type,
      version: event.version,
      topic: topicOf(event),
      occurredAt: event.occurredAt,
      payload: JSON.stringify(event),
      ...(extras.sealed ? { sealed: extras.sealed } : {}),
      ...(extras.attributes ? { attributes: extras.attributes } : {}),
      ...(extras.smsTo ? { smsTo: extras.smsTo } : {}),
      ...(extras.commissionId ? { commissionId: extras.commissionId } : {}),
      // In the sparse index of unpublished events until the relay or the sweep marks it published.
      GSI5PK: indexKeys.unpublishedOutbox.partition,
      GSI5SK: indexKeys.unpublishedOutbox.sort(event.occurredAt, event.eventId),
    } satisfies OutboxItem & Record<string, unknown>,
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});
