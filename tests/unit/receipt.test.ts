import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { localSigner } from '../../shared/crypto/signer.ts';
import { type Jwk, verifyNotice } from '../../shared/domain/notice.ts';
import { contentHashOf, issueReceipt, verifyReceipt } from '../../shared/domain/receipt.ts';
import { type ReportSubmission, receiveReport } from '../../shared/domain/report.ts';

const submission: ReportSubmission = {
  accused: { name: '张三', position: '县能源局副局长', organization: '某县能源局', region: '某省某县' },
  category: 'CORRUPTION',
  allegations: [
    {
      summary: '收受礼金',
      details: '2023年中秋前后。',
      incidentFrom: '2023-09-01',
      incidentTo: '2023-09-30',
    },
    { summary: '违规发放津贴' },
  ],
  reporterKind: 'REAL_NAME',
};

describe('the content hash of a receipt', () => {
  it('is the hex SHA-256 of the canonical JSON of the report without the identity', () => {
    const canonical =
      '{"accused":{"name":"张三","organization":"某县能源局","position":"县能源局副局长","region":"某省某县"},' +
      '"allegations":[{"details":"2023年中秋前后。","incidentFrom":"2023-09-01","incidentTo":"2023-09-30","summary":"收受礼金"},' +
      '{"summary":"违规发放津贴"}],"category":"CORRUPTION","reporterKind":"REAL_NAME"}';
    expect(contentHashOf(submission)).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
  });

  it('leaves the reporter’s identity out: the same report from two people hashes the same', () => {
    const fromLi = { ...submission, reporter: { name: '李四', idNumber: '110105198001014562' } };
    const fromWang = { ...submission, notifyMe: { email: 'wang@example.cn' }, reporter: { name: '王五' } };
    expect(contentHashOf(fromLi as ReportSubmission)).toBe(contentHashOf(submission));
    expect(contentHashOf(fromWang as ReportSubmission)).toBe(contentHashOf(submission));
  });

  it('changes with any member of the content', () => {
    const [first, second] = submission.allegations as [
      ReportSubmission['allegations'][0],
      ReportSubmission['allegations'][0],
    ];
    const changed: ReportSubmission[] = [
      { ...submission, accused: { ...submission.accused, name: '张叁' } },
      { ...submission, accused: { ...submission.accused, position: '县能源局局长' } },
      { ...submission, accused: { ...submission.accused, organization: '某县财政局' } },
      { ...submission, accused: { ...submission.accused, region: undefined } },
      { ...submission, category: 'DISCIPLINE' },
      { ...submission, reporterKind: 'ANONYMOUS' },
      { ...submission, allegations: [{ ...first, summary: '收受礼金。' }, second] },
      { ...submission, allegations: [{ ...first, details: '2023年国庆前后。' }, second] },
      { ...submission, allegations: [{ ...first, incidentFrom: '2023-09-02' }, second] },
      { ...submission, allegations: [{ ...first, incidentTo: undefined }, second] },
      { ...submission, allegations: [second, first] },
      { ...submission, allegations: [first] },
    ];
    const hashes = new Set([submission, ...changed].map(contentHashOf));
    expect(hashes.size).toBe(changed.length + 1);
  });
});

/** The same string with one character replaced by its neighbour in the base64url alphabet. */
const flip = (text: string, at: number) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const next = alphabet[(alphabet.indexOf(text[at] as string) + 1) % 64];
  return `${text.slice(0, at)}${next}${text.slice(at + 1)}`;
};

describe('a signed receipt', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = localSigner(privateKey.export({ format: 'jwk' }) as Jwk, 'test-key');

  it('verifies as issued, and not with any member altered', async () => {
    const report = receiveReport(submission, new Date('2026-03-02T08:00:00.000Z'));
    const receipt = await issueReceipt(report, signer);
    const keys = await signer.jwks();
    expect(receipt).toMatchObject({
      reportId: report.reportId,
      submittedAt: '2026-03-02T08:00:00.000Z',
      contentHash: contentHashOf(submission),
      keyId: 'test-key',
    });
    expect(verifyReceipt(receipt, keys)).toBe(true);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const otherKeys = await localSigner(other.export({ format: 'jwk' }) as Jwk, 'test-key').jwks();
    for (const [altered, jwks] of [
      [{ ...receipt, reportId: 'rpt_other' }, keys],
      [{ ...receipt, submittedAt: '2026-03-01T08:00:00.000Z' }, keys],
      [{ ...receipt, contentHash: contentHashOf({ ...submission, category: 'OTHER' }) }, keys],
      [{ ...receipt, keyId: 'retired-key' }, keys],
      [{ ...receipt, signature: `${receipt.signature}!` }, keys],
      [{ ...receipt, signature: flip(receipt.signature, 0) }, keys],
      // The last character carries two bits of the signature and four unused ones.
      [{ ...receipt, signature: flip(receipt.signature, 85) }, keys],
      [{ ...receipt, signature: 'not-a-signature' }, keys],
      [receipt, otherKeys],
    ] as const) {
      expect(verifyReceipt(altered, jwks)).toBe(false);
    }
  });

  it('does not pass for a notice, though both are signed with the same keys', async () => {
    const receipt = await issueReceipt(receiveReport(submission, new Date()), signer);
    const { keyId, signature, ...statement } = receipt;
    const dressedAsNotice = { ...statement, signature: { alg: 'ES256', keyId, value: signature } };
    expect(verifyNotice(dressedAsNotice, await signer.jwks())).toBe(false);
  });
});
