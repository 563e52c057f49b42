/** What the outbox relay and the outbox sweep both need: the table, the vault and a time-boxed SNS. */
import { SNSClient } from '@aws-sdk/client-sns';
import { requireEnv } from '../config.ts';
import { type TopicKey, topicArnEnv, topics } from '../contract/resources.ts';
import type { Services } from '../services.ts';
import { subscriptionLedger } from '../store/subscriptions.ts';
import { snsClientConfig, snsPublisher } from './publisher.ts';
import type { RelayDeps } from './relay.ts';

/** LOCAL_SMS_TOPIC: set by the local runtime only (there is no phone to text there). */
const localSmsTopic = (): TopicKey | undefined => {
  const key = process.env.LOCAL_SMS_TOPIC;
  if (!key) return undefined;
  if (!Object.hasOwn(topics, key)) throw new Error(`LOCAL_SMS_TOPIC: "${key}" is not a topic`);
  return key as TopicKey;
};

export const outboxDeps = (services: Services): RelayDeps => {
  const topicArns = Object.fromEntries(
    (Object.keys(topics) as TopicKey[]).map((key) => [key, requireEnv(topicArnEnv(key))]),
  ) as Record<TopicKey, string>;
  const tableName = services.config.TABLE_NAME;
  return {
    db: services.db,
    tableName,
    publisher: snsPublisher(
      new SNSClient(snsClientConfig(services.config.SNS_TIMEOUT_MS)),
      topicArns,
      subscriptionLedger(services.db, tableName),
      localSmsTopic(),
    ),
    vault: services.vault,
    now: services.now,
    keepPublishedSeconds: services.config.OUTBOX_TTL_SECONDS,
  };
};
