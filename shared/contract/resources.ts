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
  /** The stream readers (shared/contract/workers.ts) take outbox items from it; new images are all they read. */
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

/**
 * The evidence bucket (证据材料): reporters' files, uploaded straight from the browser through
 * short-lived presigned URLs, under `reports/<reportId>/<attachmentId>`. Private, encrypted with
 * its own KMS key, versioned; the stateful stack builds it, the local runtime makes one per runtime
 * in the emulator. Functions learn its name from `EVIDENCE_BUCKET`.
 */
export const evidenceBucket = {
  env: 'EVIDENCE_BUCKET',
  prefix: 'reports/',
  /** Incomplete multipart uploads and old versions are removed after these many days. */
  abortIncompleteUploadDays: 1,
  noncurrentVersionDays: 30,
  /** The methods the portal's origin may use on it (CORS): uploads only. */
  corsMethods: ['PUT'],
  corsHeaders: ['content-type', 'x-amz-checksum-sha256', 'x-amz-meta-sha256'],
} as const;
