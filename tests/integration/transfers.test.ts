/**
 * Transfers between commissions (issue 16, shared/domain/transfer.ts): a clue or a waiting report
 * handed from county-a to the city lands in the city's intake queue with a 5-working-day deadline
 * of the city's calendar; the files and the conversation follow; the reporter keeps the code.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, calendarOf, chinaDate, isWorkingDay } from '../../shared/domain/calendar.ts';
import { newsText } from '../../shared/domain/reporter-news.ts';
import { createServices } from '../../shared/services.ts';
import { readHistory } from '../../shared/store/history.ts';
import { seedCommissions, testHierarchy } from '../support/commissions.ts';
import { anonymousReport, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

const county = (role: Parameters<typeof api.as>[0], user: string) => api.as(role, user, 'county-a');
const city = (role: Parameters<typeof api.as>[0], user: string) => api.as(role, user, 'city-jia');

/** The city's next two working days are holidays in its own calendar (not in the county's). */
const emptyCalendar = calendarOf([], []);
const cityHolidays = (() => {
  const days: string[] = [];
  let at = new Date();
  while (days.length < 2) {
    at = new Date(at.getTime() + 24 * 3600 * 1000);
    if (isWorkingDay(chinaDate(at), emptyCalendar)) days.push(chinaDate(at));
  }
  return days;
})();

const submit = async (report: Record<string, unknown> = anonymousReport()) => {
  const response = await api.post('/reports', { ...report, commissionId: 'county-a' });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { reportId: string; receiptCode: string };
};

const registered = async () => {
  const person = { name: '郑十一', idNumber: validResidentId('716'), phone: '13600002222' };
  const report = await submit(realNameReport(person));
  const clue = await county('intake', 'intake-a').post('/clues', { reportIds: [report.reportId] });
  expect(clue.status, JSON.stringify(clue.body)).toBe(201);
  return { report, clue: clue.body as { clueId: string; version: number } };
};

beforeAll(async () => {
  await seedCommissions(
    api.db,
    api.runtime.tableName,
    testHierarchy.map((c) =>
      c.commissionId === 'city-jia' ? { ...c, settings: { ...c.settings, holidays: cityHolidays } } : c,
    ),
  );
});

describe('a clue transferred from a county to the city', () => {
  it('moves its report, files and conversation to the city queue, with its deadline, and tells the reporter', async () => {
    // Prepare
    const { report, clue } = await registered();
    const intakeA = county('intake', 'intake-a');
    const added = await api.post('/receipts/messages', {
      receiptCode: report.receiptCode,
      text: '补充：时间在去年十月',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const file = Buffer.from('%PDF-1.4 transfer evidence');
    const announced = await api.post('/receipts/attachments', {
      receiptCode: report.receiptCode,
      fileName: '收据.pdf',
      contentType: 'application/pdf',
      size: file.length,
      sha256: createHash('sha256').update(file).digest('hex'),
    });
    expect(announced.status, JSON.stringify(announced.body)).toBe(201);
    const before = Date.now();

    // Act
    const moved = await intakeA.post(`/clues/${clue.clueId}/actions`, {
      expectedVersion: clue.version,
      action: 'transfer',
      reason: '反映问题涉及市管干部，按管理权限移交',
      toCommissionId: 'city-jia',
    });
    await api.runtime.settled();

    // Assess: the sending clue ends TRANSFERRED and says where to; its report is no longer its own.
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({
      status: 'TRANSFERRED',
      transferredTo: '甲市纪委监委',
      transferredToCommissionId: 'city-jia',
    });
    expect(moved.body.reports[0].caseNumber).toBeUndefined();
    expect(moved.body.history.at(-1)).toMatchObject({
      action: 'transfer',
      details: { to: '甲市纪委监委', toCommissionId: 'city-jia' },
    });
    expect((await intakeA.get(`/reports/${report.reportId}/messages`)).status).toBe(404);
    expect((await intakeA.get(`/reports/${report.reportId}/attachments`)).status).toBe(404);
    const queueA = (await intakeA.get('/reports?status=UNREGISTERED&limit=100')).body.items;
    expect(queueA.map((r: { reportId: string }) => r.reportId)).not.toContain(report.reportId);

    // The city's queue has it, due 5 working days on in the city's calendar (its holidays skipped).
    const intakeCity = city('intake', 'intake-city');
    const queue = (await intakeCity.get('/reports?status=UNREGISTERED&limit=100')).body.items;
    const arrived = queue.find((r: { reportId: string }) => r.reportId === report.reportId);
    const due = addWorkingDays(new Date(before), 5, calendarOf(cityHolidays, []));
    expect(arrived).toMatchObject({
      transferredFrom: { commissionId: 'county-a', name: '甲市A县纪委监委', reason: expect.any(String) },
      takeUpBy: due.toISOString(),
    });
    expect(due > addWorkingDays(new Date(before), 5, emptyCalendar)).toBe(true);
    // Its number is drawn from the city's own counter; the county's is kept only as where it came from.
    expect(arrived.caseNumber).toEqual(expect.any(String));
    expect(arrived.transferredFrom.caseNumber).toEqual(expect.any(String));
    const counters = await api.itemsOf('CaseCounter');
    expect(counters.find((c) => c.commissionId === 'city-jia' && c.kind === 'REPORT')?.seq).toBeGreaterThan(
      0,
    );

    // The files and the conversation follow the report to the city.
    const files = await intakeCity.get(`/reports/${report.reportId}/attachments`);
    expect(files.status).toBe(200);
    expect(files.body.items.map((a: { attachmentId: string }) => a.attachmentId)).toContain(
      announced.body.attachmentId,
    );
    const conversation = await intakeCity.get(`/reports/${report.reportId}/messages`);
    expect(conversation.status).toBe(200);
    expect(conversation.body.items.map((m: { text: string }) => m.text)).toContain('补充：时间在去年十月');

    // The identity moved sealed, never in clear.
    const stored = (await api.itemsOf('Report')).find((r) => r.reportId === report.reportId);
    expect(JSON.stringify(stored)).not.toContain('郑十一');
    expect(stored?.commissionId).toBe('city-jia');

    // The reporter, with the same code, sees the hand-over to the city by name.
    const lookup = await api.post('/receipts/lookup', { receiptCode: report.receiptCode });
    expect(lookup.status).toBe(200);
    expect(lookup.body.stage).toBe('TRANSFERRED');
    const said = JSON.stringify(lookup.body.messages);
    expect(said).toContain('甲市纪委监委');
    expect(said).not.toContain('intake-a');
  });

  it('transfers once when five transfers of the same clue race', async () => {
    // Prepare
    const { report, clue } = await registered();
    const intakeA = county('intake', 'intake-a');

    // Act
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        intakeA.post(`/clues/${clue.clueId}/actions`, {
          expectedVersion: clue.version,
          action: 'transfer',
          reason: '反映问题涉及市管干部，按管理权限移交',
          toCommissionId: 'city-jia',
        }),
      ),
    );

    // Assess
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const stored = (await api.itemsOf('Report')).find((r) => r.reportId === report.reportId);
    expect(stored?.transfers).toHaveLength(1);
    const timeline = stored?.timeline as { stage: string }[];
    expect(timeline.filter((e) => e.stage === 'TRANSFERRED')).toHaveLength(1);
  });

  it('refuses an unknown commission, its own, and a transfer naming nobody', async () => {
    // Prepare
    const { clue } = await registered();
    const intakeA = county('intake', 'intake-a');
    const transfer = (extra: Record<string, unknown>) =>
      intakeA.post(`/clues/${clue.clueId}/actions`, {
        expectedVersion: clue.version,
        action: 'transfer',
        reason: '按管理权限移交有关机关',
        ...extra,
      });

    // Act
    const unknown = await transfer({ toCommissionId: 'nowhere' });
    const own = await transfer({ toCommissionId: 'county-a' });
    const nobody = await transfer({});
    const outside = await transfer({ to: '某县公安局' });

    // Assess: an unknown commission is a mistake in the body, answered as the portal answers it
    // (400 on the field), not the 404 that would read as "no such clue".
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('纪检监察机关');
    expect(unknown.body.error.details[0]).toMatchObject({
      path: 'body.toCommissionId',
      code: 'unknown_commission',
    });
    expect(own.status).toBe(409);
    expect(nobody.status).toBe(400);
    expect(outside.status, JSON.stringify(outside.body)).toBe(200);
    expect(outside.body).toMatchObject({ status: 'TRANSFERRED', transferredTo: '某县公安局' });
    expect(outside.body.transferredToCommissionId).toBeUndefined();
  });
});

describe('a waiting report escalated to the level above', () => {
  it('goes to the city queue, is on its trail, and alerts when it is not taken up in time', async () => {
    // Prepare
    const report = await submit(anonymousReport('反映县纪委监委负责人违规干预案件'));
    const intakeA = county('intake', 'intake-a');

    // Act
    const unknown = await intakeA.post(`/reports/${report.reportId}/transfer`, {
      toCommissionId: 'nowhere',
      reason: '反映本机关主要负责人问题，报上一级办理',
    });
    const escalated = await intakeA.post(`/reports/${report.reportId}/transfer`, {
      toCommissionId: 'city-jia',
      reason: '反映本机关主要负责人问题，报上一级办理',
    });
    const again = await intakeA.post(`/reports/${report.reportId}/transfer`, {
      toCommissionId: 'city-jia',
      reason: '反映本机关主要负责人问题，报上一级办理',
    });
    const fromTheCity = await city('intake', 'intake-city').post(`/reports/${report.reportId}/transfer`, {
      toCommissionId: 'city-jia',
      reason: '退回',
    });

    // Assess
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toMatchObject({ path: 'body.toCommissionId' });
    expect(escalated.status, JSON.stringify(escalated.body)).toBe(200);
    expect(escalated.body).toMatchObject({
      status: 'TRANSFERRED',
      toCommissionId: 'city-jia',
      to: '甲市纪委监委',
    });
    expect(again.status).toBe(404);
    expect(fromTheCity.status).toBe(409);
    const stored = (await api.itemsOf('Report')).find((r) => r.reportId === report.reportId);
    expect(stored?.GSI1PK).toBe('C#city-jia#REPORTS#UNREGISTERED');
    const trail = (await api.allItems()).filter(
      (i) => i.PK === `REPORT#${report.reportId}` && String(i.SK).startsWith('HISTORY#'),
    );
    expect(JSON.stringify(trail)).toContain('transfer-report');
    const lookup = await api.post('/receipts/lookup', { receiptCode: report.receiptCode });
    expect(lookup.body.stage).toBe('TRANSFERRED');
    expect(JSON.stringify(lookup.body.messages)).toContain('甲市纪委监委');

    // The overdue sweep alerts the take-up deadline once it has passed, and once only.
    const { sweepOverdue } = await import('../../functions/workers/overdue-sweep.ts');
    const later = new Date(new Date(escalated.body.takeUpBy).getTime() + 60_000);
    const sweep = sweepOverdue(createServices({ now: () => later }));
    await sweep();
    await sweep();
    await api.runtime.settled();
    const alerts = (await api.call('GET', '/local/inbox?limit=500')).body.items
      .filter((m: { topic: string }) => m.topic === 'alerts')
      .map((m: { message: string }) => JSON.parse(m.message))
      .filter((a: { reportId?: string }) => a.reportId === report.reportId);
    expect(alerts).toEqual([
      expect.objectContaining({
        type: 'ReportOverdue',
        deadline: { kind: 'TAKE_UP', at: escalated.body.takeUpBy },
      }),
    ]);
  });

  it('tells a reporter who left an email that there is news, and nothing of where it went', async () => {
    // Prepare: received is not news, so this reporter has had none.
    const email = `escalated.${Date.now()}@example.cn`;
    const report = await submit({ ...anonymousReport('反映县纪委监委负责人问题'), notifyMe: { email } });
    await api.runtime.settled();
    const keysBefore = (await api.itemsOf('ReporterNewsSubscription')).map((i) => String(i.contactKey));

    // Act
    const escalated = await county('intake', 'intake-a').post(`/reports/${report.reportId}/transfer`, {
      toCommissionId: 'city-jia',
      reason: '反映本机关主要负责人问题，报上一级办理',
    });
    expect(escalated.status, JSON.stringify(escalated.body)).toBe(200);
    await api.runtime.settled();

    // Assess: one message, the one for every kind of news; the lookup tells the rest.
    const keys = (await api.itemsOf('ReporterNewsSubscription'))
      .map((i) => String(i.contactKey))
      .filter((k) => !keysBefore.includes(k));
    expect(keys).toHaveLength(1);
    const delivered = (await api.call('GET', '/local/inbox?limit=500')).body.items.filter(
      (m: { attributes: Record<string, string> }) => m.attributes.newsFor === keys[0],
    );
    expect(delivered.map((m: { message: string }) => m.message)).toEqual([newsText]);
    expect(JSON.stringify(delivered)).not.toContain('甲市');
  });
});

const counterOf = async (commissionId: string) =>
  (await api.itemsOf('CaseCounter')).find((c) => c.commissionId === commissionId && c.kind === 'REPORT')
    ?.seq as number | undefined;

describe('what stays with the sender', () => {
  it('reads none of the conversation that left, and keeps no unread count for it', async () => {
    // Prepare: the reporter answers while the county holds the clue.
    const { report, clue } = await registered();
    const added = await api.post('/receipts/messages', {
      receiptCode: report.receiptCode,
      text: '补充：收受的是购物卡',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const inboxOf = async () =>
      (await api.itemsOf('ClueInbox')).find((i) => i.PK === `CLUE#${clue.clueId}`) as
        | { unread?: Set<string> }
        | undefined;
    expect((await inboxOf())?.unread?.size).toBe(1);

    // Act
    const moved = await county('intake', 'intake-a').post(`/clues/${clue.clueId}/actions`, {
      expectedVersion: clue.version,
      action: 'transfer',
      reason: '反映问题涉及市管干部，按管理权限移交',
      toCommissionId: 'city-jia',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const inboxAfter = await inboxOf();
    const read = await county('approver', 'appr-a').get(`/clues/${clue.clueId}/messages`);

    // Assess: the county's clue no longer counts the answer, nor reads it.
    expect(inboxAfter?.unread?.size ?? 0).toBe(0);
    const list = (await county('intake', 'intake-a').get('/clues?status=TRANSFERRED&limit=100')).body.items;
    expect(list.find((c: { clueId: string }) => c.clueId === clue.clueId)?.unreadMessages).toBeUndefined();
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain('购物卡');
    // The city still has it unread: the county's attempt did not mark it read.
    const queue = (await city('intake', 'intake-city').get('/reports?status=UNREGISTERED&limit=100')).body
      .items;
    expect(queue.find((r: { reportId: string }) => r.reportId === report.reportId)?.unreadMessages).toBe(1);
  });

  it("answers none of the departed reporter's recusal requests", async () => {
    // Prepare: the reporter asks for a recusal while the county holds the clue; then it leaves.
    const { report, clue } = await registered();
    const asked = await api.post('/receipts/messages', {
      receiptCode: report.receiptCode,
      text: '请求承办人回避',
      recusalRequest: { name: '子', reason: '承办人与被反映人系同学关系。' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const moved = await county('intake', 'intake-a').post(`/clues/${clue.clueId}/actions`, {
      expectedVersion: clue.version,
      action: 'transfer',
      reason: '反映问题涉及市管干部，按管理权限移交',
      toCommissionId: 'city-jia',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);

    // Act: the county's approver records a recusal on the clue it sent, citing that request.
    const recorded = await county('approver', 'appr-a').post(`/clues/${clue.clueId}/recusals`, {
      userId: 'inv-a',
      reason: '举报人申请回避，经核实承办人与被反映人系同学关系。',
      requestMessageId: asked.body.messageId,
    });

    // Assess: the request now belongs to the city's case; the county cannot answer it.
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(404);
    expect(recorded.body.error.code).toBe('NOT_FOUND');
  });

  it("draws none of the receiver's case numbers for a transfer it refuses", async () => {
    // Prepare
    const { clue } = await registered();
    const before = (await counterOf('city-jia')) ?? 0;
    const transfer = (who: ReturnType<typeof county>, expectedVersion: number) =>
      who.post(`/clues/${clue.clueId}/actions`, {
        expectedVersion,
        action: 'transfer',
        reason: '反映问题涉及市管干部，按管理权限移交',
        toCommissionId: 'city-jia',
      });

    // Act
    const stale = await transfer(county('intake', 'intake-a'), clue.version + 3);
    const notTheirs = await transfer(county('investigator', 'inv-a'), clue.version);

    // Assess
    expect(stale.status).toBe(409);
    expect(notTheirs.status).toBe(403);
    expect((await counterOf('city-jia')) ?? 0).toBe(before);
  });
});

describe("a report about a commission's own leaders", () => {
  const aboutCountyLeaders = async () => {
    const submitted = await api.post('/reports', {
      ...anonymousReport('反映县纪委监委副书记干预案件'),
      commissionId: 'county-a',
      aboutCommissionLeadership: true,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(submitted.body.commission).toMatchObject({ commissionId: 'city-jia', escalatedFrom: 'county-a' });
    return submitted.body as { reportId: string };
  };

  it('cannot be transferred back to that commission, alone or in a clue', async () => {
    // Prepare
    const waiting = await aboutCountyLeaders();
    const held = await aboutCountyLeaders();
    const intakeCity = city('intake', 'intake-city');
    const clue = await intakeCity.post('/clues', { reportIds: [held.reportId] });
    expect(clue.status, JSON.stringify(clue.body)).toBe(201);
    const before = await counterOf('county-a');

    // Act
    const alone = await intakeCity.post(`/reports/${waiting.reportId}/transfer`, {
      toCommissionId: 'county-a',
      reason: '交县纪委监委办理',
    });
    const inClue = await intakeCity.post(`/clues/${clue.body.clueId}/actions`, {
      expectedVersion: clue.body.version,
      action: 'transfer',
      reason: '交县纪委监委办理',
      toCommissionId: 'county-a',
    });
    const elsewhere = await intakeCity.post(`/reports/${waiting.reportId}/transfer`, {
      toCommissionId: 'county-b',
      reason: '交B县纪委监委办理',
    });

    // Assess
    for (const refused of [alone, inClue]) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(409);
      expect(refused.body.error.message).toContain('领导班子');
    }
    const stored = (await api.itemsOf('Report')).filter((r) =>
      [waiting.reportId, held.reportId].includes(r.reportId as string),
    );
    expect(stored.find((r) => r.reportId === held.reportId)?.commissionId).toBe('city-jia');
    expect(await counterOf('county-a')).toBe(before);
    // Another commission may take it.
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(200);
  });
});

describe('retention of a transferred report', () => {
  const retentionOf = async (reportId: string) =>
    (await api.itemsOf('RetentionEntry')).find((r) => r.reportId === reportId);

  /** A clue the county worked on a while (shelved, resumed) before transferring it to the city. */
  const transferredAfterWork = async () => {
    const { report, clue } = await registered();
    const intakeA = county('intake', 'intake-a');
    let version = clue.version;
    for (const action of ['shelve', 'resume'] as const) {
      const step = await intakeA.post(`/clues/${clue.clueId}/actions`, {
        expectedVersion: version,
        action,
        reason: '等待有关部门提供材料',
      });
      expect(step.status, JSON.stringify(step.body)).toBe(200);
      version = step.body.version;
    }
    const moved = await intakeA.post(`/clues/${clue.clueId}/actions`, {
      expectedVersion: version,
      action: 'transfer',
      reason: '反映问题涉及市管干部，按管理权限移交',
      toCommissionId: 'city-jia',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await api.runtime.settled();
    return report;
  };

  it("enters the index when the receiver's own case ends, under the receiver", async () => {
    // Prepare
    const closed = await transferredAfterWork();
    const declined = await transferredAfterWork();
    const intakeCity = city('intake', 'intake-city');

    // Act: the city closes a clue of its own on one, and declines the other.
    const clue = await intakeCity.post('/clues', { reportIds: [closed.reportId] });
    expect(clue.status, JSON.stringify(clue.body)).toBe(201);
    const close = await intakeCity.post(`/clues/${clue.body.clueId}/actions`, {
      expectedVersion: clue.body.version,
      action: 'close',
      reason: '问题轻微，已批评教育，予以了结',
    });
    expect(close.status, JSON.stringify(close.body)).toBe(200);
    const decline = await intakeCity.post(`/reports/${declined.reportId}/decline`, {
      reason: '不属于本机关受理范围',
    });
    expect(decline.status, JSON.stringify(decline.body)).toBe(200);
    await api.runtime.settled();

    // Assess
    expect(await retentionOf(closed.reportId)).toMatchObject({
      ended: true,
      stage: 'CLOSED',
      commissionId: 'city-jia',
      clueId: clue.body.clueId,
      GSI1PK: 'RETENTION#city-jia',
    });
    expect(await retentionOf(declined.reportId)).toMatchObject({
      ended: true,
      stage: 'NOT_ACCEPTED',
      commissionId: 'city-jia',
      GSI1PK: 'RETENTION#city-jia',
    });
  });

  it("erases, when its time comes, what the sending clue's trail holds of the reporter too", async () => {
    // Prepare: the county checks the reporter in person (a personal note on its clue's trail),
    // then transfers the clue; the city closes a clue of its own on the report.
    const { report, clue } = await registered();
    const intakeA = county('intake', 'intake-a');
    const note = '举报人郑十一到县纪委信访室，当面核对身份证件原件。';
    const verified = await intakeA.post(`/reports/${report.reportId}/identity-verification`, {
      method: 'IN_PERSON',
      note,
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const current = (await intakeA.get(`/clues/${clue.clueId}`)).body;
    const moved = await intakeA.post(`/clues/${clue.clueId}/actions`, {
      expectedVersion: current.version,
      action: 'transfer',
      reason: '反映问题涉及市管干部，按管理权限移交',
      toCommissionId: 'city-jia',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const intakeCity = city('intake', 'intake-city');
    const own = await intakeCity.post('/clues', { reportIds: [report.reportId] });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const close = await intakeCity.post(`/clues/${own.body.clueId}/actions`, {
      expectedVersion: own.body.version,
      action: 'close',
      reason: '问题轻微，已批评教育，予以了结',
    });
    expect(close.status, JSON.stringify(close.body)).toBe(200);
    await api.runtime.settled();
    const sendingTrail = () => readHistory(api.db, api.runtime.tableName, `CLUE#${clue.clueId}`);
    expect(JSON.stringify(await sendingTrail())).toContain(note);

    // Act: the retention job, long after the city's case ended.
    const { eraseExpired } = await import('../../functions/workers/retention.ts');
    const later = new Date(Date.now() + 40 * 366 * 24 * 3600 * 1000);
    await eraseExpired(createServices({ now: () => later }))();

    // Assess: the report is erased, and the county's trail keeps the entry without the note.
    const erased = (await api.itemsOf('Report')).find((r) => r.reportId === report.reportId);
    expect(erased?.erasedAt).toEqual(expect.any(String));
    const trail = await sendingTrail();
    expect(JSON.stringify(trail)).not.toContain(note);
    expect(trail.find((e) => e.personalOf === report.reportId)).toMatchObject({
      personalErasedAt: erased?.erasedAt,
    });
  });
});
