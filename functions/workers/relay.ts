/** The outbox relay Lambda: DynamoDB Streams → SNS. The logic is in shared/notify/relay.ts. */
import { SNSClient } from '@aws-sdk/client-sns';
import { type TopicKey, topicArnEnv, topics } from '../../infra/resources.ts';
import { requireEnv } from '../../shared/config.ts';
import { snsPublisher } from '../../shared/notify/publisher.ts';
import { relayOutbox } from '../../shared/notify/relay.ts';
import { createServices } from '../../shared/services.ts';
import { subscriptionLedger } from '../../shared/store/subscriptions.ts';

const topicArns = Object.fromEntries(
  (Object.keys(topics) as TopicKey[]).map((key) => [key, requireEnv(topicArnEnv(key))]),
) as Record<TopicKey, string>;

const services = createServices();
const tableName = services.config.TABLE_NAME;

export const handler = relayOutbox({
  db: services.db,
  tableName,
  publisher: snsPublisher(new SNSClient({}), topicArns, subscriptionLedger(services.db, tableName)),
  vault: services.vault,
  now: services.now,
});
