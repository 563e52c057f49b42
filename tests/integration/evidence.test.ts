/**
 * Evidence uploads end to end on the local runtime: announce by receipt code, PUT through the
 * presigned URL to the emulator's bucket, the check worker (fed by the emulator's object-created
 * events) marks the file, staff list and download it, and the download is on the audit trail.
 */
import { describe, expect, it } from 'vitest';
import { pdf, sha256, storedInBucket } from '../support/evidence.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

// The code's misses count against the lookup limit; these tests make a few on purpose.
const api = useLocalRuntime({ LOOKUP_MISS_LIMIT: '50' });
const intake = api.as('intake', 'intake-1');

const png = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

const submit = async () => {
  const submitted = await api.post('/reports', anonymousReport());
  expect(submitted.status).toBe(201);
  return submitted.body as { reportId: string; receiptCode: string };
};

const announce = (receiptCode: string, file: Partial<Record<string, unknown>>) =>
  api.post('/receipts/attachments', {
    receiptCode,
    fileName: '收据.pdf',
    contentType: 'application/pdf',
    ...file,
  });

const upload = async (
  announced: { upload: { url: string; headers: Record<string, string> } },
  body: Buffer,
) => fetch(announced.upload.url, { method: 'PUT', headers: announced.upload.headers, body });

/** Waits for the check worker to decide, as a member of intake sees it. */
const checked = async (reportId: string, attachmentId: string) => {
  for (let i = 0; i < 100; i++) {
    const list = await intake.get(`/reports/${reportId}/attachments`);
    expect(list.status).toBe(200);
    const found = list.body.items.find((a: { attachmentId: string }) => a.attachmentId === attachmentId);
    if (found && found.status !== 'ANNOUNCED') return found;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${attachmentId} was never checked`);
};

const objectExists = (reportId: string, attachmentId: string) =>
  storedInBucket(api.runtime, reportId, attachmentId);

describe('evidence uploads', () => {
  it('announces, uploads through the presigned URL, checks, lists and downloads on the record', async () => {
    // Prepare
    const { reportId, receiptCode } = await submit();
    // Act
    const announced = await announce(receiptCode, { size: pdf.length, sha256: sha256(pdf) });
    expect(announced.status).toBe(201);
    expect(announced.body.upload.method).toBe('PUT');
    expect(announced.body.upload.headers['content-type']).toBe('application/pdf');
    expect(new Date(announced.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect((await upload(announced.body, pdf)).status).toBe(200);
    const file = await checked(reportId, announced.body.attachmentId);
    // Assess
    expect(file).toMatchObject({
      status: 'AVAILABLE',
      size: pdf.length,
      sha256: sha256(pdf),
      fileName: '收据.pdf',
    });
    const lookup = await api.post('/receipts/lookup', { receiptCode });
    expect(lookup.body.attachments).toEqual([
      {
        attachmentId: announced.body.attachmentId,
        fileName: '收据.pdf',
        size: pdf.length,
        status: 'AVAILABLE',
      },
    ]);

    const download = await intake.post(`/attachments/${announced.body.attachmentId}/download`);
    expect(download.status).toBe(200);
    const fetched = await fetch(download.body.url);
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(pdf);
    const trail = (await api.itemsOf('HistoryEntry')).filter((e) => e.PK === `REPORT#${reportId}`);
    expect(trail).toEqual([
      expect.objectContaining({
        action: 'download-attachment',
        actor: 'intake-1',
        details: expect.objectContaining({ attachmentId: announced.body.attachmentId }),
      }),
    ]);
  });

  it('rejects and deletes a file whose leading bytes, size or hash lie, and never serves it', async () => {
    const { reportId, receiptCode } = await submit();
    // A PDF declared as a PNG, with its true size and hash: only the leading bytes betray it.
    const asPng = await announce(receiptCode, {
      contentType: 'image/png',
      size: pdf.length,
      sha256: sha256(pdf),
    });
    // A genuine PNG uploaded where another PNG was announced (same size, other bytes).
    const other = Buffer.from(png);
    other[15] = 0x53;
    const wrongHash = await announce(receiptCode, {
      contentType: 'image/png',
      size: png.length,
      sha256: sha256(other),
    });
    const wrongSize = await announce(receiptCode, { size: pdf.length + 1, sha256: sha256(pdf) });
    for (const [announced, body] of [
      [asPng, pdf],
      [wrongHash, png],
      [wrongSize, pdf],
    ] as const) {
      expect(announced.status).toBe(201);
      expect((await upload(announced.body, body)).status).toBe(200);
    }
    const verdicts = await Promise.all(
      [asPng, wrongHash, wrongSize].map((a) => checked(reportId, a.body.attachmentId)),
    );
    expect(verdicts.map((v) => [v.status, v.rejection])).toEqual([
      ['REJECTED', 'TYPE_MISMATCH'],
      ['REJECTED', 'HASH_MISMATCH'],
      ['REJECTED', 'SIZE_MISMATCH'],
    ]);
    for (const a of [asPng, wrongHash, wrongSize]) {
      expect(await objectExists(reportId, a.body.attachmentId)).toBe(false);
      expect((await intake.post(`/attachments/${a.body.attachmentId}/download`)).status).toBe(409);
    }
    const lookup = await api.post('/receipts/lookup', { receiptCode });
    expect(lookup.body.attachments.map((a: { status: string }) => a.status)).toEqual([
      'REJECTED',
      'REJECTED',
      'REJECTED',
    ]);
  });

  it('refuses other types (415), large files and full reports (413), and unknown codes with the lookup’s 404', async () => {
    const { receiptCode } = await submit();
    const zip = await announce(receiptCode, {
      contentType: 'application/zip',
      size: 10,
      sha256: sha256(pdf),
    });
    expect(zip.status).toBe(415);
    expect(zip.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await announce(receiptCode, { size: 20_971_521, sha256: sha256(pdf) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    // 100 MB in all: five files of 20 MB fit, one byte more does not.
    for (let i = 0; i < 5; i++) {
      expect((await announce(receiptCode, { size: 20_971_520, sha256: sha256(pdf) })).status).toBe(201);
    }
    expect((await announce(receiptCode, { size: 1, sha256: sha256(pdf) })).status).toBe(413);

    const unknown = await announce('ZM-0000-0000-0000', { size: 10, sha256: sha256(pdf) });
    const lookupMiss = await api.post('/receipts/lookup', { receiptCode: 'ZM-0000-0000-0000' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(lookupMiss.body);
    // An unknown code is 404 before anything about the file is judged.
    const unknownZip = await announce('ZM-1111-1111-1111', {
      contentType: 'application/zip',
      size: 10,
      sha256: sha256(pdf),
    });
    expect(unknownZip.status).toBe(404);
    expect(unknownZip.body).toEqual(lookupMiss.body);
    expect((await announce(receiptCode, { size: 10, sha256: 'xyz' })).status).toBe(400);
  });

  it('never lets concurrent announcements past 20 files a report', async () => {
    const { reportId, receiptCode } = await submit();
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => announce(receiptCode, { size: 10, sha256: sha256(pdf) })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 413)).toHaveLength(10);
    expect((await intake.get(`/reports/${reportId}/attachments`)).body.items).toHaveLength(20);
  });

  it('lets only staff handling the report list and download its files', async () => {
    const { reportId, receiptCode } = await submit();
    const announced = await announce(receiptCode, { size: pdf.length, sha256: sha256(pdf) });
    expect((await upload(announced.body, pdf)).status).toBe(200);
    await checked(reportId, announced.body.attachmentId);
    const investigator = api.as('investigator', 'inv-9');
    expect((await investigator.get(`/reports/${reportId}/attachments`)).status).toBe(403);
    expect((await investigator.post(`/attachments/${announced.body.attachmentId}/download`)).status).toBe(
      403,
    );
    expect((await api.call('GET', `/reports/${reportId}/attachments`, { role: 'auditor' })).status).toBe(403);
    expect((await intake.post('/attachments/att_AAAAAAAAAAAAAAAAAAAAAA/download')).status).toBe(404);
    expect((await intake.post('/attachments/not-an-id/download')).status).toBe(404);
  });
});
