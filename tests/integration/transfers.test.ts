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

    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('纪检监察机关');
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
