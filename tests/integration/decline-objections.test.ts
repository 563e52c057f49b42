/**
 * 异议 to a decline before registration (不予受理): the report has no clue, so the objection rests on
 * the report and its own trail. Within the window, once per decline (also under a race), in the
 * approvers' queue as a 不予受理 objection naming the report; UPHOLD keeps the decline, REOPEN
 * returns the report to the intake queue, where it can be registered or declined again.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { anonymousReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

const intake = api.as('intake', 'intake-1');
const approver = api.as('approver', 'appr-1');

const objectionText = '我反映的是县住建局副局长在审批中收受好处的问题，属于纪委受理范围，请重新审查。';
const declineReason = '反映的是企业经营纠纷，不属于本机关受理范围';

interface Listed {
  objectionId: string;
  against: string;
  clueId?: string;
  reportId: string;
  reason: string;
  report?: { accused: { name: string }; declineReason?: string; status: string };
}

const declinedReport = async () => {
  const submitted = (await api.post('/reports', anonymousReport('审批中收受好处'))).body as {
    reportId: string;
    receiptCode: string;
  };
  const declined = await intake.post(`/reports/${submitted.reportId}/decline`, { reason: declineReason });
  expect(declined.status, JSON.stringify(declined.body)).toBe(200);
  return submitted;
};

const object = (receiptCode: string) =>
  api.post('/receipts/objections', { receiptCode, reason: objectionText });
const lookup = async (receiptCode: string) => (await api.post('/receipts/lookup', { receiptCode })).body;
const listed = async (status: string, reportId: string) =>
  ((await approver.get(`/objections?status=${status}&limit=100`)).body.items as Listed[]).filter(
    (o) => o.reportId === reportId,
  );
const queued = async () =>
  ((await intake.get('/reports?status=UNREGISTERED&limit=100')).body.items as { reportId: string }[]).map(
    (r) => r.reportId,
  );
const trailOf = async (reportId: string) =>
  (await api.allItems())
    .filter((item) => item.PK === `REPORT#${reportId}` && String(item.SK).startsWith('HISTORY#'))
    .sort((a, b) => String(a.SK).localeCompare(String(b.SK)));

describe('objections to a decline before registration (不予受理)', () => {
  it('are lodged once per decline, also when several race; the approvers see the report, not a clue', async () => {
    const { reportId, receiptCode } = await declinedReport();
    expect((await lookup(receiptCode)).objection).toMatchObject({ status: 'ALLOWED' });

    const answers = await Promise.all(Array.from({ length: 5 }, () => object(receiptCode)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409))
      expect(refused.body.error.code).toBe('OBJECTION_EXISTS');
    expect((await object(receiptCode)).body.error.code).toBe('OBJECTION_EXISTS');
    expect((await api.itemsOf('Objection')).filter((o) => o.reportId === reportId)).toHaveLength(1);

    const [open] = await listed('OPEN', reportId);
    expect(open).toMatchObject({
      against: 'NOT_ACCEPTED',
      reason: objectionText,
      report: { status: 'DECLINED', declineReason, accused: { name: expect.any(String) } },
    });
    expect(open?.clueId).toBeUndefined();

    const seen = await lookup(receiptCode);
    expect(seen).toMatchObject({ stage: 'NOT_ACCEPTED', objection: { status: 'OPEN' } });
    expect(seen.messages.at(-1).text).toContain('异议已收到');
    // On the report's own trail, without the reporter's reason (sealed on the objection alone).
    const trail = await trailOf(reportId);
    expect(trail.map((e) => e.action)).toEqual(['decline-report', 'objection-lodged']);
    expect(JSON.stringify(trail)).not.toContain(objectionText);
  });

  it('are refused once the window after the decline has passed', async () => {
    const { reportId, receiptCode } = await declinedReport();
    await api.db.send(
      new UpdateCommand({
        TableName: api.runtime.tableName,
        Key: { PK: `REPORT#${reportId}`, SK: 'REPORT' },
        UpdateExpression: 'SET declinedAt = :at',
        ExpressionAttributeValues: { ':at': new Date(Date.now() - 31 * 86_400_000).toISOString() },
      }),
    );
    const late = await object(receiptCode);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('OBJECTION_WINDOW_CLOSED');
    expect((await lookup(receiptCode)).objection).toMatchObject({ status: 'WINDOW_CLOSED' });
  });

  it('upheld: the decline stands, the reporter is told so, and it cannot be decided twice', async () => {
    const { reportId, receiptCode } = await declinedReport();
    const lodged = await object(receiptCode);
    expect(lodged.status).toBe(201);
    const upheld = await approver.post(`/objections/${lodged.body.objectionId}/decision`, {
      decision: 'UPHOLD',
      reason: '所反映问题确属企业经营纠纷，原决定并无不当。',
    });
    expect(upheld.status, JSON.stringify(upheld.body)).toBe(200);
    expect(upheld.body).toMatchObject({ status: 'UPHELD', against: 'NOT_ACCEPTED' });
    expect(upheld.body.reason).toBeUndefined();
    const again = await approver.post(`/objections/${lodged.body.objectionId}/decision`, {
      decision: 'REOPEN',
      reason: '再次复核。',
    });
    expect(again.status).toBe(409);

    const seen = await lookup(receiptCode);
    expect(seen).toMatchObject({ stage: 'NOT_ACCEPTED', objection: { status: 'UPHELD' } });
    expect(seen.messages.at(-1).text).toBe('经复核，原不予受理决定并无不当，予以维持。');
    expect(await queued()).not.toContain(reportId);
    expect((await object(receiptCode)).body.error.code).toBe('OBJECTION_EXISTS');
    expect((await trailOf(reportId)).at(-1)).toMatchObject({ action: 'objection-upheld', actor: 'appr-1' });
  });

  it('reopened: the report is back in the intake queue, can be declined again (a new objection) or registered', async () => {
    const { reportId, receiptCode } = await declinedReport();
    const lodged = await object(receiptCode);
    const reopenReason = '所反映问题涉及公职人员履职，属本机关受理范围，退回重新审查。';
    const reopened = await approver.post(`/objections/${lodged.body.objectionId}/decision`, {
      decision: 'REOPEN',
      reason: reopenReason,
    });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(reopened.body.status).toBe('REOPENED');
    expect(await queued()).toContain(reportId);
    expect(await listed('REOPENED', reportId)).toHaveLength(1);

    const seen = await lookup(receiptCode);
    expect(seen.stage).toBe('RECEIVED');
    expect(seen.objection).toBeUndefined();
    expect(seen.timeline.map((e: { stage: string }) => e.stage)).toEqual([
      'RECEIVED',
      'NOT_ACCEPTED',
      'RECEIVED',
    ]);
    const texts = seen.messages.map((m: { text: string }) => m.text);
    expect(texts.at(-2)).toContain('异议已收到');
    expect(texts.at(-1)).toBe('经复核，决定撤销原不予受理决定，您的检举控告将重新进行受理审查。');
    const english = await api.post('/receipts/lookup', { receiptCode }, { 'accept-language': 'en' });
    expect(english.body.messages.at(-1).text).toContain('considered for acceptance again');
    expect((await trailOf(reportId)).at(-1)).toMatchObject({
      action: 'objection-reopened',
      reason: reopenReason,
      fromStatus: 'DECLINED',
      toStatus: 'UNREGISTERED',
    });

    // Declined again: a new decision, open to a new objection.
    expect((await intake.post(`/reports/${reportId}/decline`, { reason: declineReason })).status).toBe(200);
    expect((await lookup(receiptCode)).objection).toMatchObject({ status: 'ALLOWED' });
    const second = await object(receiptCode);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    const reopenedAgain = await approver.post(`/objections/${second.body.objectionId}/decision`, {
      decision: 'REOPEN',
      reason: reopenReason,
    });
    expect(reopenedAgain.status).toBe(200);

    // Registered afterwards: the clue takes it in, and the reporter still reads the earlier steps.
    const clue = await intake.post('/clues', { reportIds: [reportId] });
    expect(clue.status, JSON.stringify(clue.body)).toBe(201);
    expect(await queued()).not.toContain(reportId);
    const registered = await lookup(receiptCode);
    expect(registered.stage).toBe('ACCEPTED');
    const said = registered.messages.map((m: { text: string }) => m.text);
    expect(said.filter((t: string) => t.includes('撤销原不予受理决定'))).toHaveLength(2);
    expect(said.at(-1)).toContain('已受理');
    expect((await object(receiptCode)).body.error.code).toBe('INVALID_TRANSITION');
  });
});
