import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { decideRegistration, reportsToRegister } from '../../shared/domain/clue-decisions.ts';
import { newId } from '../../shared/domain/ids.ts';
import { createServices } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { httpEvent, invoke } from '../support/events.ts';
import { anonymousReport, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

const staffCall = api.as;
const intake = staffCall('intake', 'intake-1');
const investigator = staffCall('investigator', 'inv-1');
const approver = staffCall('approver', 'appr-1');

const submit = async (report: unknown = anonymousReport()) =>
  (await api.post('/reports', report)).body as { reportId: string; receiptCode: string };

const register = async (...reportIds: string[]) => {
  const response = await intake.post('/clues', { reportIds });
  expect(response.status).toBe(201);
  return response.body;
};

const act = (clue: { clueId: string; version: number }, body: Record<string, unknown>, who = intake) =>
  who.post(`/clues/${clue.clueId}/actions`, { expectedVersion: clue.version, ...body });

/** Takes a new clue to UNDER_VERIFICATION with inv-1 as assignee. */
const clueUnderVerification = async (report: unknown = anonymousReport()) => {
  const { reportId, receiptCode } = await submit(report);
  let clue = await register(reportId);
  clue = (await act(clue, { action: 'assign', assignee: 'inv-1' })).body;
  clue = (await act(clue, { action: 'start-verification' }, investigator)).body;
  expect(clue.status).toBe('UNDER_VERIFICATION');
  return { clue, reportId, receiptCode };
};

const reasonFor = {
  UNTRUE: '经调阅会议记录和财务凭证，所反映事项与事实不符，属误听误信。',
  FABRICATED: '举报人提供的收据系伪造，经笔迹鉴定与银行流水比对，举报内容为凭空捏造，意图影响干部提拔。',
  SUBSTANTIATED: '经核查银行流水与当事人供述，所反映问题属实。',
};

describe('the life of a clue', () => {
  it('goes from two reports to an approved finding, seen by staff, reporters and subscribers', async () => {
    const person = { name: '孙八', idNumber: validResidentId('811'), phone: '13511112222' };
    const first = await submit(realNameReport(person));
    const second = await submit(anonymousReport('同一事项的另一份举报'));

    const suggestionsBefore = await intake.get(`/reports/${second.reportId}/suggestions`);
    let clue = await register(first.reportId);
    expect(clue).toMatchObject({ status: 'REGISTERED', version: 1, reportCount: 1 });
    expect(clue.allegations[0].allegationId).toBe(`${first.reportId}-a1`);
    const suggestions = await intake.get(`/reports/${second.reportId}/suggestions`);
    expect(suggestions.body.items.map((c: { clueId: string }) => c.clueId)).toContain(clue.clueId);
    expect(suggestionsBefore.body.items.map((c: { clueId: string }) => c.clueId)).not.toContain(clue.clueId);

    clue = (
      await intake.post(`/clues/${clue.clueId}/reports`, { reportId: second.reportId, expectedVersion: 1 })
    ).body;
    expect(clue).toMatchObject({ version: 2, reportCount: 2, allegationCount: 2 });
    const queue = await intake.get('/reports?status=UNREGISTERED&limit=100');
    const queued = queue.body.items.map((r: { reportId: string }) => r.reportId);
    expect(queued).not.toContain(first.reportId);
    expect(queued).not.toContain(second.reportId);

    clue = (await act(clue, { action: 'assign', assignee: 'inv-1' })).body;
    clue = (await act(clue, { action: 'start-verification' }, investigator)).body;
    const [a1, a2] = clue.allegations.map((a: { allegationId: string }) => a.allegationId);
    clue = (
      await act(
        clue,
        {
          action: 'propose-conclusion',
          summary: '两项反映均不属实',
          findings: [
            { allegationId: a1, finding: 'FABRICATED', reason: reasonFor.FABRICATED },
            { allegationId: a2, finding: 'UNTRUE', reason: reasonFor.UNTRUE },
          ],
        },
        investigator,
      )
    ).body;
    expect(clue.status).toBe('CONCLUSION_PROPOSED');
    const approved = await act(clue, { action: 'approve-conclusion', comment: '同意' }, approver);
    expect(approved.status).toBe(200);
    clue = approved.body;
    expect(clue.status).toBe('CONCLUDED');
    expect(clue.overallFinding).toBe('FABRICATED');
    expect(clue.conclusion.reportOutcomes).toEqual({
      [first.reportId]: 'FABRICATED',
      [second.reportId]: 'UNTRUE',
    });

    const full = await api.call('GET', `/clues/${clue.clueId}`, { role: 'auditor' });
    expect(full.body.history.map((h: { action: string }) => h.action)).toEqual([
      'register',
      'merge-report',
      'assign',
      'start-verification',
      'propose-conclusion',
      'approve-conclusion',
    ]);
    expect(full.body.history[5]).toMatchObject({
      actor: 'appr-1',
      role: 'approver',
      fromStatus: 'CONCLUSION_PROPOSED',
      toStatus: 'CONCLUDED',
    });
    expect(JSON.stringify(full.body)).not.toMatch(/孙八|13511112222|reporterFingerprint|"identity"/);
    expect(JSON.stringify(full.body)).not.toContain(person.idNumber);

    const lookup = await api.post('/receipts/lookup', { receiptCode: second.receiptCode });
    expect(lookup.body.stage).toBe('CONCLUDED');
    expect(lookup.body.timeline.map((t: { stage: string }) => t.stage)).toEqual([
      'RECEIVED',
      'ACCEPTED',
      'UNDER_VERIFICATION',
      'CONCLUDED',
    ]);
    expect(lookup.body.outcome.result).toBe('NOT_SUBSTANTIATED');
    expect(lookup.body.outcome.text).toContain('不属实');

    await api.runtime.settled();
    const inbox = await api.call('GET', '/local/inbox?limit=500');
    const concluded = inbox.body.items
      .filter((m: { subject: string }) => m.subject === 'ClueConcluded')
      .map((m: { message: string }) => JSON.parse(m.message))
      .filter((e: { clueId: string }) => e.clueId === clue.clueId);
    expect(concluded).toHaveLength(1);
    expect(concluded[0].reports).toEqual([
      expect.objectContaining({ reportId: first.reportId, outcome: 'FABRICATED', reporterKind: 'REAL_NAME' }),
      expect.objectContaining({ reportId: second.reportId, outcome: 'UNTRUE', reporterKind: 'ANONYMOUS' }),
    ]);
    expect(JSON.stringify(concluded[0])).not.toContain(person.idNumber);

    const verified = await api.call('GET', `/clues/${clue.clueId}/history/verify`, { role: 'auditor' });
    expect(verified.body).toEqual({ valid: true, entries: 6 });
  });
});

describe('who may act, and when', () => {
  it('refuses the wrong role (403), the wrong status (409) and the wrong person (403)', async () => {
    const { clue } = await clueUnderVerification();
    const wrongRole = await act(clue, { action: 'close', reason: '不属于受理范围的事项' }, investigator);
    expect(wrongRole.status).toBe(403);
    const wrongStatus = await act(clue, { action: 'approve-conclusion' }, approver);
    expect(wrongStatus.status).toBe(409);
    expect(wrongStatus.body.error.code).toBe('INVALID_TRANSITION');
    const otherInvestigator = staffCall('investigator', 'inv-2');
    const notAssignee = await act(
      clue,
      { action: 'request-extension', days: 30, reason: '需调取更多材料' },
      otherInvestigator,
    );
    expect(notAssignee.status).toBe(403);
  });

  it('needs a second person to approve a conclusion (four eyes)', async () => {
    const both = {
      post: (path: string, body: unknown) =>
        api.call('POST', path, { body, role: 'investigator', user: 'inv-1' }),
    };
    const { clue } = await clueUnderVerification();
    const proposed = (
      await act(
        clue,
        {
          action: 'propose-conclusion',
          summary: '不属实',
          findings: [
            { allegationId: clue.allegations[0].allegationId, finding: 'UNTRUE', reason: reasonFor.UNTRUE },
          ],
        },
        both as never,
      )
    ).body;
    const token = await import('../../infra/local/keys.ts').then((k) =>
      k.issueLocalToken('inv-1', ['investigator', 'approver']),
    );
    const selfApproval = await api.call('POST', `/clues/${clue.clueId}/actions`, {
      body: { action: 'approve-conclusion', expectedVersion: proposed.version },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(selfApproval.status).toBe(403);
    expect(selfApproval.body.error.code).toBe('FORBIDDEN');

    const rejected = await act(
      proposed,
      { action: 'reject-conclusion', reason: '证据链不完整，请补充银行流水' },
      approver,
    );
    expect(rejected.body.status).toBe('UNDER_VERIFICATION');
    expect(rejected.body.rejections[0]).toMatchObject({
      reason: '证据链不完整，请补充银行流水',
      rejectedBy: 'appr-1',
    });
    expect(rejected.body.history.at(-1)).toMatchObject({
      action: 'reject-conclusion',
      reason: '证据链不完整，请补充银行流水',
    });
  });

  it('lets exactly one of racing actions win; the rest get VERSION_CONFLICT', async () => {
    const { reportId } = await submit();
    const clue = await register(reportId);
    const results = await Promise.all(
      ['inv-1', 'inv-2', 'inv-3', 'inv-4', 'inv-5'].map((assignee) =>
        act(clue, { action: 'assign', assignee }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    expect(
      results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'VERSION_CONFLICT'),
    ).toBe(true);
    const after = await intake.get(`/clues/${clue.clueId}`);
    expect(after.body.version).toBe(2);
    expect(after.body.history).toHaveLength(2);
  });

  it('demands a finding with a reason for every allegation, and a strict one for FABRICATED', async () => {
    const { clue } = await clueUnderVerification();
    const id = clue.allegations[0].allegationId;
    const propose = (findings: unknown[]) =>
      act(clue, { action: 'propose-conclusion', summary: '结论', findings }, investigator);
    const weak = await propose([{ allegationId: id, finding: 'FABRICATED', reason: '捏造' }]);
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0].path).toBe('body.findings.0.reason');
    expect(
      (await propose([{ allegationId: `${id}x`, finding: 'UNTRUE', reason: reasonFor.UNTRUE }])).status,
    ).toBe(400);
    expect((await propose([{ allegationId: id, finding: 'UNTRUE' }])).status).toBe(400);
    const unknownField = await act(clue, { action: 'start-verification', extra: true }, investigator);
    expect(unknownField.status).toBe(400);
    expect((await intake.get(`/clues/${clue.clueId}`)).body.version).toBe(clue.version);
  });

  it('allows one extension of the conclusion deadline, approved by someone else', async () => {
    const { clue } = await clueUnderVerification();
    const requested = (
      await act(clue, { action: 'request-extension', days: 30, reason: '需调取外地材料' }, investigator)
    ).body;
    const approved = await act(
      requested,
      { action: 'approve-extension', days: 20, reason: '同意延期二十天' },
      approver,
    );
    expect(approved.status).toBe(200);
    const moved =
      new Date(approved.body.deadlines.concludeBy).getTime() - new Date(clue.deadlines.concludeBy).getTime();
    expect(moved).toBe(20 * 24 * 3600 * 1000);
    const again = await act(
      approved.body,
      { action: 'request-extension', days: 10, reason: '再次申请延期' },
      investigator,
    );
    expect(again.status).toBe(409);
  });

  it('shelves (suspending the deadline), resumes, transfers and closes', async () => {
    const { clue } = await clueUnderVerification();
    const shelved = (await act(clue, { action: 'shelve', reason: '等待补充材料' })).body;
    expect(shelved.status).toBe('SHELVED');
    expect(shelved.deadlines.concludeBy).toBeUndefined();
    const resumed = (await act(shelved, { action: 'resume', reason: '材料已补充' })).body;
    expect(resumed.status).toBe('UNDER_VERIFICATION');
    expect(resumed.deadlines.concludeBy).toBeDefined();
    const transferred = (await act(resumed, { action: 'transfer', reason: '属地管辖', to: '某市纪委监委' }))
      .body;
    expect(transferred).toMatchObject({ status: 'TRANSFERRED', transferredTo: '某市纪委监委' });
    expect((await act(transferred, { action: 'close', reason: '了结' })).status).toBe(409);
  });
});

describe('registration and merging', () => {
  it('refuses to register or merge a report that is already in a clue (409)', async () => {
    const { reportId } = await submit();
    const clue = await register(reportId);
    const again = await intake.post('/clues', { reportIds: [reportId] });
    expect(again.status).toBe(409);
    const other = await register((await submit()).reportId);
    const merge = await intake.post(`/clues/${other.clueId}/reports`, { reportId, expectedVersion: 1 });
    expect(merge.status).toBe(409);
    expect((await intake.post('/clues', { reportIds: ['rpt_missing'] })).status).toBe(404);
    expect(clue.status).toBe('REGISTERED');
  });

  it('leaves a report in exactly one clue when a merge and a registration race', async () => {
    const target = await register((await submit()).reportId);
    for (let round = 0; round < 3; round++) {
      const { reportId } = await submit();
      const [merged, registered] = await Promise.all([
        intake.post(`/clues/${target.clueId}/reports`, {
          reportId,
          expectedVersion: (await intake.get(`/clues/${target.clueId}`)).body.version,
        }),
        intake.post('/clues', { reportIds: [reportId] }),
      ]);
      expect([merged.status, registered.status].filter((s) => s < 300)).toHaveLength(1);
      const holders = (await api.itemsOf('Clue')).filter((c) =>
        (c.reports as { reportId: string }[]).some((r) => r.reportId === reportId),
      );
      expect(holders).toHaveLength(1);
    }
  });

  it('names the report another clue took when a registration loses the race for it', async () => {
    const [free, taken] = [await submit(), await submit()];
    const services = createServices();
    // Read as both were unregistered; then another registration takes the second one.
    const read = reportsToRegister(
      [free.reportId, taken.reportId],
      await reportStore(services).getMany([free.reportId, taken.reportId]),
    );
    await register(taken.reportId);
    const acting = {
      actor: { userId: 'intake-1', roles: ['intake' as const] },
      role: 'intake' as const,
      now: new Date(),
    };
    const decision = decideRegistration(
      { clueId: newId('clu'), reports: read, policy: services.deadlines },
      acting,
    );
    const registration = clueStore(services).create(decision, (await services.peppers()).audit);
    await expect(registration).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      message: `Already registered in a clue: ${taken.reportId}`,
    });
    expect(await api.itemsOf('Clue')).not.toContainEqual(
      expect.objectContaining({ clueId: decision.clue.clueId }),
    );
  });

  it('marks allegations that predate the cadre’s tenure as old debts', async () => {
    const cadre = await intake.post('/cadres', {
      name: '张三',
      posts: [
        { position: '乡长', organization: '某乡政府', from: '2019-01-01', to: '2023-12-31' },
        { position: '县能源局副局长', organization: '某县能源局', from: '2024-01-01' },
      ],
    });
    expect(cadre.status).toBe(201);
    const report = {
      ...anonymousReport(),
      allegations: [
        { summary: '前任时期的工程欠款', incidentFrom: '2022-03-01', incidentTo: '2023-06-30' },
        { summary: '任内违规发放补贴', incidentFrom: '2024-05-01' },
      ],
    };
    const { reportId } = await submit(report);
    const response = await intake.post('/clues', { reportIds: [reportId], cadreId: cadre.body.cadreId });
    expect(response.body.allegations.map((a: { predatesTenure: boolean }) => a.predatesTenure)).toEqual([
      true,
      false,
    ]);
    expect((await intake.get(`/cadres/${cadre.body.cadreId}`)).body.posts).toHaveLength(2);

    const unlinked = await register((await submit(report)).reportId);
    const linked = await intake.post(`/clues/${unlinked.clueId}/cadre`, {
      cadreId: cadre.body.cadreId,
      expectedVersion: 1,
    });
    expect(linked.body.allegations.map((a: { predatesTenure: boolean }) => a.predatesTenure)).toEqual([
      true,
      false,
    ]);
  });
});

describe('lists', () => {
  it('pages clues by status and by assignee through more than one page', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) {
      const clue = await register((await submit()).reportId);
      const assigned = await act(clue, { action: 'assign', assignee: 'inv-pager' });
      mine.push(assigned.body.clueId);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await intake.get(`/clues?assignee=inv-pager&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: { clueId: string }) => c.clueId));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen.sort()).toEqual([...mine].sort());
    const byStatus = await intake.get('/clues?status=ASSIGNED&limit=100');
    expect(byStatus.body.items.map((c: { clueId: string }) => c.clueId)).toEqual(
      expect.arrayContaining(mine),
    );
    expect((await intake.get('/clues')).status).toBe(400);
  });
});

describe('deadlines', () => {
  it('alerts an overdue clue once, lists it as overdue, and alerts an unacknowledged real-name report', async () => {
    const { clue } = await clueUnderVerification();
    const waiting = await submit(
      realNameReport({ name: '周九', idNumber: validResidentId('913'), phone: '13600001111' }),
    );
    const { sweepOverdue } = await import('../../functions/workers/overdue-sweep.ts');
    const inFourMonths = new Date(Date.now() + 125 * 24 * 3600 * 1000);
    const sweep = sweepOverdue(createServices({ now: () => inFourMonths }));

    const first = await sweep();
    expect(first.alerted).toBeGreaterThanOrEqual(2);
    const second = await sweep();
    expect(second.alerted).toBe(0);

    await api.runtime.settled();
    const alerts = (await api.call('GET', '/local/inbox?limit=500')).body.items.filter(
      (m: { topic: string }) => m.topic === 'alerts',
    );
    const mine = alerts.map((m: { message: string }) => JSON.parse(m.message));
    expect(mine.filter((a: { clueId?: string }) => a.clueId === clue.clueId)).toHaveLength(1);
    expect(mine.filter((a: { reportId?: string }) => a.reportId === waiting.reportId)).toEqual([
      expect.objectContaining({
        type: 'ReportOverdue',
        deadline: expect.objectContaining({ kind: 'ACKNOWLEDGE' }),
      }),
    ]);

    const history = (await intake.get(`/clues/${clue.clueId}`)).body.history;
    expect(history.at(-1)).toMatchObject({ action: 'deadline-alert', role: 'system' });
    // The alert did not move the version: staff acting on what they saw are not refused.
    expect((await intake.get(`/clues/${clue.clueId}`)).body.version).toBe(clue.version);

    const { listClues } = await import('../../functions/clues/list.ts');
    const list = listClues(createServices({ now: () => inFourMonths }));
    const overdue: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await invoke(
        list as never,
        {
          ...httpEvent({ method: 'GET', path: '/clues' }),
          queryStringParameters: { overdue: 'true', limit: '100', ...(cursor ? { cursor } : {}) },
          requestContext: {
            ...httpEvent({ method: 'GET', path: '/clues' }).requestContext,
            authorizer: { jwt: { claims: { sub: 'a', 'cognito:groups': '[auditor]' }, scopes: [] } },
          },
        } as never,
      );
      expect(page.status).toBe(200);
      overdue.push(...page.body.items.map((c: { clueId: string }) => c.clueId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(overdue).toContain(clue.clueId);
  });
});

describe('the audit trail', () => {
  it('detects an edited and a deleted entry', async () => {
    const { clue } = await clueUnderVerification();
    const verify = async () =>
      (await api.call('GET', `/clues/${clue.clueId}/history/verify`, { role: 'approver' })).body;
    expect(await verify()).toEqual({ valid: true, entries: 3 });

    const key = (seq: number) => ({
      PK: `CLUE#${clue.clueId}`,
      SK: `HISTORY#${String(seq).padStart(8, '0')}`,
    });
    await api.db.send(
      new UpdateCommand({
        TableName: api.runtime.tableName,
        Key: key(2),
        UpdateExpression: 'SET actor = :someoneElse',
        ExpressionAttributeValues: { ':someoneElse': 'intake-2' },
      }),
    );
    expect(await verify()).toMatchObject({ valid: false, brokenAt: 2, problem: 'was altered' });

    await api.db.send(new DeleteCommand({ TableName: api.runtime.tableName, Key: key(2) }));
    expect(await verify()).toMatchObject({ valid: false, brokenAt: 3 });

    await api.db.send(new DeleteCommand({ TableName: api.runtime.tableName, Key: key(3) }));
    expect(await verify()).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('records who opened a reporter’s identity and why', async () => {
    const person = { name: '吴十', idNumber: validResidentId('120'), phone: '13722223333' };
    const { clue, reportId } = await clueUnderVerification(realNameReport(person));
    const path = `/clues/${clue.clueId}/reports/${reportId}/identity`;
    expect((await investigator.post(path, { reason: '移送司法机关' })).status).toBe(403);
    expect((await approver.post(path, {})).status).toBe(400);
    const opened = await approver.post(path, { reason: '经批准，核实举报人身份以便反馈' });
    expect(opened.body).toMatchObject({
      reportId,
      name: person.name,
      idNumber: person.idNumber,
      phone: person.phone,
    });
    const history = (await intake.get(`/clues/${clue.clueId}`)).body.history;
    expect(history.at(-1)).toMatchObject({
      action: 'reveal-reporter-identity',
      actor: 'appr-1',
      reason: '经批准，核实举报人身份以便反馈',
    });
    expect(JSON.stringify(history)).not.toContain(person.idNumber);
  });
});

describe('statistics', () => {
  it('counts reports, statuses and findings from the events, never by scanning', async () => {
    await api.runtime.settled();
    const before = (await api.call('GET', '/stats', { role: 'auditor' })).body;
    const { clue } = await clueUnderVerification();
    const proposed = (
      await act(
        clue,
        {
          action: 'propose-conclusion',
          summary: '属实',
          findings: [
            {
              allegationId: clue.allegations[0].allegationId,
              finding: 'SUBSTANTIATED',
              reason: reasonFor.SUBSTANTIATED,
            },
          ],
        },
        investigator,
      )
    ).body;
    await act(proposed, { action: 'approve-conclusion' }, approver);
    await api.runtime.settled();
    const after = (await api.call('GET', '/stats', { role: 'auditor' })).body;
    expect(after.reportsReceived - before.reportsReceived).toBe(1);
    expect(after.cluesRegistered - before.cluesRegistered).toBe(1);
    expect(after.byFinding.SUBSTANTIATED - before.byFinding.SUBSTANTIATED).toBe(1);
    expect(after.byStatus.CONCLUDED - before.byStatus.CONCLUDED).toBe(1);
    expect(after.daysToConclude.median).toBe(0);
    const publicStats = await api.call('GET', '/stats/public');
    expect(publicStats.body.cluesConcludedByFinding.SUBSTANTIATED).toBe(after.byFinding.SUBSTANTIATED);
    expect(JSON.stringify(publicStats.body)).not.toContain('clu_');
  });
});

describe('disposal in the rules’ words (2020 rules, art. 17)', () => {
  const lookup = async (receiptCode: string) =>
    (await api.post('/receipts/lookup', { receiptCode })).body as {
      stage: string;
      messages: { text: string }[];
      outcome?: { text: string };
    };

  it('declines a report not yet registered (不予受理), once, and tells the reporter so', async () => {
    const person = { name: '吴九', idNumber: validResidentId('912'), phone: '13522223333' };
    const { reportId, receiptCode } = await submit(realNameReport(person));
    expect(
      (await investigator.post(`/reports/${reportId}/decline`, { reason: '不属于本机关管辖' })).status,
    ).toBe(403);
    const declined = await intake.post(`/reports/${reportId}/decline`, {
      reason: '反映的是企业经营纠纷，不属于本机关受理范围',
    });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body).toMatchObject({ reportId, status: 'DECLINED' });
    expect((await intake.post(`/reports/${reportId}/decline`, { reason: '重复操作' })).status).toBe(409);
    expect((await intake.post('/clues', { reportIds: [reportId] })).status).toBe(409);
    // Off the intake queue, and off the acknowledgement deadline: the reporter has been answered.
    const queue = await intake.get('/reports?status=UNREGISTERED&limit=100');
    expect(queue.body.items.map((r: { reportId: string }) => r.reportId)).not.toContain(reportId);
    const seen = await lookup(receiptCode);
    expect(seen.stage).toBe('NOT_ACCEPTED');
    expect(seen.messages.at(-1)?.text).toContain('不予受理');
    // The reason is on the report's own audit trail, not shown to the reporter.
    expect(JSON.stringify(seen)).not.toContain('企业经营纠纷');
    const trail = (await api.allItems()).filter(
      (item) => item.PK === `REPORT#${reportId}` && item.action === 'decline-report',
    );
    expect(trail).toMatchObject([
      { actor: 'intake-1', reason: '反映的是企业经营纠纷，不属于本机关受理范围' },
    ]);
  });

  it('tells a reporter whose clue was closed (予以了结) that, not that the report was refused', async () => {
    const { clue, receiptCode } = await clueUnderVerification();
    expect((await act(clue, { action: 'close', reason: '问题轻微，已批评教育' }, approver)).status).toBe(200);
    const seen = await lookup(receiptCode);
    expect(seen.stage).toBe('CLOSED');
    expect(seen.messages.at(-1)?.text).toContain('予以了结');
    expect(JSON.stringify(seen.messages)).not.toMatch(/不予受理|不属于本机关受理范围/);
  });

  it('disposes by a talk or letter inquiry (谈话函询): concluded on the explanation, or escalated', async () => {
    const assigned = async () => {
      const { reportId, receiptCode } = await submit();
      const clue = (await act(await register(reportId), { action: 'assign', assignee: 'inv-1' })).body;
      return { clue, receiptCode };
    };
    const inquiry = {
      action: 'talk-inquiry',
      form: 'LETTER',
      record: '向被反映人发函，请其就反映的问题作出书面说明。',
      explanation: '被反映人书面说明：所反映的宴请系亲属婚宴，费用由本人支付，附有关凭证。',
    };
    const first = await assigned();
    expect((await act(first.clue, inquiry)).status).toBe(403); // the assignee's step
    const inquired = (await act(first.clue, inquiry, investigator)).body;
    expect(inquired).toMatchObject({ status: 'TALK_INQUIRY', talkInquiry: { form: 'LETTER' } });
    expect((await lookup(first.receiptCode)).stage).toBe('UNDER_VERIFICATION');
    const [allegation] = inquired.allegations;
    const proposed = await act(
      inquired,
      {
        action: 'propose-conclusion',
        summary: '经函询，被反映人说明属实，予以了结。',
        findings: [{ allegationId: allegation.allegationId, finding: 'UNTRUE', reason: reasonFor.UNTRUE }],
      },
      investigator,
    );
    expect(proposed.body.status).toBe('CONCLUSION_PROPOSED');
    const concluded = (await act(proposed.body, { action: 'approve-conclusion' }, approver)).body;
    expect(concluded.status).toBe('CONCLUDED');
    expect(concluded.history.map((h: { action: string }) => h.action)).toContain('talk-inquiry');

    const second = await assigned();
    const again = (await act(second.clue, inquiry, investigator)).body;
    const escalated = (await act(again, { action: 'start-verification' }, investigator)).body;
    expect(escalated.status).toBe('UNDER_VERIFICATION');
    expect(escalated.history.at(-1)).toMatchObject({
      action: 'start-verification',
      fromStatus: 'TALK_INQUIRY',
      details: { escalatedFrom: 'talk-inquiry' },
    });
  });

  it('refers a clue for formal investigation (移送审查调查) on an approver’s decision, and ends it here', async () => {
    const { clue, receiptCode } = await clueUnderVerification();
    const refer = { action: 'refer-for-investigation', reason: '反映的问题线索具体，可查性强，涉嫌严重违纪' };
    expect((await act(clue, refer, investigator)).status).toBe(403);
    expect((await act(clue, refer)).status).toBe(403); // intake neither
    const referred = (await act(clue, refer, approver)).body;
    expect(referred.status).toBe('REFERRED');
    expect(referred.deadlines.concludeBy).toBeUndefined();
    expect((await act(referred, { action: 'close', reason: '了结' }, approver)).status).toBe(409);
    const seen = await lookup(receiptCode);
    expect(seen.stage).toBe('REFERRED');
    expect(seen.messages.at(-1)?.text).toContain('移送审查调查');
  });

  it('explains a mistaken report (错告) and thanks no one whose report was not substantiated', async () => {
    const { clue, receiptCode } = await clueUnderVerification();
    const [allegation] = clue.allegations;
    const proposed = (
      await act(
        clue,
        {
          action: 'propose-conclusion',
          summary: '不属实',
          findings: [{ allegationId: allegation.allegationId, finding: 'UNTRUE', reason: reasonFor.UNTRUE }],
        },
        investigator,
      )
    ).body;
    await act(proposed, { action: 'approve-conclusion' }, approver);
    const seen = await lookup(receiptCode);
    expect(seen.outcome?.text).not.toContain('感谢');
  });
});
