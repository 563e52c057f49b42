/**
 * The relay with the cloud's batching window (shared/contract/workers.ts): reports submitted close together
 * reach the relay as one batch, which is marked in one transaction. Every event still goes out
 * exactly once, each is marked, and the statistics count each once.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { workers } from '../../shared/contract/workers.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime({}, { streamBatchingWindowMs: workers.outboxRelay.trigger.batchingWindowMs });

describe('the relay with its batching window', () => {
  it('relays a burst as batches: each event once, each marked, each counted once', async () => {
    expect(workers.outboxRelay.trigger.batchingWindowMs).toBeGreaterThan(0);
    const submitted = await Promise.all(
      Array.from({ length: 12 }, (_, i) => api.post('/reports', anonymousReport(`批量举报 ${i}`))),
    );
    expect(submitted.map((r) => r.status)).toEqual(Array(12).fill(201));
    const reportIds = new Set(submitted.map((r) => r.body.reportId as string));

    await api.runtime.settled();
    const { body } = await api.call('GET', '/local/inbox?limit=500');
    const delivered = (body.items as { topic: string; message: string }[])
      .filter((m) => m.topic === 'events')
      .map((m) => JSON.parse(m.message) as { type: string; reportId?: string })
      .filter((event) => event.type === 'ReportSubmitted' && reportIds.has(event.reportId as string));
    expect(delivered).toHaveLength(12);
    expect(new Set(delivered.map((event) => event.reportId)).size).toBe(12);

    const outbox = await api.itemsOf('OutboxEvent');
    const mine = outbox.filter((item) => item.type === 'ReportSubmitted');
    expect(mine).toHaveLength(12);
    expect(mine.every((item) => typeof item.publishedAt === 'string')).toBe(true);
    // Marked together: a batch shares one mark time (one event at a time would give twelve).
    expect(new Set(mine.map((item) => item.publishedAt)).size).toBeLessThanOrEqual(2);

    const stats = await api.db.send(
      new GetCommand({ TableName: api.runtime.tableName, Key: { PK: 'STATS', SK: 'GLOBAL' } }),
    );
    expect(stats.Item?.reportsReceived).toBe(12);
  });
});
