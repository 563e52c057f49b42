import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { processCreatedObjects } from '../../shared/notify/s3-notifications.ts';

const message = (messageId: string, records: unknown[]) => ({
  messageId,
  body: JSON.stringify({ Records: records }),
});
const created = (key: string, versionId?: string) => ({
  eventName: 'ObjectCreated:Put',
  s3: { object: { key, versionId } },
});

describe('S3 notifications through SQS', () => {
  it('hands over each created object with its key decoded, and only created objects', async () => {
    const seen: [string, string | undefined][] = [];
    const event = {
      Records: [
        message('m1', [
          created('reports/r%201/a+b.pdf', 'v1'),
          { eventName: 'ObjectRemoved:Delete', s3: { object: { key: 'x' } } },
        ]),
        { messageId: 'm2', body: JSON.stringify({ Event: 's3:TestEvent' }) },
      ],
    } as unknown as SQSEvent;
    const result = await processCreatedObjects(event, 'test', async (key, versionId) => {
      seen.push([key, versionId]);
    });
    expect(seen).toEqual([['reports/r 1/a b.pdf', 'v1']]);
    expect(result.batchItemFailures).toEqual([]);
  });

  it('reports back only the message that failed, and goes on with the rest', async () => {
    const seen: string[] = [];
    const event = {
      Records: [
        message('m1', [created('bad')]),
        { messageId: 'm2', body: 'not json' },
        message('m3', [created('good')]),
      ],
    } as unknown as SQSEvent;
    const result = await processCreatedObjects(event, 'test', async (key) => {
      if (key === 'bad') throw new Error('boom');
      seen.push(key);
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }]);
    expect(seen).toEqual(['good']);
  });
});
