/**
 * Audited reads (issue 15, part 5): every staff read of a clue, a report's conversation or files, an
 * attachment, an identity or an export leaves exactly one ReadRecord (who, what, when, which
 * route); the auditor queries them by case file and by member; a read that cannot be recorded is
 * not served.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import { createServices, documentClient } from '../../shared/services.ts';
import { caseSteps } from '../support/cases.ts';
import { httpEvent, invoke } from '../support/events.ts';
import { attachFile } from '../support/evidence.ts';
import { realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime({ READ_WATCH_THRESHOLD: '5', READ_WATCH_WINDOW_SECONDS: '3600' });
const { as } = api;
const steps = caseSteps(api);
const { intake, approver } = steps;
const auditor = as('auditor', 'aud-1');

/** A concluded FABRICATED real-name report with a file, a message and a confirmed flag. */
const fixture = {} as { reportId: string; clueId: string; flagId: string; attachmentId: string };

beforeAll(async () => {
  const person = { name: '查阅测试', idNumber: validResidentId('731'), phone: '13912340731' };
  const submitted = await steps.submitReport(realNameReport(person));
  const attachmentId = await attachFile(api, submitted.receiptCode);
  await steps.verifyReporter(submitted.reportId);
  await intake.post(`/reports/${submitted.reportId}/messages`, { text: '请补充材料。' });
  const c = await steps.registerClue(submitted.reportId);
  await c.startVerification();
  await c.conclude('FABRICATED');
  const [flag] = await steps.flagsOn(submitted.reportId);
  await approver.post(`/accuser-flags/${flag.flagId}/decision`, {
    decision: 'CONFIRM',
    reason: '伪造证据，予以确认。',
  });
  Object.assign(fixture, {
    reportId: submitted.reportId,
    clueId: c.clue.clueId,
    flagId: flag.flagId,
    attachmentId,
  });
  // The check worker marks the file AVAILABLE; wait for it before anyone downloads.
  for (let i = 0; i < 100; i++) {
    const item = (await api.itemsOf('Attachment')).find((a) => a.attachmentId === fixture.attachmentId);
    if (item?.status === 'AVAILABLE') break;
    await new Promise((done) => setTimeout(done, 100));
  }
}, 120_000);

const readsOf = async (query: string, who = auditor) => {
  const response = await who.get(`/audit/reads?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items as Record<string, string>[];
};

describe('each audited route', () => {
  const cases = () => [
    {
      user: 'reader-clue',
      role: 'investigator' as const,
      call: (who: ReturnType<typeof as>) => who.get(`/clues/${fixture.clueId}`),
      route: 'GET /clues/{clueId}',
      kind: 'CLUE',
      subject: fixture.clueId,
    },
    {
      user: 'reader-verify',
      role: 'auditor' as const,
      call: (who: ReturnType<typeof as>) => who.get(`/clues/${fixture.clueId}/history/verify`),
      route: 'GET /clues/{clueId}/history/verify',
      kind: 'CLUE',
      subject: fixture.clueId,
    },
    {
      user: 'reader-clue-messages',
      role: 'approver' as const,
      call: (who: ReturnType<typeof as>) => who.get(`/clues/${fixture.clueId}/messages`),
      route: 'GET /clues/{clueId}/messages',
      kind: 'CLUE',
      subject: fixture.clueId,
    },
    {
      user: 'reader-report-messages',
      role: 'approver' as const,
      call: (who: ReturnType<typeof as>) => who.get(`/reports/${fixture.reportId}/messages`),
      route: 'GET /reports/{reportId}/messages',
      kind: 'REPORT',
      subject: fixture.reportId,
    },
    {
      user: 'reader-files',
      role: 'approver' as const,
      call: (who: ReturnType<typeof as>) => who.get(`/reports/${fixture.reportId}/attachments`),
      route: 'GET /reports/{reportId}/attachments',
      kind: 'REPORT',
      subject: fixture.reportId,
    },
    {
      user: 'reader-suggestions',
      role: 'approver' as const,
      call: (who: ReturnType<typeof as>) => who.get(`/reports/${fixture.reportId}/suggestions`),
      route: 'GET /reports/{reportId}/suggestions',
      kind: 'REPORT',
      subject: fixture.reportId,
    },
    {
      user: 'reader-download',
      role: 'approver' as const,
      call: (who: ReturnType<typeof as>) => who.post(`/attachments/${fixture.attachmentId}/download`),
      route: 'POST /attachments/{attachmentId}/download',
      kind: 'ATTACHMENT',
      subject: fixture.attachmentId,
    },
    {
      user: 'reader-identity',
      role: 'approver' as const,
      call: (who: ReturnType<typeof as>) =>
        who.post(`/clues/${fixture.clueId}/reports/${fixture.reportId}/identity`, {
          reason: '核实举报人身份',
        }),
      route: 'POST /clues/{clueId}/reports/{reportId}/identity',
      kind: 'IDENTITY',
      subject: fixture.reportId,
    },
    {
      user: 'reader-accuser',
      role: 'approver' as const,
      call: (who: ReturnType<typeof as>) =>
        who.post(`/accuser-flags/${fixture.flagId}/identity`, { reason: '依法移送公安机关处理' }),
      route: 'POST /accuser-flags/{flagId}/identity',
      kind: 'IDENTITY',
      subject: fixture.flagId,
    },
    {
      user: 'reader-export',
      role: 'approver' as const,
      call: (who: ReturnType<typeof as>) => who.get('/accuser-flags/export?format=csv'),
      route: 'GET /accuser-flags/export',
      kind: 'EXPORT',
      subject: 'credit-export',
    },
  ];

  it('leaves exactly one record naming who, what, when and the route', async () => {
    for (const read of cases()) {
      const before = Date.now();
      const response = await read.call(as(read.role, read.user));
      expect(response.status, `${read.route}: ${JSON.stringify(response.body)}`).toBe(200);
      const records = await readsOf(`userId=${read.user}`);
      expect(records, read.route).toEqual([
        {
          readId: expect.stringMatching(/^red_/),
          userId: read.user,
          role: read.role,
          subjectKind: read.kind,
          subjectId: read.subject,
          route: read.route,
          path: expect.stringContaining(
            read.subject === 'credit-export' ? '/accuser-flags/export' : read.subject,
          ),
          at: expect.any(String),
        },
      ]);
      expect(Date.parse(records[0]?.at as string)).toBeGreaterThanOrEqual(before - 1000);
    }
  });

  it('records nothing for a read that was refused or found nothing', async () => {
    const stranger = as('intake', 'reader-refused');
    expect((await stranger.get(`/clues/${fixture.clueId}/messages`)).status).toBe(403);
    expect((await stranger.get('/clues/clu_0000000000000000000000')).status).toBe(404);
    expect(await readsOf('userId=reader-refused')).toEqual([]);
  });
});

describe('the auditor’s query', () => {
  it('lists a case file’s reads newest first, by member, and by both, in pages', async () => {
    const readers = ['pager-1', 'pager-2', 'pager-1'];
    for (const user of readers)
      expect((await as('investigator', user).get(`/clues/${fixture.clueId}`)).status).toBe(200);

    const bySubject = await readsOf(`subjectId=${fixture.clueId}&limit=100`);
    expect(bySubject.every((r) => r.subjectId === fixture.clueId)).toBe(true);
    const ats = bySubject.map((r) => r.at);
    expect(ats).toEqual([...ats].sort().reverse());
    expect(bySubject.slice(0, 3).map((r) => r.userId)).toEqual(['pager-1', 'pager-2', 'pager-1']);

    const both = await readsOf(`subjectId=${fixture.clueId}&userId=pager-1`);
    expect(both).toHaveLength(2);

    const first = await auditor.get(`/audit/reads?userId=pager-1&limit=1`);
    expect(first.body.items).toHaveLength(1);
    const second = await auditor.get(`/audit/reads?userId=pager-1&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].readId).not.toBe(first.body.items[0].readId);
  });

  it('is the auditor’s alone, needs a filter, and sees only its own commission', async () => {
    expect((await approver.get(`/audit/reads?userId=pager-1`)).status).toBe(403);
    const none = await auditor.get('/audit/reads');
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('VALIDATION_FAILED');
    expect((await auditor.get('/audit/reads?userId=pager-1&cursor=bm9wZQ')).status).toBe(400);
  });
});

describe('a read that cannot be recorded', () => {
  beforeAll(() => vi.stubEnv('LOG_LEVEL', 'SILENT'));
  afterAll(() => vi.unstubAllEnvs());

  it('is not served: 503 saying so, and no case file in the answer', async () => {
    const client = new DynamoDBClient({ ...localClientConfig(api.runtime.dynamoDbEndpoint), maxAttempts: 1 });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutItemCommand') {
          throw Object.assign(new Error('Throughput exceeds the current capacity'), {
            name: 'ProvisionedThroughputExceededException',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectFault' },
    );
    const { getClue } = await import('../../functions/clues/get.ts');
    const handler = getClue(createServices({ db: documentClient(client) }));
    const event = httpEvent({ method: 'GET', path: `/clues/${fixture.clueId}` });
    Object.assign(event, {
      pathParameters: { clueId: fixture.clueId },
      requestContext: {
        ...event.requestContext,
        authorizer: {
          jwt: { claims: { sub: 'reader-faulty', 'cognito:groups': ['investigator'] }, scopes: [] },
        },
      },
    });
    const response = await invoke(handler as never, event);
    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({
      code: 'UNAVAILABLE',
      details: [expect.objectContaining({ code: 'read_not_recorded' })],
    });
    expect(response.headers['retry-after']).toBe('1');
    expect(JSON.stringify(response.body)).not.toContain(fixture.reportId);
    expect(await readsOf('userId=reader-faulty')).toEqual([]);
  });
});

describe('the read watch', () => {
  /** The watch has seen every read, and the relay every alert the watch wrote. */
  const settled = async () => {
    await api.runtime.settled();
    await api.runtime.settled();
  };
  const alertsFor = async (userId: string) =>
    (await api.call('GET', '/local/inbox?limit=500')).body.items.filter(
      (m: { subject?: string; message: string }) =>
        m.subject === 'CaseFilesReadUnusually' && JSON.parse(m.message).userId === userId,
    );

  it('alerts the auditors once when one member opens many case files within the window (here 5)', async () => {
    const reportIds: string[] = [];
    for (let i = 0; i < 7; i++) reportIds.push((await api.post('/reports', realNameReport())).body.reportId);
    const watcher = as('approver', 'watcher-1');
    for (const reportId of reportIds.slice(0, 4)) {
      expect((await watcher.get(`/reports/${reportId}/suggestions`)).status).toBe(200);
    }
    // The same file again does not count twice.
    await watcher.get(`/reports/${reportIds[0]}/suggestions`);
    await settled();
    expect(await alertsFor('watcher-1')).toEqual([]);

    for (const reportId of reportIds.slice(4)) await watcher.get(`/reports/${reportId}/suggestions`);
    await settled();
    const alerts = await alertsFor('watcher-1');
    expect(alerts).toHaveLength(1);
    expect(JSON.parse(alerts[0].message)).toMatchObject({
      type: 'CaseFilesReadUnusually',
      userId: 'watcher-1',
      distinctFiles: 5,
      threshold: 5,
      windowMinutes: 60,
    });
    expect(await readsOf('userId=watcher-1&limit=100')).toHaveLength(8);
  });
});
