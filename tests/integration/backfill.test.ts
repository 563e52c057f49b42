/**
 * The backfill (infra/backfill): cases written before this round's indexes, in their old shape (no
 * retention entry, no GSI5 keys or categories on the clue, no search entries), are missing from
 * the retention job, the deadline-sorted list and the search; the backfill places them, so the
 * job erases the old ended case, the list shows the old clue and the search finds the old report.
 * A dry run (through the command, as an operator runs it) writes nothing; a run in pages resumes
 * from its cursor; a second run writes nothing.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { type Progress, runBackfill } from '../../infra/backfill/backfills.ts';
import { createServices } from '../../shared/services.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime({ RETENTION_YEARS: '5' });
const intake = api.as('intake', 'intake-1');
const investigator = api.as('investigator', 'inv-1');

const reportAbout = (name: string, organization: string) => ({
  ...anonymousReport(),
  accused: { name, position: '科长', organization, region: '某省某县' },
});

const submit = async (name: string, organization: string): Promise<string> => {
  const answer = await api.post('/reports', reportAbout(name, organization));
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.reportId;
};

const register = async (reportId: string) => {
  const answer = await intake.post('/clues', { reportIds: [reportId] });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as { clueId: string; version: number; status: string };
};

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

/** Every item of the table, in a stable order: what "writes nothing" is checked against. */
const snapshot = async () =>
  JSON.stringify((await api.allItems()).map((item) => JSON.stringify(item, Object.keys(item).sort())).sort());

const tallies = (p: Progress) => p.tallies;

describe('the backfill of this round’s indexes', () => {
  it('places old cases in the retention index, the deadline list and the search, once; a dry run writes nothing', async () => {
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
    await api.runtime.settled();
    const endedAt = String(
      (await api.itemsOf('RetentionEntry')).find((e) => e.reportId === endedReport)?.endedAt,
    );
    expect(endedAt).toMatch(/^\d{4}-/);

    // Prepare: take them back to the shape they had before the indexes existed
    const table = api.runtime.tableName;
    for (const item of await api.allItems()) {
      if (item.entity === 'RetentionEntry' || item.entity === 'SearchEntry')
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

    // Act: a dry run, as an operator runs it against the runtime's DynamoDB Local
    const before = await snapshot();
    const { stdout } = await promisify(execFile)(
      'node_modules/.bin/tsx',
      [
        'infra/backfill/main.ts',
        '--what',
        'retention,clue-deadlines,search',
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
    expect(stdout).toContain('retention: 1 to write, 1 skipped, 0 items written');
    expect(stdout).toContain('clue-deadlines: 2 to write, 0 skipped, 0 items written');
    expect(stdout).toContain('search: 5 to write, 0 skipped, 0 items written');
    expect(stdout).toContain('The table was read to its end.');
    expect(await snapshot()).toBe(before);

    // Act: the run, a page at a time, each resuming from the cursor the one before printed
    const runs: Progress[] = [];
    let from: string | undefined;
    do {
      const run = await runBackfill(
        { db: api.db, tableName: table },
        { what: ['retention', 'clue-deadlines', 'search'], from, pageSize: 4, maxPages: 1 },
      );
      runs.push(run);
      from = run.cursor;
    } while (from);

    // Assess: every subject once, across the pages
    expect(runs.length).toBeGreaterThan(1);
    const sum = (name: 'retention' | 'clue-deadlines' | 'search', field: 'written' | 'skipped') =>
      runs.reduce((n, run) => n + (tallies(run)[name]?.[field] ?? 0), 0);
    expect(sum('retention', 'written')).toBe(1);
    expect(sum('clue-deadlines', 'written')).toBe(2);
    expect(sum('search', 'written')).toBe(5);
    expect(runs.reduce((n, run) => n + run.matched, 0)).toBe(5);

    // Assess: the deadline list shows the old clues, the search finds the old report and case
    expect(await deadlineList(open.status)).toContain(open.clueId);
    expect(await deadlineList('CLOSED')).toContain(ended.clueId);
    expect(await searchIds('孙旧报')).toEqual([waiting]);
    expect((await searchIds('钱旧案')).sort()).toEqual([endedReport, ended.clueId].sort());
    expect((await searchIds('某县旧林业站')).sort()).toEqual([openReport, open.clueId].sort());
    expect((await api.itemsOf('Clue')).find((c) => c.clueId === open.clueId)).toMatchObject({
      categories: ['CORRUPTION'],
    });

    // Assess: the retention job now erases the old ended case, and only it
    expect(await runJob(yearsAfter(endedAt, 5, -1))).toEqual({ erased: 0, examined: 0 });
    expect(await runJob(due)).toEqual({ erased: 1, examined: 1 });
    const erased = (await api.itemsOf('Report')).find((r) => r.reportId === endedReport);
    expect(erased).toMatchObject({ erasedAt: expect.any(String) });
    await api.runtime.settled();

    // Act: the same backfill again (the erased report stays out of the index)
    const unchanged = await snapshot();
    const again = await runBackfill(
      { db: api.db, tableName: table },
      { what: ['retention', 'clue-deadlines', 'search'] },
    );

    // Assess: nothing written
    expect(tallies(again)).toEqual({
      retention: { written: 0, skipped: 2, items: 0 },
      'clue-deadlines': { written: 0, skipped: 2, items: 0 },
      search: { written: 0, skipped: 5, items: 0 },
    });
    expect(again.cursor).toBeUndefined();
    expect(await snapshot()).toBe(unchanged);
  });

  it('refuses a cursor that is not one, before reading anything', async () => {
    await expect(
      runBackfill(
        { db: api.db, tableName: api.runtime.tableName },
        { what: ['search'], from: 'bm90LWEta2V5' },
      ),
    ).rejects.toThrow(/Not a cursor/);
  });
});
