import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { byPhoneCall, caseSteps } from '../support/cases.ts';
import { anonymousReport, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

const steps = caseSteps(api);
const { intake, approver } = steps;
const secondApprover = api.as('approver', 'appr-2');
const objectionText = '我有新的证据：2024年3月的转账记录可以证明所反映问题属实，请重新核查。';

/** A clue under verification; staff called a real-name reporter (only a verified report counts). */
const clueOf = (report: object) => steps.clueInVerification(report, { reporterVerified: byPhoneCall });

const object = (receiptCode: string, text = objectionText) =>
  api.post('/receipts/objections', { receiptCode, reason: text });
const lookup = async (receiptCode: string) => (await api.post('/receipts/lookup', { receiptCode })).body;
const openObjections = async () =>
  (await approver.get('/objections?status=OPEN&limit=100')).body.items as {
    objectionId: string;
    reason: string;
  }[];

describe('objections (异议)', () => {
  it('are refused before a conclusion, for an unknown code, and twice for one conclusion; upheld, the reporter is told', async () => {
    const unregistered = (await api.post('/reports', anonymousReport())).body;
    const early = await object(unregistered.receiptCode);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INVALID_TRANSITION');

    const c = await clueOf(anonymousReport());
    const underWay = await object(c.receiptCode);
    expect(underWay.status).toBe(409);
    expect(underWay.body.error.code).toBe('INVALID_TRANSITION');
    expect((await lookup(c.receiptCode)).objection).toBeUndefined();

    const unknown = await object('ZM-0000-0000-0000-0000');
    const unknownLookup = await api.post('/receipts/lookup', { receiptCode: 'ZM-0000-0000-0000-0000' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(unknownLookup.body);

    const tooLong = await object(c.receiptCode, '长'.repeat(2001));
    expect(tooLong.status).toBe(400);

    await c.conclude('UNTRUE');
    const before = await lookup(c.receiptCode);
    expect(before.objection).toMatchObject({ status: 'ALLOWED', until: expect.any(String) });

    const lodged = await object(c.receiptCode);
    expect(lodged.status, JSON.stringify(lodged.body)).toBe(201);
    expect(lodged.body).toMatchObject({ status: 'OPEN', windowEndsAt: before.objection.until });
    const again = await object(c.receiptCode, '再次提出异议');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('OBJECTION_EXISTS');

    const listed = (await openObjections()).find((o) => o.objectionId === lodged.body.objectionId);
    expect(listed).toMatchObject({ reason: objectionText, status: 'OPEN', clueId: c.clue.clueId });
    // The reason is sealed at rest and in no event.
    const items = await api.allItems();
    expect(JSON.stringify(items)).not.toContain('2024年3月的转账记录');

    const seen = await lookup(c.receiptCode);
    expect(seen.objection).toEqual({ status: 'OPEN' });
    expect(seen.messages.map((m: { text: string }) => m.text)).toContain(
      '您提出的异议已收到，我们将依规进行复核，并将复核结果告知您。',
    );

    const upheld = await approver.post(`/objections/${lodged.body.objectionId}/decision`, {
      decision: 'UPHOLD',
      reason: '经复核，原核查程序规范、证据充分，维持原结论。',
    });
    expect(upheld.status, JSON.stringify(upheld.body)).toBe(200);
    expect(upheld.body).toMatchObject({
      status: 'UPHELD',
      decision: { decision: 'UPHOLD', decidedBy: 'appr-1' },
    });
    const twice = await approver.post(`/objections/${lodged.body.objectionId}/decision`, {
      decision: 'REOPEN',
      reason: '重新考虑',
    });
    expect(twice.status).toBe(409);
    expect((await openObjections()).map((o) => o.objectionId)).not.toContain(lodged.body.objectionId);

    const after = await lookup(c.receiptCode);
    expect(after.stage).toBe('CONCLUDED');
    expect(after.objection).toEqual({ status: 'UPHELD' });
    expect(after.messages.at(-1).text).toBe('经复核，原办理结论并无不当，予以维持。');
    const history = (await intake.get(`/clues/${c.clue.clueId}`)).body.history as { action: string }[];
    expect(history.map((h) => h.action)).toEqual(
      expect.arrayContaining(['objection-lodged', 'objection-upheld']),
    );
    expect(
      (
        await approver.post(`/objections/obj_${'x'.repeat(22)}/decision`, {
          decision: 'UPHOLD',
          reason: '无',
        })
      ).status,
    ).toBe(404);
  });

  it('are lodged once when many arrive at the same moment', async () => {
    const c = await clueOf(anonymousReport());
    await c.conclude('UNTRUE');
    const answers = await Promise.all(Array.from({ length: 6 }, () => object(c.receiptCode)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409))
      expect(refused.body.error.code).toBe('OBJECTION_EXISTS');
    const mine = (await api.itemsOf('Objection')).filter((o) => o.clueId === c.clue.clueId);
    expect(mine).toHaveLength(1);
  });

  it('are refused once the window after the conclusion has passed', async () => {
    const c = await clueOf(anonymousReport());
    await c.conclude('UNTRUE');
    const longAgo = new Date(Date.now() - 31 * 86_400_000).toISOString();
    await api.db.send(
      new UpdateCommand({
        TableName: api.runtime.tableName,
        Key: { PK: `CLUE#${c.clue.clueId}`, SK: 'CLUE' },
        UpdateExpression: 'SET conclusion.concludedAt = :at',
        ExpressionAttributeValues: { ':at': longAgo },
      }),
    );
    const late = await object(c.receiptCode);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('OBJECTION_WINDOW_CLOSED');
    expect((await lookup(c.receiptCode)).objection).toMatchObject({ status: 'WINDOW_CLOSED' });
  });

  it('reopened, take the clue back to verification with the history showing why; statistics and flags count the conclusion once', async () => {
    const stats = async () => (await approver.get('/stats')).body;
    const person = { name: '异议人', idNumber: validResidentId('931'), phone: '13700001111' };
    const c = await clueOf(realNameReport(person));
    const statsBefore = await stats();
    await c.conclude('FABRICATED');
    const flagsOf = (status: string) => steps.flagsOn(c.reportId, status);
    const [proposed] = await flagsOf('PROPOSED');
    expect(proposed).toMatchObject({ level: 'FABRICATION' });
    const concludedStats = await stats();
    expect(concludedStats.byFinding.FABRICATED).toBe(statsBefore.byFinding.FABRICATED + 1);

    const lodged = await object(c.receiptCode);
    expect(lodged.status).toBe(201);
    const reopenReason = '举报人提交了新的转账凭证，需重新核查。';
    const reopened = await secondApprover.post(`/objections/${lodged.body.objectionId}/decision`, {
      decision: 'REOPEN',
      reason: reopenReason,
    });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(reopened.body.status).toBe('REOPENED');
    await api.runtime.settled();

    const clue = await c.refresh();
    expect(clue.status).toBe('UNDER_VERIFICATION');
    expect(clue.conclusion).toBeUndefined();
    const last = clue.history.at(-1);
    expect(last).toMatchObject({
      action: 'objection-reopened',
      actor: 'appr-2',
      fromStatus: 'CONCLUDED',
      toStatus: 'UNDER_VERIFICATION',
      reason: reopenReason,
      details: { objectionId: lodged.body.objectionId, reportId: c.reportId },
    });
    expect((await approver.get(`/clues/${clue.clueId}/history/verify`)).body.valid).toBe(true);

    const seen = await lookup(c.receiptCode);
    expect(seen.stage).toBe('UNDER_VERIFICATION');
    expect(seen.outcome).toBeUndefined();
    expect(seen.objection).toBeUndefined();
    expect(seen.messages.at(-1).text).toBe('经复核，决定对您反映的问题重新进行核查。');

    // The conclusion no longer counts: in the statistics, and for the flag that rested on it.
    const reopenedStats = await stats();
    expect(reopenedStats.byFinding.FABRICATED).toBe(statsBefore.byFinding.FABRICATED);
    expect(reopenedStats.byStatus.CONCLUDED).toBe(concludedStats.byStatus.CONCLUDED - 1);
    expect(await flagsOf('PROPOSED')).toEqual([]);
    const [withdrawn] = await flagsOf('DISMISSED');
    expect(withdrawn.steps.at(-1)).toMatchObject({ step: 'WITHDRAWN', by: 'flag-policy' });

    // Concluded again: counted once, with a new proposal resting on the new conclusion.
    await c.conclude('FABRICATED');
    expect((await stats()).byFinding.FABRICATED).toBe(statsBefore.byFinding.FABRICATED + 1);
    const renewed = await flagsOf('PROPOSED');
    expect(renewed).toHaveLength(1);
    expect(renewed[0].flagId).not.toBe(proposed.flagId);
    expect(renewed[0].evidence).toHaveLength(1);

    // A new conclusion may be objected to again.
    expect((await object(c.receiptCode, '对重新核查的结论仍有异议')).status).toBe(201);
  });
});
