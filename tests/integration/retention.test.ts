/**
 * Retention (保存期限, issue 15 part 6) on the local runtime, with the job's clock in the test's
 * hands: a case that ended more than RETENTION_YEARS ago loses its reporter's identity, contacts,
 * messages, files and the personal notes of its audit entries; one a day short of it keeps them.
 * The audit trail still verifies, the statistics keep their counts, a flag resting on the erased
 * report expires, and running the job again changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../shared/domain/audit.ts';
import { createServices } from '../../shared/services.ts';
import { headOfItem, historyOf, readHistory } from '../../shared/store/history.ts';
import { caseSteps } from '../support/cases.ts';
import { httpEvent, invoke } from '../support/events.ts';
import { attachFile, storedInBucket } from '../support/evidence.ts';
import { anonymousReport, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime({ RETENTION_YEARS: '5', LOOKUP_MISS_LIMIT: '50' });
const steps = caseSteps(api);
const { intake, approver } = steps;

const day = 24 * 3600 * 1000;
const yearsAfter = (iso: string, years: number, days: number) => {
  const at = new Date(iso);
  at.setUTCFullYear(at.getUTCFullYear() + years);
  return new Date(at.getTime() + days * day);
};

const note = '举报人赵六到信访接待室，当面核对身份证件原件。';

/** A verified real-name report with a file and a conversation, concluded FABRICATED (a flag is proposed). */
const fabricatedCase = async () => {
  const person = { name: '赵六', idNumber: validResidentId('915'), phone: '13900009150' };
  const { reportId, receiptCode } = await steps.submitReport(realNameReport(person));
  await steps.verifyReporter(reportId, { method: 'IN_PERSON', note });
  const attachmentId = await attachFile(api, receiptCode);
  await api.runtime.uploadsSettled();
  expect((await api.post('/receipts/messages', { receiptCode, text: '我还有一份转账记录。' })).status).toBe(
    201,
  );
  expect((await intake.post(`/reports/${reportId}/messages`, { text: '请补充转账时间。' })).status).toBe(201);
  const c = await steps.registerClue(reportId);
  await c.startVerification();
  await c.conclude('FABRICATED', '举报内容系捏造');
  return { reportId, receiptCode, clue: c.clue, attachmentId, person };
};

/** An anonymous report whose clue is closed (予以了结) `daysLater` days from now, by the clock given. */
const closedLater = async (daysLater: number) => {
  const { reportId } = await steps.submitReport(anonymousReport('超标准接待'));
  const { clue } = await steps.registerClue(reportId);
  const { clueAction } = await import('../../functions/clues/act.ts');
  const later = new Date(Date.now() + daysLater * day);
  const path = `/clues/${clue.clueId}/actions`;
  const base = httpEvent({
    method: 'POST',
    path,
    body: { expectedVersion: clue.version, action: 'close', reason: '问题轻微，已批评教育，予以了结' },
  });
  const closed = await invoke(
    clueAction(createServices({ now: () => later })) as never,
    {
      ...base,
      pathParameters: { clueId: clue.clueId },
      requestContext: {
        ...base.requestContext,
        authorizer: { jwt: { claims: { sub: 'intake-1', 'cognito:groups': '[intake]' }, scopes: [] } },
      },
    } as never,
  );
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  await api.runtime.settled();
  return { reportId, clueId: clue.clueId };
};

const runJob = async (now: Date) => {
  const { eraseExpired } = await import('../../functions/workers/retention.ts');
  return eraseExpired(createServices({ now: () => now }))();
};

const reportItem = async (reportId: string) =>
  (await api.itemsOf('Report')).find((r) => r.reportId === reportId) as Record<string, unknown>;
const indexEntry = async (reportId: string) =>
  (await api.itemsOf('RetentionEntry')).find((r) => r.reportId === reportId) as
    | Record<string, unknown>
    | undefined;

const objectExists = (reportId: string, attachmentId: string) =>
  storedInBucket(api.runtime, reportId, attachmentId);

/** The trail of a subject, checked against its head with the audit pepper. */
const trailVerdict = async (subjectPK: string) => {
  const entries = await readHistory(api.db, api.runtime.tableName, subjectPK);
  const head = (await api.itemsOf('HistoryHead')).find((h) => h.PK === subjectPK);
  const pepper = (await createServices().peppers()).audit;
  return { entries, verdict: verifyChain(entries, headOfItem(subjectPK, head), pepper) };
};

describe('the retention job', () => {
  it('erases a case ended N years and a day ago, keeps one ended a day short of it, and reruns as a no-op', async () => {
    // Prepare
    const a = await fabricatedCase();
    const b = await closedLater(2);
    const entryA = await indexEntry(a.reportId);
    const entryB = await indexEntry(b.reportId);
    expect(entryA).toMatchObject({ ended: true, stage: 'CONCLUDED', GSI1PK: 'RETENTION#default' });
    expect(entryB).toMatchObject({ ended: true, stage: 'CLOSED' });
    const endedA = String(entryA?.endedAt);
    const [flag] = await steps.flagsOn(a.reportId);
    expect(flag).toBeDefined();
    expect(await objectExists(a.reportId, a.attachmentId)).toBe(true);
    const statsBefore = (await approver.get('/stats')).body;
    expect(JSON.stringify((await trailVerdict(`REPORT#${a.reportId}`)).entries)).toContain('赵六');

    // Act: a day short of five years after A ended, nothing is due
    const early = await runJob(yearsAfter(endedA, 5, -1));

    // Assess
    expect(early).toEqual({ erased: 0, examined: 0 });
    expect(await reportItem(a.reportId)).toHaveProperty('identity');

    // Act: five years and a day after A ended (B, closed two days later, ended five years less a day ago)
    const due = await runJob(yearsAfter(endedA, 5, 1));

    // Assess
    expect(due).toEqual({ erased: 1, examined: 1 });
    const erased = await reportItem(a.reportId);
    for (const gone of ['identity', 'newsContact', 'smsPhone', 'phoneCode'])
      expect(erased).not.toHaveProperty(gone);
    expect(erased).toMatchObject({
      erasedAt: expect.any(String),
      erasure: expect.objectContaining({ identity: true, newsContact: true, phone: true, attachments: 1 }),
    });
    expect((erased.erasure as { messages: number }).messages).toBeGreaterThanOrEqual(2);
    expect(await indexEntry(a.reportId)).toBeUndefined();
    expect(await indexEntry(b.reportId)).toMatchObject({ ended: true });
    expect((await reportItem(b.reportId)).erasedAt).toBeUndefined();

    // Identity, messages and files answer as erased, never a 500.
    const identity = await approver.post(`/clues/${a.clue.clueId}/reports/${a.reportId}/identity`, {
      reason: '核查是否存在诬告陷害，需联系举报人',
    });
    expect(identity.status, JSON.stringify(identity.body)).toBe(200);
    expect(identity.body).toEqual({ reportId: a.reportId, erasedAt: erased.erasedAt });
    const messages = await approver.get(`/reports/${a.reportId}/messages`);
    expect(messages.status, JSON.stringify(messages.body)).toBe(200);
    expect(JSON.stringify(messages.body)).not.toMatch(/转账记录|转账时间/);
    expect((await approver.get(`/reports/${a.reportId}/attachments`)).body).toEqual({ items: [] });
    expect(await objectExists(a.reportId, a.attachmentId)).toBe(false);
    const detail = (await intake.get(`/clues/${a.clue.clueId}`)).body;
    expect(detail.reports[0]).toMatchObject({ reportId: a.reportId, erasedAt: erased.erasedAt });
    expect(detail.history.find((h: { action: string }) => h.action === 'personal-data-erased')).toMatchObject(
      {
        role: 'system',
        details: expect.objectContaining({ reportId: a.reportId, retentionYears: 5 }),
      },
    );

    // Both trails verify, and no longer hold the note on how the reporter was checked.
    expect((await approver.get(`/clues/${a.clue.clueId}/history/verify`)).body).toMatchObject({
      valid: true,
    });
    const reportTrail = await trailVerdict(`REPORT#${a.reportId}`);
    expect(reportTrail.verdict).toMatchObject({ valid: true });
    expect(reportTrail.entries.find((e) => e.personalOf === a.reportId)).toMatchObject({
      personalErasedAt: erased.erasedAt,
      personalDigest: expect.any(String),
    });
    expect(JSON.stringify(await api.allItems())).not.toContain(note);

    // The flag resting on the report expired with it; the statistics kept their counts.
    const dismissed = (await approver.get('/accuser-flags?status=DISMISSED&limit=100')).body.items as any[];
    expect(dismissed.map((f) => f.flagId)).toContain(flag.flagId);
    await api.runtime.settled();
    expect((await approver.get('/stats')).body).toEqual(statsBefore);
    const flagTrail = await trailVerdict(historyOf(`FLAG#${flag.flagId}`).head.key().PK);
    expect(flagTrail.verdict).toMatchObject({ valid: true });

    // Act: the same run again
    const version = erased.version;
    const again = await runJob(yearsAfter(endedA, 5, 1));

    // Assess: nothing left to do, nothing changed
    expect(again).toEqual({ erased: 0, examined: 0 });
    expect((await reportItem(a.reportId)).version).toBe(version);

    // And B's turn comes two days later.
    expect(await runJob(yearsAfter(endedA, 5, 3))).toEqual({ erased: 1, examined: 1 });
    expect((await reportItem(b.reportId)).erasedAt).toEqual(expect.any(String));
  });

  it('leaves a reopened case alone, and erases a declined report and an upheld objection’s reason', async () => {
    // Prepare: C concluded then reopened on an objection; D concluded, objection upheld; E declined.
    const concluded = async () => {
      const { reportId, receiptCode } = await steps.concludedCase(anonymousReport('违规用车'), 'UNTRUE', {
        summary: '反映不实',
      });
      const lodged = await api.post('/receipts/objections', {
        receiptCode,
        reason: '我本人亲眼看到公车停在其私宅楼下，请重新核查。',
      });
      expect(lodged.status, JSON.stringify(lodged.body)).toBe(201);
      return { reportId, objectionId: lodged.body.objectionId as string };
    };
    const c = await concluded();
    const d = await concluded();
    const decide = async (objectionId: string, decision: 'REOPEN' | 'UPHOLD') => {
      const decided = await approver.post(`/objections/${objectionId}/decision`, {
        decision,
        reason:
          decision === 'REOPEN'
            ? '异议所提情况需进一步核实，重新核查。'
            : '经复核，原结论证据充分，维持原结论。',
      });
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    };
    await api.runtime.settled();
    expect(await indexEntry(c.reportId)).toMatchObject({ ended: true, GSI1PK: 'RETENTION#default' });
    await decide(c.objectionId, 'REOPEN');
    await decide(d.objectionId, 'UPHOLD');
    const e = (await api.post('/reports', anonymousReport('其他事项'))).body as { reportId: string };
    const declined = await intake.post(`/reports/${e.reportId}/decline`, { reason: '不属于本机关受理范围' });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    await api.runtime.settled();

    // The reopened case left the index; the declined report entered it.
    const reopened = await indexEntry(c.reportId);
    expect(reopened).toMatchObject({ ended: false });
    expect(reopened).not.toHaveProperty('GSI1PK');
    expect(await indexEntry(e.reportId)).toMatchObject({ ended: true, stage: 'NOT_ACCEPTED' });

    // Act
    const run = await runJob(new Date(Date.now() + 6 * 366 * day));

    // Assess
    expect(run).toEqual({ erased: 2, examined: 2 });
    expect((await reportItem(c.reportId)).erasedAt).toBeUndefined();
    expect((await reportItem(d.reportId)).erasedAt).toEqual(expect.any(String));
    expect((await reportItem(e.reportId)).erasedAt).toEqual(expect.any(String));
    const upheld = (await approver.get('/objections?status=UPHELD&limit=100')).body.items as any[];
    const objection = upheld.find((o) => o.objectionId === d.objectionId);
    expect(objection).toMatchObject({ reasonErasedAt: expect.any(String), decision: { decision: 'UPHOLD' } });
    expect(objection).not.toHaveProperty('reason');
    const trail = await trailVerdict(`REPORT#${e.reportId}`);
    expect(trail.verdict).toMatchObject({ valid: true });
    expect(trail.entries.at(-1)).toMatchObject({ action: 'personal-data-erased' });
  });
});
