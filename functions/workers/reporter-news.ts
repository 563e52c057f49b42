/**
 * The reporter-news worker: tells reporters who left a contact that there is news of their report,
 * without content (shared/notify/reporter-news.ts). The only function that may open a news contact
 * (KMS purpose reporterNews); it publishes to the notices topic alone.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { requireEnv } from '../../shared/config.ts';
import { topicArnEnv } from '../../shared/contract/resources.ts';
import { snsNewsSender } from '../../shared/notify/news-sender.ts';
import { snsClientConfig } from '../../shared/notify/publisher.ts';
import { tellReporters } from '../../shared/notify/reporter-news.ts';
import { createServices } from '../../shared/services.ts';
import { reporterNewsStore } from '../../shared/store/reporter-news.ts';

const services = createServices();
const sns = new SNSClient(snsClientConfig(services.config.SNS_TIMEOUT_MS));
const topicArn = requireEnv(topicArnEnv('notices'));
const subscriptions = reporterNewsStore(services);

export const handler = tellReporters(services, (pepper) =>
  snsNewsSender(sns, topicArn, subscriptions, pepper),
);
