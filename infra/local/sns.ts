/**
 * The local SNS: fauxqs, an SNS/SQS API emulator, on a free port. The topics of
 * infra/resources.ts are created through the SNS API the cloud code uses, and each gets an SQS
 * "inbox" queue subscribed to it, so what the cloud would email or text can be read locally
 * (GET /local/inbox). Filter policies on subscriptions work as in SNS.
 */
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { type TopicKey, topics } from '../resources.ts';
import { localClientConfig } from './aws-env.ts';

export interface DeliveredMessage {
  topic: TopicKey;
  subject?: string;
  message: string;
  attributes: Record<string, string>;
  deliveredAt: string;
}

export interface LocalSns {
  endpoint: string;
  topicArns: Record<TopicKey, string>;
  /** Everything delivered to this runtime's inbox so far, newest first. */
  inbox(limit?: number): Promise<DeliveredMessage[]>;
  stop(): Promise<void>;
}

interface SnsEnvelope {
  Subject?: string;
  Message: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/** Starts fauxqs on a free port; `stop()` ends it. */
export const startSnsEmulator = async () => {
  const server = await startFauxqs({ port: 0, logger: false, host: '127.0.0.1' });
  return { endpoint: server.address, stop: () => server.stop() };
};

/**
 * Connects to a running emulator: creates the topics (CreateTopic is idempotent, so several
 * runtimes can share one emulator) and this runtime's own inbox queues.
 */
export const attachLocalSns = async (endpoint: string): Promise<LocalSns> => {
  const inboxId = Math.random().toString(36).slice(2, 10);
  const sns = new SNSClient(localClientConfig(endpoint));
  const sqs = new SQSClient(localClientConfig(endpoint));
  const topicArns = {} as Record<TopicKey, string>;
  const inboxQueues: { topic: TopicKey; url: string }[] = [];

  for (const key of Object.keys(topics) as TopicKey[]) {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `zhengming-${key}` }));
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: `local-inbox-${key}-${inboxId}` }),
    );
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }));
    topicArns[key] = TopicArn as string;
    inboxQueues.push({ topic: key, url: QueueUrl as string });
  }

  /** The newest messages only: GET /local/inbox shows at most 500, and npm start may run for days. */
  const kept = 500;
  const delivered: DeliveredMessage[] = [];
  const drain = async () => {
    for (const queue of inboxQueues) {
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (Messages.length === 0) break;
        for (const m of Messages) {
          const envelope = JSON.parse(m.Body ?? '{}') as SnsEnvelope;
          delivered.push({
            topic: queue.topic,
            ...(envelope.Subject ? { subject: envelope.Subject } : {}),
            message: envelope.Message,
            attributes: Object.fromEntries(
              Object.entries(envelope.MessageAttributes ?? {}).map(([name, value]) => [name, value.Value]),
            ),
            deliveredAt: new Date().toISOString(),
          });
        }
        if (delivered.length > kept) delivered.splice(0, delivered.length - kept);
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queue.url,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
      }
    }
  };
  // Drain continuously so deliveredAt is close to the delivery; one drain at a time.
  let draining: Promise<void> = Promise.resolve();
  const drainOnce = () => {
    draining = draining.then(drain, drain);
    return draining;
  };
  const timer = setInterval(() => void drainOnce().catch(() => undefined), 200);

  return {
    endpoint,
    topicArns,
    async inbox(limit = 50) {
      await drainOnce();
      return delivered.slice(-limit).reverse();
    },
    async stop() {
      clearInterval(timer);
      await draining.catch(() => undefined);
      sns.destroy();
      sqs.destroy();
    },
  };
};
