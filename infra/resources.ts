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
  globalIndexes: [{ name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' }],
} as const;

/**
 * SNS topics by the key that outbox events name. `events` carries domain events (ReportSubmitted,
 * ClueConcluded, …) to internal subscribers.
 */
export const topics = {
  events: { displayName: 'Zhengming domain events' },
} as const;
export type TopicKey = keyof typeof topics;

/** The environment variable through which a function learns a topic's ARN. */
export const topicArnEnv = (key: TopicKey): string => `TOPIC_ARN_${key.toUpperCase()}`;
