import type { EventTopic } from '../domain/events.ts';

/**
 * The stateful resources, declared once. The CDK stateful stack builds the cloud table and topics
 * from these, and the local runtime creates the same table in DynamoDB Local and the same topics in
 * the local SNS, so a key or index that exists in one exists in the other.
 */
export const table = {
  /** Logical name; the cloud name is chosen by CloudFormation, the local one is this. */
  name: 'zhengming',
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Epoch seconds; DynamoDB deletes expired items (idempotency records, counters, outbox). */
  ttlAttribute: 'ttl',
  /** The relay publishes outbox items from the stream; new images are all it reads. */
  streamView: 'NEW_IMAGE',
  /**
   * GSI1: work queues by status (unregistered reports, clues by status).
   * GSI2: clues by assignee. GSI3: deadlines (the overdue sweep). GSI4: open clues by accused cadre.
   * GSI5: outbox events not yet published (the outbox sweep). It is sparse: an outbox item carries
   * its keys only until it is marked published, so the index holds the backlog and nothing else;
   * keys only, since the sweep reads each item afresh anyway.
   */
  globalIndexes: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', projection: 'ALL' },
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK', projection: 'ALL' },
    { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK', projection: 'ALL' },
    { name: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK', projection: 'ALL' },
    { name: 'GSI5', partitionKey: 'GSI5PK', sortKey: 'GSI5SK', projection: 'KEYS_ONLY' },
  ],
} as const;

/**
 * Which stream records a reader is handed: Lambda's filter criteria on the event source mapping
 * in the cloud, the same test in the local stream poller. Only inserts of items whose new image
 * has these string attributes; everything else (the report, receipt and idempotency items written
 * beside an event, the relay's own marks) never reaches the reader, nor counts toward its batch.
 */
export interface StreamFilter {
  eventName: 'INSERT';
  newImage: Readonly<Record<string, string>>;
}

/**
 * How the stream's two readers take records, in the cloud (event source mappings) and in the local
 * runtime (the stream poller) alike. The relay waits up to a second (CloudFormation takes whole
 * seconds) to fill a batch: it then reads "already published?" and marks what it sent once per
 * batch instead of once per event, and nothing it sends is urgent to the second. Its batches are
 * large (Lambda takes up to 10,000 stream records): when the relay falls behind, the next batch
 * takes the whole backlog, so its calls per event shrink as the load grows, and it catches up
 * (docs/performance.md, "the relay at 32 connections"). An outbox record is at most a few
 * kilobytes, so 1,000 stay well inside Lambda's 6 MB payload. The accuser records wait as long:
 * flag proposals are no more urgent, and locally it spares DynamoDB Local a reader polling between
 * every two submissions. A failing batch is retried `maxRetries` times (Lambda's
 * MaximumRetryAttempts), then handed to the on-failure destination; the relay's events are not
 * lost then, since the outbox sweep republishes whatever is still unpublished (GSI5).
 */
export const streamReaders = {
  relay: {
    batchSize: 1000,
    batchingWindowMs: 1000,
    maxRetries: 5,
    filter: { eventName: 'INSERT', newImage: { entity: 'OutboxEvent' } },
  },
  accuserRecords: {
    batchSize: 50,
    batchingWindowMs: 1000,
    maxRetries: 5,
    filter: { eventName: 'INSERT', newImage: { entity: 'OutboxEvent', type: 'ClueConcluded' } },
  },
} as const satisfies Record<
  string,
  { batchSize: number; batchingWindowMs: number; maxRetries: number; filter: StreamFilter }
>;

/**
 * SNS topics by the key that outbox events name. `events` carries domain events (ReportSubmitted,
 * ClueConcluded, …) to internal subscribers; `alerts` carries alerts for the commission
 * (ClueOverdue, …), to which staff subscribe by email; `notices` reaches cadres.
 */
export const topics = {
  events: { displayName: 'Zhengming domain events' },
  alerts: { displayName: 'Zhengming commission alerts' },
  /**
   * Messages to cadres (consent requests, clarification notices). Each cadre's email or SMS
   * subscription carries a filter policy on the `cadreId` attribute, so each gets only their own.
   */
  notices: { displayName: 'Zhengming notices to cadres' },
} as const satisfies Record<EventTopic, { displayName: string }>;
export type TopicKey = keyof typeof topics;

/** The environment variable through which a function learns a topic's ARN. */
export const topicArnEnv = (key: TopicKey): string => `TOPIC_ARN_${key.toUpperCase()}`;
