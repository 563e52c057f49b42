/**
 * The evidence bucket, locally. fauxqs serves the S3 API (objects, presigned URLs: it does not
 * check signatures, checksums or lengths) but neither CORS nor event notifications. So:
 *
 * - `s3Extras` adds both to the emulator the runtime starts (it runs in the process that owns the
 *   emulator): CORS answers for loopback origins (the bucket's rule in the cloud names the portal's
 *   origin), and after each object created, the S3 event notification that S3 would send, as
 *   S3 writes it, to the SQS queue named `s3-events-<bucket>` in the same emulator, if it exists.
 * - `attachLocalEvidence` makes this runtime's own bucket and that queue, and
 *   `startObjectCreatedPoller` reads the queue as Lambda's SQS event source would (batches,
 *   partial batch failures, so many receives then the dead-letter list), into the check worker.
 *
 * The worker therefore gets locally the same SQS records with the same S3 event body as in the cloud.
 */
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { buildApp } from 'fauxqs';
import { localClientConfig, localRegion } from './aws-env.ts';

export const eventQueueName = (bucket: string) => `s3-events-${bucket.replace(/[^A-Za-z0-9_-]/g, '-')}`;

const loopbackOrigin = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** The S3 event notification of one created object, as S3 writes it (keys URL-encoded, `+` for space). */
export const objectCreatedEvent = (bucket: string, key: string, size: number, eTag: string, how: string) => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: localRegion,
      eventTime: new Date().toISOString(),
      eventName: `ObjectCreated:${how}`,
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        object: {
          key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'),
          size,
          eTag: eTag.replace(/"/g, ''),
        },
      },
    },
  ],
});

/** Adds CORS and object-created notifications to the emulator (before it listens). */
export const s3Extras = (app: ReturnType<typeof buildApp>, endpoint: () => string) => {
  let sqs: SQSClient | undefined;
  const queueUrls = new Map<string, string>();
  const notify = async (bucket: string, body: string) => {
    sqs ??= new SQSClient(localClientConfig(endpoint()));
    let QueueUrl = queueUrls.get(bucket);
    if (!QueueUrl) {
      try {
        QueueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: eventQueueName(bucket) }))).QueueUrl;
      } catch {
        return; // no queue: nobody listens to this bucket
      }
      if (!QueueUrl) return;
      queueUrls.set(bucket, QueueUrl);
    }
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
  };

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !loopbackOrigin.test(origin)) return;
    reply
      .header('access-control-allow-origin', origin)
      .header('vary', 'Origin')
      .header('access-control-expose-headers', 'ETag');
    if (request.method === 'OPTIONS') {
      await reply
        .code(204)
        .header('access-control-allow-methods', 'PUT')
        .header('access-control-allow-headers', request.headers['access-control-request-headers'] ?? '')
        .header('access-control-max-age', '600')
        .send();
      return reply;
    }
    return undefined;
  });

  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode !== 200) return;
    const url = new URL(request.url, 'http://emulator');
    const [bucket, ...rest] = url.pathname.slice(1).split('/');
    if (!bucket || rest.length === 0 || request.headers.host?.startsWith(`${bucket}.`)) return;
    const put = request.method === 'PUT' && !url.searchParams.has('partNumber');
    const completed = request.method === 'POST' && url.searchParams.has('uploadId');
    if (!put && !completed) return;
    const key = decodeURIComponent(rest.join('/'));
    const size = Number(
      request.headers['x-amz-decoded-content-length'] ?? request.headers['content-length'] ?? 0,
    );
    const how = completed ? 'CompleteMultipartUpload' : request.headers['x-amz-copy-source'] ? 'Copy' : 'Put';
    const eTag = String(reply.getHeader('etag') ?? '');
    await notify(bucket, JSON.stringify(objectCreatedEvent(bucket, key, size, eTag, how))).catch(
      () => undefined,
    );
  });
};

/** This runtime's evidence bucket and its event queue, in the emulator at `endpoint`. */
export const attachLocalEvidence = async (endpoint: string) => {
  const bucket = `zhengming-evidence-${randomBytes(4).toString('hex')}`;
  const s3 = new S3Client({ ...localClientConfig(endpoint), forcePathStyle: true });
  const sqs = new SQSClient(localClientConfig(endpoint));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: eventQueueName(bucket), Attributes: { VisibilityTimeout: '2' } }),
  );
  s3.destroy();
  sqs.destroy();
  return { bucket, queueUrl: QueueUrl as string };
};

type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** Lambda's SQS event source mapping, locally: long polls, batches, partial failures, retries. */
export const startObjectCreatedPoller = (options: {
  endpoint: string;
  queueUrl: string;
  handler: SqsHandler;
  batchSize: number;
  maxRetries: number;
  onFailure: (body: string) => void;
}) => {
  const sqs = new SQSClient(localClientConfig(options.endpoint));
  let stopping = false;
  let idleWaiters: (() => void)[] = [];
  const loop = (async () => {
    while (!stopping) {
      const { Messages = [] } = await sqs
        .send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: Math.min(options.batchSize, 10),
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
        )
        .catch(() => ({ Messages: [] }));
      if (Messages.length === 0) {
        for (const done of idleWaiters.splice(0)) done();
        continue;
      }
      const records = Messages.map((m) => ({
        messageId: m.MessageId as string,
        receiptHandle: m.ReceiptHandle as string,
        body: m.Body ?? '',
        attributes: { ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1' },
        eventSource: 'aws:sqs',
      }));
      const failed = new Set(
        await options
          .handler({ Records: records } as unknown as SQSEvent)
          .then((r) => r.batchItemFailures.map((f) => f.itemIdentifier))
          .catch(() => records.map((r) => r.messageId)),
      );
      const done = records.filter((r) => {
        if (!failed.has(r.messageId)) return true;
        if (Number(r.attributes.ApproximateReceiveCount) <= options.maxRetries) return false;
        options.onFailure(r.body); // the dead-letter queue's part
        return true;
      });
      if (done.length) {
        await sqs
          .send(
            new DeleteMessageBatchCommand({
              QueueUrl: options.queueUrl,
              Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
            }),
          )
          .catch(() => undefined);
      }
    }
  })();
  return {
    /** Resolves once a poll found the queue empty after the call. */
    settled: () => new Promise<void>((done) => idleWaiters.push(done)),
    async stop() {
      stopping = true;
      await loop;
      for (const done of idleWaiters.splice(0)) done();
      idleWaiters = [];
      sqs.destroy();
    },
  };
};
