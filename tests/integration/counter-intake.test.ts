/** Reports taken at the counter: POST /intake/reports (letter, visit, phone), its receipt and its count. */
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../shared/store/history.ts';
import { anonymousReport, realNameReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

const record = (body: unknown, options: { role?: 'intake' | 'approver' | 'auditor'; key?: string } = {}) =>
  api.call('POST', '/intake/reports', {
    body,
    role: options.role ?? 'intake',
    user: 'intake-counter-1',
    ...(options.key ? { headers: { 'idempotency-key': options.key } } : {}),
  });

describe('POST /intake/reports', () => {
  it('records a letter with its channel, who recorded it on the audit trail, and a receipt that verifies', async () => {
    const answer = await record({ ...realNameReport(), channel: 'LETTER' });
    expect(answer.status).toBe(201);
    const { reportId, receiptCode, submittedAt, receipt } = answer.body;
    expect(receipt).toMatchObject({ reportId, submittedAt });
    expect((await api.post('/receipts/verify', { receipt })).body.valid).toBe(true);

    // The person follows it with the code like anyone who reported online.
    const lookup = await api.post('/receipts/lookup', { receiptCode });
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ reportId, stage: 'RECEIVED' });

    const [stored] = (await api.itemsOf('Report')).filter((item) => item.reportId === reportId);
    expect(stored).toMatchObject({ channel: 'LETTER', status: 'UNREGISTERED' });
    const trail = await readHistory(api.db, api.runtime.tableName, `REPORT#${reportId}`);
    expect(trail).toEqual([
      expect.objectContaining({
        seq: 1,
        actor: 'intake-counter-1',
        role: 'intake',
        action: 'record-counter-report',
        details: { channel: 'LETTER' },
      }),
    ]);
    // The identity is sealed as for an online report: nothing of it on the trail or the item.
    expect(JSON.stringify([stored, trail])).not.toContain('李四');
    expect(JSON.stringify([stored, trail])).not.toContain('lisi.reporter');

    // It waits in the intake queue with the others.
    const queue = await api.as('intake', 'intake-2').get('/reports?status=UNREGISTERED&limit=100');
    expect(queue.body.items.map((r: { reportId: string }) => r.reportId)).toContain(reportId);
  });

  it('is for intake alone, and refuses a missing or unknown channel', async () => {
    for (const role of ['approver', 'auditor'] as const) {
      expect((await record({ ...anonymousReport(), channel: 'VISIT' }, { role })).status).toBe(403);
    }
    const anonymous = await api.call('POST', '/intake/reports', {
      body: { ...anonymousReport(), channel: 'VISIT' },
    });
    expect(anonymous.status).toBe(401);
    expect((await record(anonymousReport())).status).toBe(400);
    expect((await record({ ...anonymousReport(), channel: 'ONLINE' })).status).toBe(400);
    expect((await record({ ...anonymousReport(), channel: 'FAX' })).status).toBe(400);
  });

  it('answers a repeat with the same key with the same receipt, and records one report', async () => {
    const key = `counter-replay-${Date.now()}`;
    const body = { ...anonymousReport('来访群众反映的问题'), channel: 'VISIT' };
    const first = await record(body, { key });
    const again = await record(body, { key });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const reports = (await api.itemsOf('Report')).filter((r) => r.reportId === first.body.reportId);
    expect(reports).toHaveLength(1);
    expect((await record({ ...body, channel: 'PHONE' }, { key })).status).toBe(422);
  });

  it('counts reports by channel in the staff and public statistics', async () => {
    await api.runtime.settled();
    const before = (await api.call('GET', '/stats', { role: 'auditor' })).body;
    await record({ ...anonymousReport('电话反映'), channel: 'PHONE' });
    await record({ ...anonymousReport('电话反映二'), channel: 'PHONE' });
    await record({ ...anonymousReport('来信反映'), channel: 'LETTER' });
    expect((await api.post('/reports', anonymousReport('网上举报'))).status).toBe(201);
    await api.runtime.settled();
    const after = (await api.call('GET', '/stats', { role: 'auditor' })).body;
    const grew = (channel: string) => after.byChannel[channel] - before.byChannel[channel];
    expect([grew('PHONE'), grew('LETTER'), grew('VISIT'), grew('ONLINE')]).toEqual([2, 1, 0, 1]);
    expect(after.reportsReceived - before.reportsReceived).toBe(4);
    const publicStats = (await api.call('GET', '/stats/public')).body;
    expect(publicStats.reportsByChannel).toEqual(after.byChannel);
  });
});
