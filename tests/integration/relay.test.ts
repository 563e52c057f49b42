import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import { relayOutbox } from '../../shared/notify/relay.ts';
import { createServices, documentClient } from '../../shared/services.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

const waitFor = async <T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('the outbox relay', () => {
  it('delivers ReportSubmitted to the local SNS exactly once, without identity', async () => {
    const submitted = await api.post('/reports', {
      ...anonymousReport(),
      notifyMe: { email: 'secret.reporter@example.cn' },
    });
    const delivered = await waitFor(async () => {
      const { body } = await api.call('GET', '/local/inbox?limit=500');
      const mine = (body.items as { message: string }[]).filter((m) =>
        m.message.includes(submitted.body.reportId),
      );
      return mine.length ? mine : undefined;
    });
    await api.runtime.settled();
    const { body } = await api.call('GET', '/local/inbox?limit=500');
    const all = (
      body.items as { message: string; topic: string; attributes: Record<string, string> }[]
    ).filter((m) => m.message.includes(submitted.body.reportId));
    expect(all).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ topic: 'events', subject: 'ReportSubmitted' });
    const event = JSON.parse(all[0]?.message as string);
    expect(event).toMatchObject({
      type: 'ReportSubmitted',
      reportId: submitted.body.reportId,
      reporterKind: 'ANONYMOUS',
    });
    expect(all[0]?.attributes).toEqual({ type: 'ReportSubmitted', version: '1', eventId: event.eventId });
    expect(all[0]?.message).not.toContain('secret.reporter');

    const [outbox] = (await api.itemsOf('OutboxEvent')).filter((o) => o.eventId === event.eventId);
    expect(outbox?.publishedAt).toBeDefined();
  });

  it('reports the failed record and everything after it, and never republishes a published event', async () => {
    await api.post('/reports', anonymousReport());
    await api.post('/reports', anonymousReport());
    await api.runtime.settled();
    const published = (await api.itemsOf('OutboxEvent')).filter((o) => o.publishedAt).slice(0, 2);
    expect(published).toHaveLength(2);
    const record = (item: Record<string, unknown>, sequence: number, eventId = item.eventId) =>
      ({
        eventName: 'INSERT',
        dynamodb: {
          SequenceNumber: String(sequence),
          NewImage: {
            entity: { S: 'OutboxEvent' },
            eventId: { S: eventId },
            type: { S: item.type },
            topic: { S: item.topic },
            payload: { S: item.payload },
            occurredAt: { S: item.occurredAt },
          },
        },
      }) as unknown as DynamoDBRecord;
    const records = published.map((item, i) => record(item, 100 + i));
    const sent: string[] = [];
    const db = documentClient(new DynamoDBClient(localClientConfig(api.runtime.dynamoDbEndpoint)));
    const vault = createServices().vault;
    const relay = relayOutbox({
      vault,
      db,
      tableName: api.runtime.tableName,
      now: () => new Date(),
      publisher: {
        publishBatch: async (_topic, entries) => {
          sent.push(...entries.map((entry) => entry.id));
          return { sent: entries.map(({ id }) => ({ id, messageId: 'm-1' })), failed: [] };
        },
        subscribeCadre: async () => 'never',
        sendSms: async () => 'never',
      },
    });
    // Already published: a redelivered batch sends nothing.
    expect(await relay({ Records: records })).toEqual({ batchItemFailures: [] });
    expect(sent).toEqual([]);

    // A fresh event whose publish fails: it and every later record come back for retry, in order.
    const fresh = published.map((item, i) => record(item, 100 + i, `evt_fresh_${i}_${Date.now()}`));
    const failing = relayOutbox({
      vault,
      db,
      tableName: api.runtime.tableName,
      now: () => new Date(),
      publisher: {
        publishBatch: async () => {
          throw new Error('SNS is down');
        },
        subscribeCadre: async () => 'never',
        sendSms: async () => 'never',
      },
    });
    // The relay logs the failure as an ERROR, which here is the expected result, not news.
    vi.stubEnv('LOG_LEVEL', 'SILENT');
    try {
      expect(await failing({ Records: fresh })).toEqual({
        batchItemFailures: [{ itemIdentifier: '100' }, { itemIdentifier: '101' }],
      });
    } finally {
      vi.unstubAllEnvs();
    }
    db.destroy();
  });
});
