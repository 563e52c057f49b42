import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anonymousReport, realNameReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();
const reportsCount = async () => (await api.itemsOf('Report')).length;

describe('Idempotency-Key on POST /reports', () => {
  it('replays the identical 201 body, receipt code included, and creates nothing more', async () => {
    const key = `key-${randomUUID()}`;
    const first = await api.post('/reports', realNameReport(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const count = await reportsCount();

    const replay = await api.post('/reports', realNameReport(), { 'idempotency-key': key });
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(await reportsCount()).toBe(count);
    // The replayed code is the real one: it finds the report.
    const found = await api.post('/receipts/lookup', { receiptCode: replay.body.receiptCode });
    expect(found.body.reportId).toBe(first.body.reportId);
  });

  it('refuses the same key with another body (422) and writes nothing for it', async () => {
    const key = `key-${randomUUID()}`;
    await api.post('/reports', anonymousReport('第一份'), { 'idempotency-key': key });
    // The relay's writes for the first report (its mark, the counters) come in before the count.
    await api.runtime.settled();
    const itemsBefore = (await api.allItems()).length;

    const reused = await api.post('/reports', anonymousReport('另一份'), { 'idempotency-key': key });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await api.runtime.settled();
    expect((await api.allItems()).length).toBe(itemsBefore);
  });

  it('creates exactly one report from 6 concurrent submits with one key', async () => {
    const key = `key-${randomUUID()}`;
    const before = await reportsCount();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        api.post('/reports', anonymousReport('并发提交'), { 'idempotency-key': key }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await reportsCount()).toBe(before + 1);
    expect((await api.itemsOf('IdempotencyRecord')).some((r) => JSON.stringify(r).includes(key))).toBe(false);
  });

  it('treats submits without a key as separate reports', async () => {
    const before = await reportsCount();
    const [a, b] = await Promise.all([
      api.post('/reports', anonymousReport()),
      api.post('/reports', anonymousReport()),
    ]);
    expect(a.body.reportId).not.toBe(b.body.reportId);
    expect(await reportsCount()).toBe(before + 2);
  });

  it('rejects keys outside 8–128 characters', async () => {
    for (const key of ['short', 'k'.repeat(129)]) {
      const response = await api.post('/reports', anonymousReport(), { 'idempotency-key': key });
      expect(response.status).toBe(400);
      expect(response.body.error.details[0].path).toBe('header.idempotency-key');
    }
  });
});
