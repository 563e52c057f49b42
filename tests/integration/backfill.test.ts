/**
 * The backfill (infra/backfill): cases written before this round's indexes, in their old shape (no
 * retention entry, no GSI5 keys or categories on the clue, no search entries, no board copy of a
 * notice), are missing from the retention job, the deadline-sorted list, the search and the
 * commission's notice board; the backfill places them, so the job erases the old ended cases, the
 * list shows the old clue, the search finds the old report and the board shows the old notice.
 * A dry run (through the command, as an operator runs it) writes nothing; a run in pages resumes
 * from its cursor; a second run writes nothing.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { type BackfillName, type Progress, runBackfill } from '../../infra/backfill/backfills.ts';
import { createServices } from '../../shared/services.ts';
import { caseSteps } from '../support/cases.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime({ RETENTION_YEARS: '5' });
const steps = caseSteps(api);
const { intake, investigator } = steps;

const reportAbout = (name: string, organization: string) => ({
  ...anonymousReport(),
  accused: { name, position: '科长', organization, region: '某省某县' },
});

const submit = async (name: string, organization: string) =>
  (await steps.submitReport(reportAbout(name, organization))).reportId;

const register = async (reportId: string) => (await steps.registerClue(reportId)).clue;

const yearsAfter = (iso: string, years: number, days: number) => {
  const at = new Date(iso);
  at.setUTCFullYear(at.getUTCFullYear() + years);
  return new Date(at.getTime() + days * 24 * 3600 * 1000);
};

const runJob = async (now: Date) => {
  const { eraseExpired } = await import('../../functions/workers/retention.ts');
  return eraseExpired(createServices({ now: () => now }))();
};

const searchIds = async (q: string): Promise<string[]> => {
  const answer = await investigator.get(`/search?q=${encodeURIComponent(q)}&limit=100`);
  expect(answer.status).toBe(200);
  return (answer.body.items as { id: string }[]).map((hit) => hit.id);
};

const deadlineList = async (status: string): Promise<string[]> => {
  const answer = await intake.get(`/clues?status=${status}&sort=deadline&limit=100`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return (answer.body.items as { clueId: string }[]).map((c) => c.clueId);
};

/** A case concluded UNTRUE and cleared by a public notice, published (the single commission's). */
const publishNotice = async (name: string) => {
  const c = await steps.concludedCase(reportAbout(name, '某县旧市场监管局'), 'UNTRUE');
  await steps.publishClearance(c.clue);
  return { reportId: c.reportId, clueId: c.clue.clueId };
};

const board = async (): Promise<string[]> => {
  const response = await api.call('GET', '/notices?commissionId=default&limit=100');
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body.items as { cadre: { name: string } }[]).map((n) => n.cadre.name);
};

/** Every item of the table, in a stable order: what "writes nothing" is checked against. */
const snapshot = async () =>
  JSON.stringify((await api.allItems()).map((item) => JSON.stringify(item, Object.keys(item).sort())).sort());

const tallies = (p: Progress) => p.tallies;

describe('the backfill of this round’s indexes', () => {
  it('places old cases in the retention index, the deadline list, the search and the board, once; a dry run writes nothing', async () => {
    // Prepare: an ended case (closed 予以了结), an open clue, an unregistered report
    const endedReport = await submit('钱旧案', '某县旧档案局');
    let ended = await register(endedReport);
    const closed = await intake.post(`/clues/${ended.clueId}/actions`, {
      expectedVersion: ended.version,
      action: 'close',
      reason: '问题轻微，已批评教育，予以了结',
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    ended = closed.body;
    const openReport = await submit('周旧线', '某县旧林业站');
    const open = await register(openReport);
    const waiting = await submit('孙旧报', '某县旧水利站');
    const cleared = await publishNotice('吴旧澄');
    await api.runtime.settled();
    expect(await board()).toEqual(['吴旧澄']);
    const endedAt = String(
      (await api.itemsOf('RetentionEntry')).find((e) => e.reportId === endedReport)?.endedAt,
    );
    expect(endedAt).toMatch(/^\d{4}-/);

    // Prepare: take them back to the shape they had before the indexes existed
    const table = api.runtime.tableName;
    for (const item of await api.allItems()) {
      if (['RetentionEntry', 'SearchEntry', 'NoticeBoardEntry'].includes(String(item.entity)))
        await api.db.send(new DeleteCommand({ TableName: table, Key: { PK: item.PK, SK: item.SK } }));
      if (item.entity === 'Clue')
        await api.db.send(
          new UpdateCommand({
            TableName: table,
            Key: { PK: item.PK, SK: item.SK },
            UpdateExpression: 'REMOVE GSI5PK, GSI5SK, categories',
          }),
        );
    }
    const due = yearsAfter(endedAt, 5, 1);
    expect(await deadlineList(open.status)).not.toContain(open.clueId);
    expect(await searchIds('孙旧报')).toEqual([]);
    expect(await runJob(due)).toEqual({ erased: 0, examined: 0 });
    expect(await board()).toEqual([]);

    // Act: a dry run, as an operator runs it against the runtime's DynamoDB Local
    const before = await snapshot();
    const { stdout } = await promisify(execFile)(
      'node_modules/.bin/tsx',
      [
        'infra/backfill/main.ts',
        '--what',
        'retention,clue-deadlines,search,notice-boards',
        '--dry-run',
        '--endpoint',
        api.runtime.dynamoDbEndpoint,
        '--table',
        table,
      ],
      { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );

    // Assess: what it would do, and nothing done
    expect(stdout).toContain('dry run: nothing is written');
    expect(stdout).toContain('retention: 2 to write, 1 skipped, 0 items written');
    expect(stdout).toContain('clue-deadlines: 3 to write, 0 skipped, 0 items written');
    expect(stdout).toContain('search: 7 to write, 0 skipped, 0 items written');
    expect(stdout).toContain('notice-boards: 1 to write, 0 skipped, 0 items written');
    expect(stdout).toContain('The table was read to its end.');
    expect(await snapshot()).toBe(before);

    // Act: the run, a page at a time, each resuming from the cursor the one before printed
    const runs: Progress[] = [];
    let from: string | undefined;
    do {
      const run = await runBackfill(
        { db: api.db, tableName: table },
        { what: ['retention', 'clue-deadlines', 'search', 'notice-boards'], from, pageSize: 4, maxPages: 1 },
      );
      runs.push(run);
      from = run.cursor;
    } while (from);

    // Assess: every subject once, across the pages
    expect(runs.length).toBeGreaterThan(1);
    const sum = (name: BackfillName, field: 'written' | 'skipped') =>
      runs.reduce((n, run) => n + (tallies(run)[name]?.[field] ?? 0), 0);
    expect(sum('retention', 'written')).toBe(2);
    expect(sum('clue-deadlines', 'written')).toBe(3);
    expect(sum('search', 'written')).toBe(7);
    expect(sum('notice-boards', 'written')).toBe(1);
    // Four reports, three clues, one clearance
    expect(runs.reduce((n, run) => n + run.matched, 0)).toBe(8);

    // Assess: the deadline list shows the old clues, the search finds the old report and case
    expect(await deadlineList(open.status)).toContain(open.clueId);
    expect(await deadlineList('CLOSED')).toContain(ended.clueId);
    expect(await searchIds('孙旧报')).toEqual([waiting]);
    expect((await searchIds('钱旧案')).sort()).toEqual([endedReport, ended.clueId].sort());
    expect((await searchIds('某县旧林业站')).sort()).toEqual([openReport, open.clueId].sort());
    expect((await searchIds('吴旧澄')).sort()).toEqual([cleared.reportId, cleared.clueId].sort());
    expect(await board()).toEqual(['吴旧澄']);
    expect((await api.itemsOf('Clue')).find((c) => c.clueId === open.clueId)).toMatchObject({
      categories: ['CORRUPTION'],
    });

    // Assess: the retention job now erases the old ended cases (the notice's concluded seconds
    // after the closed one), and not the open one
    expect(await runJob(yearsAfter(endedAt, 5, -1))).toEqual({ erased: 0, examined: 0 });
    expect(await runJob(due)).toEqual({ erased: 2, examined: 2 });
    const reports = await api.itemsOf('Report');
    for (const reportId of [endedReport, cleared.reportId])
      expect(reports.find((r) => r.reportId === reportId)).toMatchObject({ erasedAt: expect.any(String) });
    expect(reports.find((r) => r.reportId === openReport)?.erasedAt).toBeUndefined();
    await api.runtime.settled();

    // Act: the same backfill again (the erased report stays out of the index)
    const unchanged = await snapshot();
    const again = await runBackfill(
      { db: api.db, tableName: table },
      { what: ['retention', 'clue-deadlines', 'search', 'notice-boards'] },
    );

    // Assess: nothing written
    expect(tallies(again)).toEqual({
      retention: { written: 0, skipped: 3, items: 0 },
      'clue-deadlines': { written: 0, skipped: 3, items: 0 },
      search: { written: 0, skipped: 7, items: 0 },
      'notice-boards': { written: 0, skipped: 1, items: 0 },
    });
    expect(again.cursor).toBeUndefined();
    expect(await snapshot()).toBe(unchanged);

    // Act, Assess: as a parallel Scan of two segments, the same items, nothing to write
    const halves = await Promise.all(
      [0, 1].map((index) =>
        runBackfill(
          { db: api.db, tableName: table },
          { what: ['search', 'notice-boards'], segment: { index, of: 2 } },
        ),
      ),
    );
    expect(halves.reduce((n, half) => n + half.matched, 0)).toBe(8);
    expect(halves.flatMap((half) => Object.values(half.tallies)).every((t) => t.written === 0)).toBe(true);
    expect(await snapshot()).toBe(unchanged);
    // The machine is shared and a notice takes a dozen requests: generous.
  }, 240_000);

  it('refuses a cursor that is not one, before reading anything', async () => {
    await expect(
      runBackfill(
        { db: api.db, tableName: api.runtime.tableName },
        { what: ['search'], from: 'bm90LWEta2V5' },
      ),
    ).rejects.toThrow(/Not a cursor/);
  });
});
