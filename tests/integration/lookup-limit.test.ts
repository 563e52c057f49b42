import { describe, expect, it } from 'vitest';
import { anonymousReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime({ LOOKUP_MISS_LIMIT: '3', LOOKUP_WINDOW_SECONDS: '600' });
const lookup = (receiptCode: string, ip: string) =>
  api.post('/receipts/lookup', { receiptCode }, { 'x-forwarded-for': ip });

describe('rate limiting of receipt lookups', () => {
  it('answers 429 with Retry-After once a client has missed too often, even for a right code', async () => {
    const { body: report } = await api.post('/reports', anonymousReport());
    for (let i = 0; i < 3; i++) expect((await lookup(`WRONG-${i}`, '203.0.113.7')).status).toBe(404);

    const limited = await lookup('WRONG-4', '203.0.113.7');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Past the limit a right guess must not be told apart from a wrong one.
    expect((await lookup(report.receiptCode, '203.0.113.7')).status).toBe(429);

    // Another client is not affected.
    expect((await lookup(report.receiptCode, '198.51.100.9')).status).toBe(200);
  });

  it('counts misses only: a reporter checking their own code often is never limited', async () => {
    const { body: report } = await api.post('/reports', anonymousReport());
    for (let i = 0; i < 10; i++) expect((await lookup(report.receiptCode, '203.0.113.50')).status).toBe(200);
    expect((await lookup('WRONG', '203.0.113.50')).status).toBe(404);
  });

  it('holds under a burst of parallel guesses', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => lookup(`GUESS-${i}`, '203.0.113.99')),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });
});
