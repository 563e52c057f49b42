/** The logs must never hold a receipt code or anything that identifies the reporter. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime({ LOG_LEVEL: 'DEBUG' });

let captured: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);
const originalErrorWrite = process.stderr.write.bind(process.stderr);

beforeEach(() => {
  captured = [];
  const capture = (chunk: unknown) => {
    captured.push(String(chunk));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
});
afterEach(() => {
  process.stdout.write = originalWrite;
  process.stderr.write = originalErrorWrite;
});

describe('logs', () => {
  it('record each request with a correlation id and never the receipt code or identity', async () => {
    const person = { name: '钱七', idNumber: validResidentId('602'), phone: '13698765432' };
    const submitted = await api.post('/reports', realNameReport(person), {
      'idempotency-key': 'log-test-key-1',
    });
    await api.post('/reports', realNameReport(person), { 'idempotency-key': 'log-test-key-1' });
    await api.post('/receipts/lookup', { receiptCode: submitted.body.receiptCode });
    await api.runtime.settled();

    const logs = captured.join('');
    const lines = logs
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    const requests = lines.filter((line) => line.message === 'request');
    expect(requests.map((line) => line.route)).toEqual([
      'POST /reports',
      'POST /reports',
      'POST /receipts/lookup',
    ]);
    for (const line of requests) expect(line.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.some((line) => line.message === 'outbox event published')).toBe(true);

    const code = submitted.body.receiptCode as string;
    for (const secret of [
      code,
      code.replaceAll('-', ''),
      person.name,
      person.idNumber,
      person.phone,
      'lisi.reporter@example.cn',
      'log-test-key-1',
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
