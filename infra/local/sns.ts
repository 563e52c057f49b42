/**
 * The local SNS: fauxqs, an SNS/SQS API emulator, on a free port. The topics of
 * shared/contract/resources.ts are created through the SNS API the cloud code uses, and each gets an SQS
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
import { buildApp } from 'fauxqs';
import { type TopicKey, topics } from '../../shared/contract/resources.ts';
import { localClientConfig } from './aws-env.ts';
import { s3Extras } from './evidence.ts';

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

/** What SNS puts in an SQS message it delivers. */
export interface SnsEnvelope {
  Subject?: string;
  Message: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/**
 * A new SQS queue subscribed to an SNS topic: where the cloud would send an email or a text, the
 * local runtime and the load benchmark read what arrived.
 */
export const subscribedQueue = async (
  clients: { sns: SNSClient; sqs: SQSClient },
  topicArn: string,
  queueName: string,
) => {
  const { sns, sqs } = clients;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(
    new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }),
  );
  return {
    /** Receives and deletes everything waiting, oldest first. */
    async take(): Promise<SnsEnvelope[]> {
      const envelopes: SnsEnvelope[] = [];
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (Messages.length === 0) return envelopes;
        envelopes.push(...Messages.map((m) => JSON.parse(m.Body ?? '{}') as SnsEnvelope));
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
      }
    },
  };
};

/**
 * Starts fauxqs on a free loopback port; `stop()` ends it. Built with its `buildApp` and listened
 * on here, because `startFauxqs` listens on every interface whatever its `host` option says (that
 * option only names the host in queue URLs).
 */
export const startSnsEmulator = async () => {
  const app = buildApp({ logger: false, host: '127.0.0.1' });
  // The evidence bucket's CORS and object-created events, which fauxqs lacks (evidence.ts).
  let endpoint = '';
  s3Extras(app, () => endpoint);
  endpoint = await app.listen({ port: 0, host: '127.0.0.1' });
  return { endpoint, stop: () => app.close() };
};

/**
 * The inbox's clients give up on a stalled emulator within seconds (the SDK's requestTimeout only
 * warns unless told to throw), so that a stall never holds GET /local/inbox or `stop()`.
 */
const timeBoxed = (endpoint: string) => ({
  ...localClientConfig(endpoint),
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
});

/**
 * GET /local/inbox waits for a drain that started after it was asked (tests read the inbox right
 * after the relay settles), but never longer than this: with the emulator stalled, it answers
 * with what it has.
 */
const inboxWaitMs = 8_000;

/**
 * Connects to a running emulator: creates the topics (CreateTopic is idempotent, so several
 * runtimes can share one emulator) and this runtime's own inbox queues.
 */
export const attachLocalSns = async (endpoint: string): Promise<LocalSns> => {
  const inboxId = Math.random().toString(36).slice(2, 10);
  const sns = new SNSClient(timeBoxed(endpoint));
  const sqs = new SQSClient(timeBoxed(endpoint));
  const topicArns = {} as Record<TopicKey, string>;
  const inboxQueues: { topic: TopicKey; queue: Awaited<ReturnType<typeof subscribedQueue>> }[] = [];

  for (const key of Object.keys(topics) as TopicKey[]) {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `zhengming-${key}` }));
    topicArns[key] = TopicArn as string;
    inboxQueues.push({
      topic: key,
      queue: await subscribedQueue({ sns, sqs }, TopicArn as string, `local-inbox-${key}-${inboxId}`),
    });
  }

  /** The newest messages only: GET /local/inbox shows at most 500, and npm start may run for days. */
  const kept = 500;
  const delivered: DeliveredMessage[] = [];
  const drain = async () => {
    for (const { topic, queue } of inboxQueues) {
      for (const envelope of await queue.take()) {
        delivered.push({
          topic,
          ...(envelope.Subject ? { subject: envelope.Subject } : {}),
          message: envelope.Message,
          attributes: Object.fromEntries(
            Object.entries(envelope.MessageAttributes ?? {}).map(([name, value]) => [name, value.Value]),
          ),
          deliveredAt: new Date().toISOString(),
        });
      }
      if (delivered.length > kept) delivered.splice(0, delivered.length - kept);
    }
  };
  // Drain continuously so deliveredAt is close to the delivery; one drain at a time, and at most
  // one waiting behind it (a stalled emulator must not pile up a drain every 200 ms).
  let current: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const drainOnce = (): Promise<void> => {
    if (!current) {
      current = drain().finally(() => {
        current = undefined;
      });
      return current;
    }
    queued ??= current
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return drainOnce();
      });
    return queued;
  };
  const timer = setInterval(() => {
    if (!current) void drainOnce().catch(() => undefined);
  }, 200);

  return {
    endpoint,
    topicArns,
    async inbox(limit = 50) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        drainOnce().catch(() => undefined),
        new Promise((done) => {
          timer = setTimeout(done, inboxWaitMs);
        }),
      ]);
      clearTimeout(timer);
      return delivered.slice(-limit).reverse();
    },
    async stop() {
      clearInterval(timer);
      await Promise.all([current, queued].map((drained) => drained?.catch(() => undefined)));
      sns.destroy();
      sqs.destroy();
    },
  };
};
