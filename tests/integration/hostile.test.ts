/**
 * A few hundred hostile requests: wrong types, missing and extra fields, odd text, broken JSON,
 * prototype keys, deep nesting. None may cause a 5xx, and every refusal carries an error code.
 */
import { describe, expect, it } from 'vitest';
import { anonymousReport, realNameReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime({ LOOKUP_MISS_LIMIT: '100000' });

/** A small seeded PRNG, so a failure can be replayed exactly. */
const prng = (seed: number) => () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const random = prng(20261124);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const oddValues: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  ' ',
  '\u0000',
  '\u202e',
  '💥',
  '<script>',
  "'; DROP TABLE",
  '长'.repeat(5000),
  [],
  [[]],
  {},
  { $ne: null },
  '1900-02-29',
  '2023-13-01',
  'AAAA-BBBB',
  ['x'],
  { summary: 1 },
];

const deepNest = (depth: number): unknown => (depth === 0 ? 'x' : { a: deepNest(depth - 1) });

const mutate = (value: unknown, depth = 0): unknown => {
  if (value === null || typeof value !== 'object' || depth > 4 || random() < 0.2) return pick(oddValues);
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...value };
  const keys = Object.keys(copy);
  const action = random();
  if (action < 0.3 && keys.length) delete copy[pick(keys)];
  else if (action < 0.45)
    copy[pick(['extra', '__proto__', 'constructor', 'prototype', 'PK', 'toString'])] = pick(oddValues);
  else if (keys.length) {
    const key = pick(keys);
    copy[key] = mutate(copy[key], depth + 1);
  }
  return copy;
};

const bodies: string[] = [
  '',
  'null',
  '[]',
  '"text"',
  '42',
  '{',
  '{"a":}',
  '\u0000',
  '{"__proto__":{"admin":true}}',
  JSON.stringify(deepNest(400)),
  '{"accused":{"name":"张三","name":"李四"}}',
  `{"receiptCode":${'['.repeat(3000)}}`,
];
for (let i = 0; i < 220; i++)
  bodies.push(JSON.stringify(mutate(random() < 0.5 ? anonymousReport() : realNameReport())));

const lookups: string[] = [
  '{}',
  '{"receiptCode":null}',
  '{"receiptCode":["a"]}',
  '{"receiptCode":"a","x":1}',
];
for (let i = 0; i < 60; i++) lookups.push(JSON.stringify({ receiptCode: pick(oddValues) }));

const queries = [
  '',
  'status=',
  'status=UNREGISTERED&limit=abc',
  'status=UNREGISTERED&limit=-5',
  'status=UNREGISTERED&cursor=%00',
  'status=UNREGISTERED&cursor=eyJQSyI6MX0',
  'status=UNREGISTERED&status=REGISTERED',
  'status=UNREGISTERED&x=1',
  `status=UNREGISTERED&cursor=${'A'.repeat(3000)}`,
];

const expectContractAnswer = (status: number, body: any, what: string) => {
  expect(status, what).toBeLessThan(500);
  if (status >= 400) expect(body?.error?.code, what).toMatch(/^[A-Z_]+$/);
};

describe('hostile input', () => {
  it(`never gives a 5xx on POST /reports (${bodies.length} bodies)`, async () => {
    let refused = 0;
    for (const raw of bodies) {
      const { status, body } = await api.call('POST', '/reports', { raw });
      expectContractAnswer(status, body, raw.slice(0, 200));
      if (status >= 400) refused++;
    }
    expect(refused).toBeGreaterThan(bodies.length * 0.8);
  });

  it(`never gives a 5xx on POST /receipts/lookup (${lookups.length} bodies)`, async () => {
    for (const raw of lookups) {
      const { status, body } = await api.call('POST', '/receipts/lookup', { raw });
      expectContractAnswer(status, body, raw.slice(0, 200));
    }
  });

  it('answers a malformed %-escape in a path with 404, not a crash', async () => {
    for (const path of ['/notices/%E0%A4%A', '/clues/%ZZ', '/accuser-flags/%']) {
      const { status, body } = await api.call('GET', path, { role: 'approver' });
      expectContractAnswer(status, body, path);
      expect(status, path).toBe(404);
    }
  });

  it('never gives a 5xx on GET /reports query strings', async () => {
    for (const query of queries) {
      const { status, body } = await api.call('GET', `/reports?${query}`, { role: 'intake' });
      expectContractAnswer(status, body, query);
      expect(status, query).toBe(400);
    }
  });
});
