/** The outbox relay Lambda: DynamoDB Streams → SNS. The logic is in shared/notify/relay.ts. */
import { SNSClient } from '@aws-sdk/client-sns';
import { type TopicKey, topicArnEnv, topics } from '../../infra/resources.ts';
import { requireEnv } from '../../shared/config.ts';
import { snsPublisher } from '../../shared/notify/publisher.ts';
import { relayOutbox } from '../../shared/notify/relay.ts';
import { documentClient } from '../../shared/services.ts';

const topicArns = Object.fromEntries(
  (Object.keys(topics) as TopicKey[]).map((key) => [key, requireEnv(topicArnEnv(key))]),
) as Record<TopicKey, string>;

export const handler = relayOutbox({
  db: documentClient(),
  tableName: requireEnv('TABLE_NAME'),
  publisher: snsPublisher(new SNSClient({}), topicArns),
  now: () => new Date(),
});
