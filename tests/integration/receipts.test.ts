/** The signed receipt: issued with POST /reports, checked by POST /receipts/verify and offline. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { contentHashOf } from '../../shared/domain/receipt.ts';
import { createServices } from '../../shared/services.ts';
import { httpEvent, invoke } from '../support/events.ts';
import { anonymousReport, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const run = promisify(execFile);
const api = useLocalRuntime();

interface Receipt {
  reportId: string;
  submittedAt: string;
  contentHash: string;
  keyId: string;
  signature: string;
}

const submit = async (body: unknown, headers: Record<string, string> = {}) => {
  const submitted = await api.post('/reports', body, headers);
  expect(submitted.status).toBe(201);
  return submitted.body as { reportId: string; submittedAt: string; receipt: Receipt };
};

const verify = async (receipt: unknown) => {
  const answer = await api.post('/receipts/verify', { receipt });
  expect(answer.status).toBe(200);
  return answer.body.valid as boolean;
};

describe('POST /reports → a signed receipt', () => {
  it('signs the report as received, without the identity, and POST /receipts/verify says valid', async () => {
    const { reportId, submittedAt, receipt } = await submit(anonymousReport());
    const jwks = (await api.call('GET', '/.well-known/notice-keys')).body;
    expect(receipt).toEqual({
      reportId,
      submittedAt,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      keyId: jwks.keys[0].kid,
      signature: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
    });
    expect(await verify(receipt)).toBe(true);

    // The hash can be rebuilt from the stored report: the commission can show what it received.
    const [stored] = (await api.itemsOf('Report')).filter((item) => item.reportId === reportId);
    expect(contentHashOf(stored as never)).toBe(receipt.contentHash);
  });

  it('gives two people who report the same matter the same content hash, and another matter another', async () => {
    const person = (serial: string, name: string) => ({
      name,
      idNumber: validResidentId(serial),
      phone: '13912345678',
    });
    const li = await submit(realNameReport(person('601', '李四')));
    const wang = await submit({ ...realNameReport(person('602', '王五')), notifyMe: undefined });
    expect(wang.receipt.contentHash).toBe(li.receipt.contentHash);
    expect(wang.receipt.reportId).not.toBe(li.receipt.reportId);
    const anonymous = await submit({ ...realNameReport(), reporter: { anonymous: true } });
    expect(anonymous.receipt.contentHash).not.toBe(li.receipt.contentHash);
    const other = await submit(anonymousReport('另一件事'));
    expect(other.receipt.contentHash).not.toBe(anonymous.receipt.contentHash);
  });

  it('answers a replay of the same submission with the same receipt', async () => {
    const headers = { 'idempotency-key': `receipt-replay-${Date.now()}` };
    const first = await submit(anonymousReport('重复提交的举报'), headers);
    const replay = await submit(anonymousReport('重复提交的举报'), headers);
    expect(replay.receipt).toEqual(first.receipt);
    expect(await verify(replay.receipt)).toBe(true);
    const reports = (await api.itemsOf('Report')).filter((r) => r.reportId === first.reportId);
    expect(reports).toHaveLength(1);
  });
});

describe('a signing failure', () => {
  it('answers 503 with Retry-After and writes nothing, so a retry is safe', async () => {
    vi.stubEnv('LOG_LEVEL', 'SILENT'); // the "transient fault" warning is the expected result here
    try {
      await api.runtime.settled();
      const before = (await api.allItems()).length;
      const throttledKms = Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      });
      const { submitReport } = await import('../../functions/reports/submit.ts');
      const handler = submitReport(
        createServices({
          signer: () => ({ keyId: 'kms', sign: () => Promise.reject(throttledKms), jwks: async () => [] }),
        }),
      );
      const event = httpEvent({ method: 'POST', path: '/reports', body: anonymousReport('签名失败') });
      const response = await invoke(handler, event);
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('1');
      await api.runtime.settled();
      expect((await api.allItems()).length).toBe(before);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('POST /receipts/verify', () => {
  it('says valid:false for any altered member, an unknown key or a malformed signature', async () => {
    const { receipt } = await submit(anonymousReport('核对回执'));
    const other = (await submit(anonymousReport('另一份回执'))).receipt;
    const altered: Receipt[] = [
      { ...receipt, reportId: other.reportId },
      { ...receipt, submittedAt: new Date(Date.parse(receipt.submittedAt) - 1000).toISOString() },
      { ...receipt, contentHash: other.contentHash },
      { ...receipt, contentHash: receipt.contentHash.toUpperCase() },
      { ...receipt, keyId: 'retired-key' },
      { ...receipt, keyId: '' },
      { ...receipt, signature: other.signature },
      { ...receipt, signature: `${receipt.signature}!` },
      { ...receipt, signature: `${receipt.signature.slice(0, 40)}*${receipt.signature.slice(41)}` },
      { ...receipt, signature: '' },
      { ...receipt, signature: 'A'.repeat(86) },
    ];
    for (const candidate of altered) expect(await verify(candidate), JSON.stringify(candidate)).toBe(false);
    expect(await verify(receipt)).toBe(true);
  });

  it('refuses what is not a receipt with 400, and an oversized body with 413', async () => {
    const { receipt } = await submit(anonymousReport('形状不对的回执'));
    const json = JSON.stringify(receipt);
    for (const raw of [
      '{}',
      '{"receipt":null}',
      '{"receipt":[]}',
      `{"receipt":${json},"extra":1}`,
      `{"receipt":${json.slice(0, -1)},"extra":"x"}`,
      `{"receipt":${json.slice(0, -1)},"__proto__":{"valid":true}}`,
      `{"receipt":${JSON.stringify({ ...receipt, signature: 42 })}}`,
      `{"receipt":${JSON.stringify({ ...receipt, keyId: undefined })}}`,
      `{"receipt":${JSON.stringify({ ...receipt, reportId: 'x'.repeat(101) })}}`,
      `{"receipt":${JSON.stringify({ ...receipt, reportId: 'rpt\u202e1' })}}`,
    ]) {
      const { status, body } = await api.call('POST', '/receipts/verify', { raw });
      expect(status, raw).toBe(400);
      expect(body.error.code).toBe('VALIDATION_FAILED');
    }
    const big = await api.call('POST', '/receipts/verify', {
      raw: JSON.stringify({ receipt: { ...receipt, pad: 'x'.repeat(5000) } }),
    });
    expect(big.status).toBe(413);
  });
});

describe('bin/verify-notice.mjs', () => {
  it('verifies a receipt offline with the JWKS file, and refuses an altered one', async () => {
    const { receipt } = await submit(anonymousReport('离线核验回执'));
    const dir = mkdtempSync(join(tmpdir(), 'receipt-'));
    const write = (name: string, value: unknown) => {
      writeFileSync(join(dir, name), JSON.stringify(value));
      return join(dir, name);
    };
    const jwks = write('jwks.json', (await api.call('GET', '/.well-known/notice-keys')).body);
    const ok = await run('node', ['bin/verify-notice.mjs', write('receipt.json', receipt), jwks]);
    expect(ok.stdout).toContain(`VALID: receipt for report ${receipt.reportId}`);
    for (const [name, altered] of [
      ['hash.json', { ...receipt, contentHash: '0'.repeat(64) }],
      ['time.json', { ...receipt, submittedAt: '2020-01-01T00:00:00.000Z' }],
      ['extra.json', { ...receipt, note: '已核验' }],
      ['stray.json', { ...receipt, signature: `${receipt.signature}=` }],
    ] as const) {
      await expect(
        run('node', ['bin/verify-notice.mjs', write(name, altered), jwks]),
        name,
      ).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('INVALID: this receipt') });
    }
  });
});
