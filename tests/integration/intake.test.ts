import { describe, expect, it } from 'vitest';
import { envelopeVault, localKeyWrapper } from '../../shared/crypto/vault.ts';
import { anonymousReport, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

describe('POST /reports → POST /receipts/lookup', () => {
  it('gives a receipt code once and finds the report by it, however it is typed', async () => {
    const submitted = await api.post('/reports', anonymousReport());
    expect(submitted.status).toBe(201);
    expect(submitted.body.receiptCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(submitted.headers.get('cache-control')).toBe('no-store');

    const typedSloppily = submitted.body.receiptCode.toLowerCase().replaceAll('-', ' ');
    const found = await api.post('/receipts/lookup', { receiptCode: typedSloppily });
    expect(found.status).toBe(200);
    expect(found.body).toEqual({
      reportId: submitted.body.reportId,
      stage: 'RECEIVED',
      timeline: [{ at: submitted.body.submittedAt, stage: 'RECEIVED' }],
      messages: [],
      attachments: [],
    });
  });

  it('answers every miss with the same 404 body', async () => {
    const codes = ['', 'x', 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH', '0'.repeat(32), '💥'.repeat(50)];
    const bodies = await Promise.all(
      codes.map((receiptCode, i) =>
        api.post('/receipts/lookup', { receiptCode }, { 'x-forwarded-for': `10.9.0.${i}` }),
      ),
    );
    expect(bodies.map((r) => r.status)).toEqual(codes.map(() => 404));
    expect(new Set(bodies.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(bodies[0]?.body.error.code).toBe('NOT_FOUND');
  });

  it('stores the reporter identity only sealed, and the receipt code only as a keyed hash', async () => {
    const person = { name: '王五', idNumber: validResidentId('789'), phone: '13912345678' };
    const submitted = await api.post('/reports', realNameReport(person));
    expect(submitted.status).toBe(201);

    const everything = JSON.stringify(await api.allItems());
    const code = submitted.body.receiptCode as string;
    for (const secret of [
      person.name,
      person.idNumber,
      person.phone,
      'lisi.reporter@example.cn',
      code,
      code.replaceAll('-', ''),
    ]) {
      expect(everything).not.toContain(secret);
    }

    const [report] = (await api.itemsOf('Report')).filter(
      (item) => item.reportId === submitted.body.reportId,
    );
    expect(report?.reporterKind).toBe('REAL_NAME');
    expect(report?.reporterFingerprint).toMatch(/^[0-9a-f]{64}$/);
    const vault = envelopeVault(
      localKeyWrapper(Buffer.from(process.env.LOCAL_IDENTITY_KEY as string, 'base64')),
    );
    const opened = await vault.open(report?.identity as never, { reportId: submitted.body.reportId });
    expect(opened).toEqual({ ...person, email: 'lisi.reporter@example.cn' });
    // Bound to its report: the same envelope does not open for another one.
    await expect(vault.open(report?.identity as never, { reportId: 'rpt_other' })).rejects.toThrow();
  });

  it('gives the same fingerprint for the same person however the ID is written', async () => {
    const id = validResidentId('31X'.replace('X', '7'));
    const lower = { name: '赵六', idNumber: id.toLowerCase(), phone: '13700000000' };
    const first = await api.post('/reports', realNameReport(lower));
    const second = await api.post('/reports', realNameReport({ ...lower, idNumber: ` ${id} ` }));
    const reports = await api.itemsOf('Report');
    const print = (reportId: string) => reports.find((r) => r.reportId === reportId)?.reporterFingerprint;
    expect(print(first.body.reportId)).toBeDefined();
    expect(print(first.body.reportId)).toBe(print(second.body.reportId));
  });
});

describe('POST /reports validation', () => {
  const invalid = async (body: unknown) => {
    const response = await api.post('/reports', body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    return response.body.error.details as { path: string }[];
  };

  it('rejects an ID number whose check character is wrong', async () => {
    const id = validResidentId('456');
    const wrongCheck = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const details = await invalid(
      realNameReport({ name: '李四', idNumber: wrongCheck, phone: '13812345678' }),
    );
    expect(details.map((d) => d.path)).toContain('body.reporter.idNumber');
  });

  it('rejects a phone that is not an 11-digit mobile', async () => {
    const details = await invalid(
      realNameReport({ name: '李四', idNumber: validResidentId(), phone: '0105551234' }),
    );
    expect(details.map((d) => d.path)).toContain('body.reporter.phone');
  });

  it('rejects unknown fields, too many allegations and over-long strings', async () => {
    expect((await invalid({ ...anonymousReport(), extra: 1 })).length).toBeGreaterThan(0);
    const many = Array.from({ length: 21 }, () => ({ summary: 'x' }));
    expect((await invalid({ ...anonymousReport(), allegations: many })).map((d) => d.path)).toContain(
      'body.allegations',
    );
    const long = { ...anonymousReport(), allegations: [{ summary: '长'.repeat(201) }] };
    expect((await invalid(long)).map((d) => d.path)).toContain('body.allegations.0.summary');
  });

  it('rejects a body that is not JSON', async () => {
    const response = await api.call('POST', '/reports', { raw: '{"accused":' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses an oversized body with 413 before parsing it', async () => {
    const huge = `{"padding":"${'x'.repeat(300 * 1024)}"`; // not even valid JSON: it must not be parsed
    const response = await api.call('POST', '/reports', { raw: huge });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const lookup = await api.call('POST', '/receipts/lookup', {
      raw: JSON.stringify({ receiptCode: 'x'.repeat(8000) }),
    });
    expect(lookup.status).toBe(413);
  });

  it('answers in English when asked to', async () => {
    const response = await api.post('/reports', {}, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(response.body.error.message).toBe('The request is not valid');
    const chinese = await api.post('/reports', {});
    expect(chinese.body.error.message).toBe('请求内容不符合要求');
  });
});

describe('GET /reports?status=UNREGISTERED', () => {
  it('pages through the queue oldest first, without any identity', async () => {
    const before = await api.call('GET', '/reports?status=UNREGISTERED&limit=100', { role: 'intake' });
    const known = new Set((before.body.items as { reportId: string }[]).map((r) => r.reportId));
    for (let i = 0; i < 5; i++) await api.post('/reports', realNameReport());

    const seen: { reportId: string; submittedAt: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await api.call(
        'GET',
        `/reports?status=UNREGISTERED&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { role: 'auditor' },
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    expect(seen.filter((r) => !known.has(r.reportId))).toHaveLength(5);
    expect(new Set(seen.map((r) => r.reportId)).size).toBe(seen.length);
    expect(seen.map((r) => r.submittedAt)).toEqual([...seen.map((r) => r.submittedAt)].sort());
    const text = JSON.stringify(seen);
    for (const hidden of ['李四', '13812345678', '"identity"', 'reporterFingerprint', 'lisi.reporter']) {
      expect(text).not.toContain(hidden);
    }
  });

  it('needs a token (401) with a staff role allowed to see the queue (403)', async () => {
    expect((await api.call('GET', '/reports?status=UNREGISTERED')).status).toBe(401);
    const wrongRole = await api.call('GET', '/reports?status=UNREGISTERED', { role: 'investigator' });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.error.code).toBe('FORBIDDEN');
    const forged = await api.call('GET', '/reports?status=UNREGISTERED', {
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
    });
    expect(forged.status).toBe(401);
  });

  it('rejects a bad limit, status or cursor with 400', async () => {
    for (const query of [
      'status=UNREGISTERED&limit=0',
      'status=UNREGISTERED&limit=101',
      'status=REGISTERED',
      'status=UNREGISTERED&cursor=bm9wZQ',
    ]) {
      const response = await api.call('GET', `/reports?${query}`, { role: 'intake' });
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('system routes', () => {
  it('answers /health and 404s unknown routes in the contract shape', async () => {
    expect((await api.call('GET', '/health')).body).toEqual({ status: 'ok' });
    const missing = await api.call('GET', '/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });
});
