/**
 * Many commissions, one deployment: a report goes to the commission it names, and every staff
 * route answers a member of another commission exactly as if the case did not exist.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RouteName, routeEntries, routes } from '../../shared/contract/routes.ts';
import { type AccuserFlag, proposeFlag } from '../../shared/domain/accuser-flag.ts';
import { accuserFlagEntity } from '../../shared/store/accusers.ts';
import { seedCommissions } from '../support/commissions.ts';
import { anonymousReport, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

const ours = (role: Parameters<typeof api.as>[0], user: string) => api.as(role, user, 'county-a');
const theirs = (role: Parameters<typeof api.as>[0], user: string) => api.as(role, user, 'county-b');

const submitTo = async (commissionId: string, report: Record<string, unknown> = anonymousReport()) => {
  const response = await api.post('/reports', { ...report, commissionId });
  expect(response.status).toBe(201);
  return response.body as { reportId: string; receiptCode: string };
};

/**
 * What county-a holds, made once: a clue with a real-name report, a report still waiting, and a
 * concluded clue with a published clearance (so a follow-up visit) and an objection.
 */
const a = {} as {
  clueId: string;
  reportId: string;
  waitingId: string;
  version: number;
  concludedId: string;
  objectionId: string;
  clearanceId: string;
  followUpId: string;
  flagId: string;
  cadreId: string;
  recusalId: string;
};

/**
 * A confirmed, live FABRICATION flag of county-a's resting on its real-name report, written as the
 * accuser-records worker would (flags-tenancy.test.ts raises one through concluded clues).
 */
const confirmedFlagOfCountyA = async () => {
  const entry = {
    reportId: a.reportId,
    clueId: a.clueId,
    outcome: 'FABRICATED' as const,
    concludedAt: '2026-01-05T00:00:00.000Z',
    accusedKey: 'accused-a',
    matterKeys: [],
    commissionId: 'county-a',
  };
  const { flag } = proposeFlag(
    'fp-tenancy-a',
    { level: 'FABRICATION', evidence: [entry] },
    entry.concludedAt,
    entry,
  );
  const confirmed: AccuserFlag = {
    ...flag,
    status: 'CONFIRMED',
    version: 2,
    confirmedAt: '2026-01-10T00:00:00.000Z',
    expiresAt: '2099-01-10T00:00:00.000Z',
  };
  await api.db.send(
    new PutCommand({ TableName: api.runtime.tableName, Item: accuserFlagEntity.item(confirmed) }),
  );
  a.flagId = flag.flagId;
};

/** A concluded clue in county-a, cleared by a published notice, then objected to by its reporter. */
const concludedWithObjectionAndFollowUp = async () => {
  const submitted = await submitTo('county-a', {
    ...anonymousReport('反映某局副局长违规收受购物卡'),
    accused: { name: '吴十', position: '副局长', organization: '某县市场监管局' },
  });
  let clue = (await ours('intake', 'intake-a').post('/clues', { reportIds: [submitted.reportId] })).body;
  const act = async (who: ReturnType<typeof ours>, body: Record<string, unknown>) => {
    const response = await who.post(`/clues/${clue.clueId}/actions`, {
      expectedVersion: clue.version,
      ...body,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    clue = response.body;
  };
  const investigator = ours('investigator', 'inv-a');
  const approver = ours('approver', 'appr-a');
  await act(ours('intake', 'intake-a'), { action: 'assign', assignee: 'inv-a' });
  await act(investigator, { action: 'start-verification' });
  const untrue = clue.allegations[0].allegationId as string;
  await act(investigator, {
    action: 'propose-conclusion',
    summary: '反映问题不实',
    findings: [
      { allegationId: untrue, finding: 'UNTRUE', reason: '经调阅财务凭证并核实，所反映事项与事实不符。' },
    ],
  });
  await act(approver, { action: 'approve-conclusion' });
  a.concludedId = clue.clueId;
  const proposed = await investigator.post(`/clues/${clue.clueId}/clearances`, {
    trigger: 'DEPARTMENT_PROPOSAL',
    harm: ['CAREER_AFFECTED'],
    method: 'PUBLIC_NOTICE',
    allegationIds: [untrue],
    statement: '该同志因被举报影响提拔考察，经征求本人意见，拟予澄清。',
    cadreContact: { email: 'cadre-a@example.gov.cn', phone: '13800002222' },
  });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  a.clearanceId = proposed.body.clearanceId;
  await api.runtime.settled();
  const inbox = (await api.call('GET', '/local/inbox?limit=500')).body.items as {
    topic: string;
    message: string;
    attributes: Record<string, string>;
  }[];
  const asked = inbox.find((m) => m.topic === 'notices' && m.attributes.clearanceId === a.clearanceId);
  const token = new URL(/https?:\/\/\S+/.exec(asked?.message ?? '')?.[0] as string).searchParams.get('token');
  const consented = await api.post(`/clearances/${a.clearanceId}/consent`, { token, consent: true });
  expect(consented.status, JSON.stringify(consented.body)).toBe(200);
  const published = await approver.post(`/clearances/${a.clearanceId}/approve`);
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  const visits = (await investigator.get('/follow-ups?limit=100')).body.items as FollowUpItem[];
  a.followUpId = visits.find((f) => f.clearanceId === a.clearanceId)?.followUpId as string;
  await api.runtime.settled();
  const lodged = await api.post('/receipts/objections', {
    receiptCode: submitted.receiptCode,
    reason: '核查时未找我本人了解情况，结论与事实不符，请求复核。',
  });
  expect(lodged.status, JSON.stringify(lodged.body)).toBe(201);
  a.objectionId = lodged.body.objectionId;
};
type FollowUpItem = { followUpId: string; clearanceId: string };

beforeAll(async () => {
  await seedCommissions(api.db, api.runtime.tableName);
  const person = { name: '周九', idNumber: validResidentId('912'), phone: '13600001111' };
  a.reportId = (await submitTo('county-a', realNameReport(person))).reportId;
  a.waitingId = (await submitTo('county-a')).reportId;
  const clue = await ours('intake', 'intake-a').post('/clues', { reportIds: [a.reportId] });
  expect(clue.status).toBe(201);
  a.clueId = clue.body.clueId;
  const assigned = await ours('intake', 'intake-a').post(`/clues/${a.clueId}/actions`, {
    expectedVersion: clue.body.version,
    action: 'assign',
    assignee: 'inv-a',
  });
  a.version = assigned.body.version;
  // A recusal on the clue of a member who is not its assignee: the clue and its version stay as they are.
  const recusal = await ours('approver', 'appr-a').post(`/clues/${a.clueId}/recusals`, {
    userId: 'intake-a2',
    reason: '与被反映人系同学关系，申请回避',
  });
  expect(recusal.status, JSON.stringify(recusal.body)).toBe(201);
  a.recusalId = recusal.body.recusalId;
  await concludedWithObjectionAndFollowUp();
  await confirmedFlagOfCountyA();
  const cadre = await ours('intake', 'intake-a').post('/cadres', {
    name: '孙八',
    posts: [{ position: '副局长', organization: '某县市场监管局', from: '2020-05-01' }],
  });
  expect(cadre.status).toBe(201);
  a.cadreId = cadre.body.cadreId;
}, 240_000);

describe('where a report goes', () => {
  it('goes to the commission it names, and a missing or unknown one is refused clearly', async () => {
    // Act
    const unnamed = await api.post('/reports', anonymousReport());
    const unknown = await api.post('/reports', { ...anonymousReport(), commissionId: 'nowhere' });
    const named = await submitTo('county-b');

    // Assess
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.details[0]).toMatchObject({ path: 'commissionId', code: 'required' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toMatchObject({ path: 'commissionId', code: 'unknown_commission' });
    const stored = (await api.itemsOf('Report')).find((r) => r.reportId === named.reportId);
    expect(stored?.commissionId).toBe('county-b');
    expect(stored?.GSI1PK).toBe('C#county-b#REPORTS#UNREGISTERED');
  });

  it("takes a report at the counter into the recording member's own commission", async () => {
    // Act
    const recorded = await theirs('intake', 'intake-b').post('/intake/reports', {
      ...anonymousReport('来访反映的问题'),
      channel: 'VISIT',
    });
    const naming = await theirs('intake', 'intake-b').post('/intake/reports', {
      ...anonymousReport(),
      channel: 'VISIT',
      commissionId: 'county-a',
    });

    // Assess
    expect(recorded.status).toBe(201);
    const stored = (await api.itemsOf('Report')).find((r) => r.reportId === recorded.body.reportId);
    expect(stored?.commissionId).toBe('county-b');
    expect(naming.status).toBe(400);
  });

  it("registers a clue in its reports' commission, and only its own intake queue lists them", async () => {
    // Act
    const queueA = await ours('intake', 'intake-a').get('/reports?status=UNREGISTERED');
    const queueB = await theirs('intake', 'intake-b').get('/reports?status=UNREGISTERED');

    // Assess
    const clue = (await api.itemsOf('Clue')).find((c) => c.clueId === a.clueId);
    expect(clue?.commissionId).toBe('county-a');
    expect(clue?.GSI1PK).toBe('C#county-a#CLUES#STATUS#ASSIGNED');
    expect(queueA.body.items.map((r: { reportId: string }) => r.reportId)).toContain(a.waitingId);
    expect(queueB.body.items.map((r: { reportId: string }) => r.reportId)).not.toContain(a.waitingId);
  });
});

/**
 * Every staff route, called by a member of county-b with county-a's ids. A route added to the
 * table without a line here fails the inventory test, so no route goes unexamined.
 */
type Probe = {
  method: 'GET' | 'POST' | 'PUT';
  path: () => string;
  body?: () => unknown;
  expect: 'NOT_FOUND' | 'NONE_OF_OURS';
};

const probes: Partial<Record<RouteName, Probe>> = {
  getClue: { method: 'GET', path: () => `/clues/${a.clueId}`, expect: 'NOT_FOUND' },
  clueAction: {
    method: 'POST',
    path: () => `/clues/${a.clueId}/actions`,
    body: () => ({ expectedVersion: a.version, action: 'start-verification' }),
    expect: 'NOT_FOUND',
  },
  mergeReport: {
    method: 'POST',
    path: () => `/clues/${a.clueId}/reports`,
    body: () => ({ reportId: a.waitingId, expectedVersion: a.version }),
    expect: 'NOT_FOUND',
  },
  registerClue: {
    method: 'POST',
    path: () => '/clues',
    body: () => ({ reportIds: [a.waitingId] }),
    expect: 'NOT_FOUND',
  },
  verifyClueHistory: { method: 'GET', path: () => `/clues/${a.clueId}/history/verify`, expect: 'NOT_FOUND' },
  revealReporter: {
    method: 'POST',
    path: () => `/clues/${a.clueId}/reports/${a.reportId}/identity`,
    body: () => ({ reason: '核查需要，联系举报人了解情况' }),
    expect: 'NOT_FOUND',
  },
  listClues: { method: 'GET', path: () => '/clues?status=ASSIGNED', expect: 'NONE_OF_OURS' },
  listReports: { method: 'GET', path: () => '/reports?status=UNREGISTERED', expect: 'NONE_OF_OURS' },
  reportSuggestions: {
    method: 'GET',
    path: () => `/reports/${a.waitingId}/suggestions`,
    expect: 'NOT_FOUND',
  },
  transferReport: {
    method: 'POST',
    path: () => `/reports/${a.waitingId}/transfer`,
    body: () => ({ toCommissionId: 'city-jia', reason: '反映本机关负责人问题，报上一级办理' }),
    expect: 'NOT_FOUND',
  },
  declineReport: {
    method: 'POST',
    path: () => `/reports/${a.waitingId}/decline`,
    body: () => ({ reason: '不属于本机关受理范围' }),
    expect: 'NOT_FOUND',
  },
  verifyIdentity: {
    method: 'POST',
    path: () => `/reports/${a.reportId}/identity-verification`,
    body: () => ({ method: 'IN_PERSON', note: '当面核对身份证件' }),
    expect: 'NOT_FOUND',
  },
  sendStaffMessage: {
    method: 'POST',
    path: () => `/reports/${a.reportId}/messages`,
    body: () => ({ text: '请补充相关材料' }),
    expect: 'NOT_FOUND',
  },
  listReportMessages: { method: 'GET', path: () => `/reports/${a.reportId}/messages`, expect: 'NOT_FOUND' },
  listClueMessages: { method: 'GET', path: () => `/clues/${a.clueId}/messages`, expect: 'NOT_FOUND' },
  listAttachments: { method: 'GET', path: () => `/reports/${a.reportId}/attachments`, expect: 'NOT_FOUND' },
  listRecusals: { method: 'GET', path: () => `/clues/${a.clueId}/recusals`, expect: 'NOT_FOUND' },
  recordRecusal: {
    method: 'POST',
    path: () => `/clues/${a.clueId}/recusals`,
    body: () => ({ userId: 'approver-b', reason: '与被反映人系近亲属关系' }),
    expect: 'NOT_FOUND',
  },
  liftRecusal: {
    method: 'POST',
    path: () => `/clues/${a.clueId}/recusals/${a.recusalId}/lift`,
    body: () => ({ reason: '经核实，回避事由已经消除' }),
    expect: 'NOT_FOUND',
  },
  // county-a's reports and clue are about 张三 of 某县能源局: none of them is found from county-b.
  search: { method: 'GET', path: () => `/search?q=${encodeURIComponent('能源局')}`, expect: 'NONE_OF_OURS' },
  listStaff: { method: 'GET', path: () => '/staff', expect: 'NONE_OF_OURS' },
  listReads: {
    method: 'GET',
    path: () => `/audit/reads?subjectId=${a.clueId}`,
    expect: 'NONE_OF_OURS',
  },
  getCommission: { method: 'GET', path: () => '/commissions/county-a', expect: 'NOT_FOUND' },
  // A concluded clue's objection, and the follow-up visit its published clearance scheduled.
  listObjections: { method: 'GET', path: () => '/objections?status=OPEN&limit=100', expect: 'NONE_OF_OURS' },
  decideObjection: {
    method: 'POST',
    path: () => `/objections/${a.objectionId}/decision`,
    body: () => ({ decision: 'UPHOLD', reason: '经复核，原结论事实清楚，予以维持。' }),
    expect: 'NOT_FOUND',
  },
  listFollowUps: { method: 'GET', path: () => '/follow-ups?limit=100', expect: 'NONE_OF_OURS' },
  recordFollowUp: {
    method: 'POST',
    path: () => `/follow-ups/${a.followUpId}`,
    body: () => ({ notes: '回访了解，该同志工作正常开展。' }),
    expect: 'NOT_FOUND',
  },
  // A confirmed FABRICATION flag of county-a's, and a cadre county-a registered.
  listFlags: {
    method: 'GET',
    path: () => '/accuser-flags?status=CONFIRMED&limit=100',
    expect: 'NONE_OF_OURS',
  },
  exportFlags: { method: 'GET', path: () => '/accuser-flags/export?format=json', expect: 'NONE_OF_OURS' },
  getFlag: { method: 'GET', path: () => `/accuser-flags/${a.flagId}`, expect: 'NOT_FOUND' },
  decideFlag: {
    method: 'POST',
    path: () => `/accuser-flags/${a.flagId}/decision`,
    body: () => ({ decision: 'DISMISS', reason: '证据不足，不予标记。' }),
    expect: 'NOT_FOUND',
  },
  contestFlag: {
    method: 'POST',
    path: () => `/accuser-flags/${a.flagId}/contest`,
    body: () => ({ statement: '本人系如实反映，请求复核。' }),
    expect: 'NOT_FOUND',
  },
  revealFlagIdentity: {
    method: 'POST',
    path: () => `/accuser-flags/${a.flagId}/identity`,
    body: () => ({ reason: '移送司法机关需要核实举报人身份' }),
    expect: 'NOT_FOUND',
  },
  getCadre: { method: 'GET', path: () => `/cadres/${a.cadreId}`, expect: 'NOT_FOUND' },
  declareRelationship: {
    method: 'POST',
    path: () => `/cadres/${a.cadreId}/relationships`,
    body: () => ({ userId: 'inv-b', relation: 'CLOSE_RELATIVE' }),
    expect: 'NOT_FOUND',
  },
  linkCadre: {
    method: 'POST',
    path: () => `/clues/${a.clueId}/cadre`,
    body: () => ({ cadreId: a.cadreId, expectedVersion: a.version }),
    expect: 'NOT_FOUND',
  },
  // A sibling's figures read as an unknown commission's (stats-hierarchy.test.ts covers the rest).
  staffStats: { method: 'GET', path: () => '/stats?commissionId=county-a', expect: 'NOT_FOUND' },
  subordinateStats: {
    method: 'GET',
    path: () => '/stats/subordinates?commissionId=county-a',
    expect: 'NOT_FOUND',
  },
  updateCommissionSettings: {
    method: 'PUT',
    path: () => '/commissions/county-a/settings',
    body: () => ({ expectedVersion: 1, settings: {} }),
    expect: 'NOT_FOUND',
  },
};

/**
 * Staff routes not probed here, each with why (docs/architecture.md "Tenancy", what is left).
 * This list may only shrink: a new staff route must be isolated and probed above.
 */
const notProbed: Partial<Record<RouteName, string>> = {
  recordCounterReport: "creates in the member's own commission (tested above): nothing of another's to see",
  createCadre:
    "creates in the member's own commission (flags-tenancy.test.ts reads it back): nothing of another's to see",
  createClearance: 'loads the clue with clues.loadFor; the probe needs a concluded clue',
  approveClearance: 'loads with clearances.getFor; the probe needs a clearance in county-a',
  withdrawClearance: 'loads with clearances.getFor; the probe needs a clearance in county-a',
  getClearance: 'loads with clearances.getFor; the probe needs a clearance in county-a',
  listClearances: 'keyed by commission (inCommission); the probe needs a clearance in county-a',
  downloadAttachment: 'loads the report with reports.getFor; the probe needs an uploaded file',
};

const staffRoutes = routeEntries.filter(([, route]) => route.access !== 'public');

describe('isolation between commissions', () => {
  it('has every staff route either probed or listed with why it is not', () => {
    const examined = new Set<string>([...Object.keys(probes), ...Object.keys(notProbed)]);
    expect(staffRoutes.map(([name]) => name).filter((name) => !examined.has(name))).toEqual([]);
    expect(Object.keys(probes).filter((name) => name in notProbed)).toEqual([]);
  });

  it.each(Object.entries(probes) as [RouteName, Probe][])(
    '%s answers a member of another commission as if the case did not exist',
    async (name, probe) => {
      // Prepare
      const route = routes[name];
      const role = (route.access as readonly string[])[0] as Parameters<typeof api.as>[0];
      const stranger = theirs(role, `${role}-b`);
      const missing = probe
        .path()
        .replace(/(clu|rpt)_[A-Za-z0-9_-]{22}/g, (id) => `${id.slice(0, 4)}${'A'.repeat(22)}`);

      // Act
      const answer =
        probe.method === 'GET'
          ? await stranger.get(probe.path())
          : probe.method === 'PUT'
            ? await stranger.put(probe.path(), probe.body?.())
            : await stranger.post(probe.path(), probe.body?.());

      // Assess
      if (probe.expect === 'NOT_FOUND') {
        expect(answer.status, JSON.stringify(answer.body)).toBe(404);
        if (probe.method === 'GET' && missing !== probe.path()) {
          // Exactly what a case that does not exist gives: nothing tells "elsewhere" from "nowhere".
          expect(answer.body).toEqual((await stranger.get(missing)).body);
        }
      } else {
        expect(answer.status).toBe(200);
        const text = JSON.stringify(answer.body);
        for (const id of Object.values(a).filter((v) => typeof v === 'string'))
          expect(text).not.toContain(id);
      }
    },
  );

  it('still lets county-a work its own case', async () => {
    const clue = await ours('investigator', 'inv-a').get(`/clues/${a.clueId}`);
    const queue = await ours('intake', 'intake-a').get(`/reports/${a.waitingId}/suggestions`);
    expect(clue.status).toBe(200);
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((c: { clueId: string }) => c.clueId)).toContain(a.clueId);
    // The recusal county-b could not find is there for county-a's approver to lift.
    const lifted = await ours('approver', 'appr-a').post(`/clues/${a.clueId}/recusals/${a.recusalId}/lift`, {
      reason: '经核实，回避事由已经消除',
    });
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
  });

  it("lists county-a's objection and follow-up visit to county-a, each filed under its commission", async () => {
    // Act
    const objections = await ours('approver', 'appr-a').get('/objections?status=OPEN&limit=100');
    const visits = await ours('investigator', 'inv-a').get('/follow-ups?limit=100');

    // Assess
    expect(objections.body.items.map((o: { objectionId: string }) => o.objectionId)).toContain(a.objectionId);
    expect(visits.body.items.map((f: FollowUpItem) => f.followUpId)).toContain(a.followUpId);
    const objection = (await api.itemsOf('Objection')).find((o) => o.objectionId === a.objectionId);
    expect(objection).toMatchObject({
      commissionId: 'county-a',
      GSI1PK: 'C#county-a#OBJECTIONS#STATUS#OPEN',
    });
    const visit = (await api.itemsOf('FollowUp')).find((f) => f.followUpId === a.followUpId);
    expect(visit).toMatchObject({ commissionId: 'county-a', GSI1PK: 'C#county-a#FOLLOWUPS#PENDING' });
  });

  it("lets county-a's approver decide its objection and record its visit", async () => {
    const visit = await ours('approver', 'appr-a').post(`/follow-ups/${a.followUpId}`, {
      notes: '回访了解，该同志工作正常开展。',
    });
    const decided = await ours('approver', 'appr-a').post(`/objections/${a.objectionId}/decision`, {
      decision: 'UPHOLD',
      reason: '经复核，原结论事实清楚，予以维持。',
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(200);
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ status: 'UPHELD', commissionId: 'county-a' });
  });
});
