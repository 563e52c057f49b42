import { describe, expect, it } from 'vitest';
import { readConfig } from '../../shared/config.ts';
import { createServices } from '../../shared/services.ts';
import { httpEvent, invoke } from '../support/events.ts';
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
    // The window slides: misses made just now keep weighing into the next window, up to a third
    // of it here (limit 3), so the wait may run past the end of this window.
    expect(retryAfter).toBeLessThanOrEqual(800);
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

describe('the lookup limit slides', () => {
  /** The lookup handler on this runtime's table, with 10 misses per 15 minutes and a clock the test sets. */
  const limitedLookup = async () => {
    // Handler modules configure themselves from env on import, which the runtime sets up first.
    const { lookupReceipt } = await import('../../functions/reports/lookup.ts');
    const clock = { at: 0 };
    const services = createServices({
      config: { ...readConfig(), LOOKUP_MISS_LIMIT: 10, LOOKUP_WINDOW_SECONDS: 900 },
      now: () => new Date(clock.at * 1000),
    });
    const handler = lookupReceipt(services);
    const miss = (ip: string) =>
      invoke(
        handler as never,
        httpEvent({ method: 'POST', path: '/receipts/lookup', body: { receiptCode: 'WRONG' }, sourceIp: ip }),
      );
    return { clock, miss };
  };
  /** A window boundary of the 15-minute windows (a multiple of 900 s). */
  const boundary = 1_900_000_800;

  it('allows 10 misses across a window boundary, not 20 in 4.5 s, and lets the allowance come back gradually', async () => {
    const { clock, miss } = await limitedLookup();
    const ip = '203.0.113.200';
    const statuses = async (count: number, from: number, step: number) => {
      const out: number[] = [];
      for (let i = 0; i < count; i++) {
        clock.at = from + i * step;
        out.push((await miss(ip)).status as number);
      }
      return out;
    };
    expect(await statuses(10, boundary - 3, 0.2)).toEqual(Array(10).fill(404));
    expect(await statuses(1, boundary - 0.5, 0)).toEqual([429]);
    // Fixed windows let these ten through, 4.5 s after the first miss.
    clock.at = boundary + 0.5;
    const first = await miss(ip);
    expect(first.status).toBe(429);
    expect(first.body.error.code).toBe('RATE_LIMITED');
    // The previous window's ten weigh 9 once 10 % of the window has passed: about 90 s from now.
    const retryAfter = Number(first.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(85);
    expect(retryAfter).toBeLessThanOrEqual(95);
    expect(await statuses(9, boundary + 0.6, 0.1)).toEqual(Array(9).fill(429));
    // Halfway through the window, half of the previous window's misses still count.
    expect(await statuses(6, boundary + 450, 1)).toEqual([...Array(5).fill(404), 429]);
    // Halfway through the next one, those five weigh 2.5: seven more.
    expect(await statuses(8, boundary + 900 + 450, 1)).toEqual([...Array(7).fill(404), 429]);
    // A window later, nothing weighs any more.
    expect(await statuses(11, boundary + 2700, 1)).toEqual([...Array(10).fill(404), 429]);
  }, 120_000);

  it('lets exactly 10 of 25 parallel misses through, also when they straddle a boundary', async () => {
    const { clock, miss } = await limitedLookup();
    clock.at = boundary + 100;
    const results = await Promise.all(Array.from({ length: 25 }, () => miss('203.0.113.201')));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);

    // Straddling a boundary, in parallel: still at most 10 in all.
    const straddling = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const at = boundary + 900 - 1 + (i % 2) * 2;
        const { miss: missAt, clock: own } = await limitedLookup();
        own.at = at;
        return (await missAt('203.0.113.202')).status;
      }),
    );
    expect(straddling.filter((s) => s === 404)).toHaveLength(10);
  }, 120_000);
});
