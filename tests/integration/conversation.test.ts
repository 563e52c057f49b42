/** The conversation with a reporter and the result feedback (docs/api.md "The reporter's channel"). */
import { describe, expect, it } from 'vitest';
import { createServices } from '../../shared/services.ts';
import { anonymousReport, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();
const intake = api.as('intake', 'intake-1');
const investigator = api.as('investigator', 'inv-1');
const otherInvestigator = api.as('investigator', 'inv-2');
const approver = api.as('approver', 'appr-1');
const secondApprover = api.as('approver', 'appr-2');

const submit = async (report: unknown = anonymousReport()) => {
  const response = await api.post('/reports', report);
  expect(response.status).toBe(201);
  return response.body as { reportId: string; receiptCode: string };
};

const lookup = async (receiptCode: string) => {
  const response = await api.post('/receipts/lookup', { receiptCode });
  expect(response.status).toBe(200);
  return response.body as {
    stage: string;
    messages: { messageId: string; from: string; text: string; at: string }[];
  };
};

const act = (clue: { clueId: string; version: number }, body: Record<string, unknown>, who = intake) =>
  who.post(`/clues/${clue.clueId}/actions`, { expectedVersion: clue.version, ...body });

const registered = async (...reportIds: string[]) => {
  let clue = (await intake.post('/clues', { reportIds })).body;
  clue = (await act(clue, { action: 'assign', assignee: 'inv-1' })).body;
  clue = (await act(clue, { action: 'start-verification' }, investigator)).body;
  expect(clue.status).toBe('UNDER_VERIFICATION');
  return clue as { clueId: string; version: number; allegations: { allegationId: string }[] };
};

const concluded = async (clue: Awaited<ReturnType<typeof registered>>) => {
  const findings = clue.allegations.map((a) => ({
    allegationId: a.allegationId,
    finding: 'SUBSTANTIATED',
    reason: '经核查银行流水与当事人供述，所反映问题属实。',
  }));
  const proposed = (
    await act(clue, { action: 'propose-conclusion', summary: '反映属实', findings }, investigator)
  ).body;
  const approved = await act(proposed, { action: 'approve-conclusion', comment: '同意' }, approver);
  expect(approved.status).toBe(200);
  expect(approved.body.status).toBe('CONCLUDED');
  return approved.body as { clueId: string; version: number };
};

const realName = (serial: string) =>
  realNameReport({ name: '钱七', idNumber: validResidentId(serial), phone: '13700001111' });

describe('the conversation before registration', () => {
  it('lets the reporter and intake write both ways, sealed at rest, unread until intake reads it', async () => {
    const { reportId, receiptCode } = await submit();
    const question = '请补充说明收受礼金的具体时间和地点。';
    const answer = '2023年9月28日下午，在其办公室，约两万元。';

    const asked = await intake.post(`/reports/${reportId}/messages`, { text: question });
    expect(asked.status).toBe(201);
    const replied = await api.post('/receipts/messages', { receiptCode, text: answer });
    expect(replied.status).toBe(201);

    const seen = await lookup(receiptCode);
    expect(seen.messages.map(({ from, text }) => ({ from, text }))).toEqual([
      { from: 'COMMISSION', text: question },
      { from: 'REPORTER', text: answer },
    ]);

    // At rest there is only ciphertext: neither text is anywhere in the table or the outbox.
    const everything = JSON.stringify(await api.allItems());
    expect(everything).not.toContain(question);
    expect(everything).not.toContain(answer);
    expect(everything).not.toContain('两万元');
    const stored = (await api.itemsOf('Message')).filter((m) => m.reportId === reportId);
    expect(stored).toHaveLength(2);
    for (const item of stored) expect(item.text).toMatchObject({ v: 1, ciphertext: expect.any(String) });

    // The answer is unread in the intake queue until a handler reads it.
    const unreadIn = async () =>
      (await intake.get('/reports?status=UNREGISTERED&limit=100')).body.items.find(
        (r: { reportId: string }) => r.reportId === reportId,
      )?.unreadMessages;
    expect(await unreadIn()).toBe(1);
    const read = await intake.get(`/reports/${reportId}/messages`);
    expect(read.status).toBe(200);
    expect(read.body.items.map((m: { from: string; unread: boolean }) => [m.from, m.unread])).toEqual([
      ['COMMISSION', false],
      ['REPORTER', true],
    ]);
    expect(read.body.items[0]).toMatchObject({ text: question, author: 'intake-1' });
    expect(await unreadIn()).toBeUndefined();
    expect((await intake.get(`/reports/${reportId}/messages`)).body.items[1].unread).toBe(false);

    // ReporterMessageSent tells a notifier there is news, and nothing more.
    await api.runtime.settled();
    const events = (await api.call('GET', '/local/inbox?limit=500')).body.items
      .map((m: { message: string }) => JSON.parse(m.message))
      .filter(
        (e: { type: string; reportId?: string }) =>
          e.type === 'ReporterMessageSent' && e.reportId === reportId,
      );
    expect(events).toHaveLength(1);
    expect(Object.keys(events[0]).sort()).toEqual(
      ['at', 'eventId', 'messageId', 'occurredAt', 'reportId', 'type', 'version'].sort(),
    );
  });

  it('refuses staff who do not handle the report, and a result message before any conclusion', async () => {
    const { reportId } = await submit();
    expect((await investigator.post(`/reports/${reportId}/messages`, { text: '您好' })).status).toBe(403);
    expect((await approver.get(`/reports/${reportId}/messages`)).status).toBe(403);
    const early = await intake.post(`/reports/${reportId}/messages`, { text: '办理结果如下', result: true });
    expect(early.status).toBe(409);
    expect((await api.itemsOf('Message')).filter((m) => m.reportId === reportId)).toHaveLength(0);
  });
});

describe('bad input', () => {
  it('answers an unknown code with the lookup’s identical 404, counted as a miss', async () => {
    const misses = async () =>
      (await api.itemsOf('LookupCounter')).reduce((sum, item) => sum + Number(item.cur ?? 0), 0);
    const before = await misses();
    const viaLookup = await api.post('/receipts/lookup', { receiptCode: 'ZM-0000-0000-0000' });
    const viaMessage = await api.post('/receipts/messages', {
      receiptCode: 'ZM-0000-0000-0000',
      text: '补充',
    });
    const malformed = await api.post('/receipts/messages', { receiptCode: 'x', text: '补充' });
    expect(viaLookup.status).toBe(404);
    expect(viaMessage.status).toBe(404);
    expect(viaMessage.body).toEqual(viaLookup.body);
    expect(malformed.body).toEqual(viaLookup.body);
    expect(await misses()).toBe(before + 3);
  });

  it('refuses a message over 2,000 characters with 400, and an oversized body with 413, storing nothing', async () => {
    const { reportId, receiptCode } = await submit();
    const tooLong = await api.post('/receipts/messages', { receiptCode, text: '举'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.code).toBe('VALIDATION_FAILED');
    const atLimit = await api.post('/receipts/messages', { receiptCode, text: '举'.repeat(2000) });
    expect(atLimit.status).toBe(201);
    const huge = await intake.post(`/reports/${reportId}/messages`, { text: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    expect((await intake.post(`/reports/${reportId}/messages`, { text: '   ' })).status).toBe(400);
    expect((await api.itemsOf('Message')).filter((m) => m.reportId === reportId)).toHaveLength(1);
  });
});

describe('the conversation on a clue', () => {
  it('passes to the assignee and approvers at registration, on the clue’s audit trail without the text', async () => {
    const { reportId, receiptCode } = await submit();
    const clue = await registered(reportId);
    const secret = '请于下周到纪委当面说明情况';

    expect((await intake.post(`/reports/${reportId}/messages`, { text: '您好' })).status).toBe(403);
    expect((await otherInvestigator.post(`/reports/${reportId}/messages`, { text: '您好' })).status).toBe(
      403,
    );
    expect((await otherInvestigator.get(`/clues/${clue.clueId}/messages`)).status).toBe(403);
    expect((await investigator.post(`/reports/${reportId}/messages`, { text: secret })).status).toBe(201);
    expect((await approver.post(`/reports/${reportId}/messages`, { text: '谢谢您的配合' })).status).toBe(201);

    const history = (await intake.get(`/clues/${clue.clueId}`)).body.history;
    expect(history.filter((h: { action: string }) => h.action === 'send-reporter-message')).toHaveLength(2);
    expect(JSON.stringify(history)).not.toContain(secret);

    // The status texts stay in the conversation, as the commission's.
    const seen = await lookup(receiptCode);
    expect(seen.messages.map((m) => m.from)).toEqual(['COMMISSION', 'COMMISSION', 'COMMISSION']);
    expect(seen.messages[0]?.text).toBe('您的检举控告已受理。');

    // The reporter's answer is unread on the clue in the clue list, until the clue's conversation is read.
    expect((await api.post('/receipts/messages', { receiptCode, text: '好的，我会准时到。' })).status).toBe(
      201,
    );
    const listed = async () =>
      (await investigator.get('/clues?assignee=inv-1&limit=100')).body.items.find(
        (c: { clueId: string }) => c.clueId === clue.clueId,
      );
    expect((await listed()).unreadMessages).toBe(1);
    const detail = await investigator.get(`/clues/${clue.clueId}`);
    expect(detail.body.reports[0].unreadMessages).toBe(1);
    const read = await investigator.get(`/clues/${clue.clueId}/messages`);
    expect(read.status).toBe(200);
    expect(read.body.items.map((m: { unread: boolean }) => m.unread)).toEqual([false, false, true]);
    expect((await listed()).unreadMessages).toBeUndefined();
    expect((await investigator.get(`/clues/${clue.clueId}`)).body.reports[0].unreadMessages).toBeUndefined();
  });
});

describe('result feedback', () => {
  it('owes each real-name reporter the result from the conclusion, met by a result message', async () => {
    const named = await submit(realName('321'));
    const anonymous = await submit();
    const clue = await registered(named.reportId, anonymous.reportId);
    const done = await concluded(clue);

    const feedbacks = await api.itemsOf('ResultFeedback');
    const mine = feedbacks.filter((f) => f.clueId === clue.clueId);
    expect(mine.map((f) => f.reportId)).toEqual([named.reportId]);
    expect(mine[0]).toMatchObject({ status: 'PENDING', GSI3PK: 'DEADLINES#DUE' });
    const concludedAt = new Date(String(mine[0]?.concludedAt)).getTime();
    const feedbackBy = new Date(String(mine[0]?.feedbackBy)).getTime();
    // 15 working days: three weeks at least, more over holidays.
    expect(feedbackBy - concludedAt).toBeGreaterThanOrEqual(21 * 24 * 3600 * 1000);

    const listed = async () =>
      (await approver.get('/clues?status=CONCLUDED&limit=100')).body.items.find(
        (c: { clueId: string }) => c.clueId === done.clueId,
      );
    expect((await listed()).resultFeedback).toEqual({ at: mine[0]?.feedbackBy, overdue: false });

    // An ordinary message does not meet it; the result message does, on the clue's trail.
    await approver.post(`/reports/${named.reportId}/messages`, { text: '您好，线索已办结。' });
    expect((await approver.get(`/reports/${named.reportId}/messages`)).body.resultFeedback[0].status).toBe(
      'PENDING',
    );
    const result = await secondApprover.post(`/reports/${named.reportId}/messages`, {
      text: '经核查，您反映的问题属实，已依规依纪处理。',
      result: true,
    });
    expect(result.status).toBe(201);
    const after = await approver.get(`/reports/${named.reportId}/messages`);
    expect(after.body.resultFeedback).toEqual([
      expect.objectContaining({ reportId: named.reportId, status: 'MET', overdue: false }),
    ]);
    expect(after.body.items.at(-1)).toMatchObject({ result: true, author: 'appr-2' });
    expect((await listed()).resultFeedback).toBeUndefined();
    const stored = (await api.itemsOf('ResultFeedback')).find((f) => f.reportId === named.reportId);
    expect(stored?.GSI3PK).toBeUndefined();
    const history = (await approver.get(`/clues/${clue.clueId}`)).body.history;
    expect(history.at(-1)).toMatchObject({ action: 'send-result-feedback', role: 'approver' });

    // An anonymous reporter may be told the result too, with no deadline to meet.
    const toAnonymous = await approver.post(`/reports/${anonymous.reportId}/messages`, {
      text: '经核查，您反映的问题属实。',
      result: true,
    });
    expect(toAnonymous.status).toBe(201);
    expect((await lookup(anonymous.receiptCode)).messages.at(-1)).toMatchObject({ from: 'COMMISSION' });
  });

  it('alerts an unmet result feedback once, through the overdue sweep', async () => {
    const named = await submit(realName('654'));
    const clue = await registered(named.reportId);
    await concluded(clue);
    const { sweepOverdue } = await import('../../functions/workers/overdue-sweep.ts');
    const inTwoMonths = new Date(Date.now() + 60 * 24 * 3600 * 1000);
    const sweep = sweepOverdue(createServices({ now: () => inTwoMonths }));
    expect((await sweep()).alerted).toBeGreaterThanOrEqual(1);
    await sweep();

    await api.runtime.settled();
    const alerts = (await api.call('GET', '/local/inbox?limit=500')).body.items
      .filter((m: { topic: string }) => m.topic === 'alerts')
      .map((m: { message: string }) => JSON.parse(m.message))
      .filter((a: { reportId?: string }) => a.reportId === named.reportId);
    expect(alerts).toEqual([
      expect.objectContaining({
        type: 'ResultFeedbackOverdue',
        clueId: clue.clueId,
        deadline: expect.objectContaining({ kind: 'RESULT_FEEDBACK' }),
      }),
    ]);
    const stored = (await api.itemsOf('ResultFeedback')).find((f) => f.reportId === named.reportId);
    expect(stored).toMatchObject({
      GSI3PK: 'DEADLINES#ALERTED',
      alertedDeadline: expect.stringMatching(/^RESULT_FEEDBACK@/),
    });
    const history = (await approver.get(`/clues/${clue.clueId}`)).body.history;
    expect(history.at(-1)).toMatchObject({ action: 'deadline-alert', role: 'system' });

    // Met after the alert: it leaves the deadline index.
    const late = await approver.post(`/reports/${named.reportId}/messages`, {
      text: '办理结果如下……',
      result: true,
    });
    expect(late.status).toBe(201);
    const met = (await api.itemsOf('ResultFeedback')).find((f) => f.reportId === named.reportId);
    expect(met).toMatchObject({ status: 'MET' });
    expect(met?.GSI3PK).toBeUndefined();
  });
});
