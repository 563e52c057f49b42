/**
 * The clue lists across many pages (issue 16): no duplicates, no gaps, sorted by deadline or by
 * registration time across page boundaries, filters combined, another commission's clues never
 * in them. The clues are written straight to the table, as the store writes them, so 130 of them
 * take a few batch writes rather than 260 requests.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Clue, registerClue } from '../../shared/domain/clue.ts';
import type { ReportCategory } from '../../shared/domain/vocabulary.ts';
import { createServices } from '../../shared/services.ts';
import { clueEntity } from '../../shared/store/clues.ts';
import { anonymousReport, plainDeadlinePolicy } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();
const intake = api.as('intake', 'intake-1');
const countyA = api.as('intake', 'intake-a', 'county-a');

const categories: ReportCategory[] = ['CORRUPTION', 'DISCIPLINE', 'DERELICTION', 'WORK_STYLE', 'OTHER'];
const day = 24 * 3600 * 1000;
const now = Date.now();

/** A clue in ASSIGNED with the given times; deadlines scattered so they do not follow registration. */
const clueOf = (n: number, commissionId?: string): Clue => {
  const clue = registerClue({
    clueId: `clu-list-${commissionId ?? 'd'}-${String(n).padStart(3, '0')}`,
    reports: [
      {
        reportId: `rep-list-${commissionId ?? 'd'}-${n}`,
        accused: anonymousReport().accused,
        allegations: [{ summary: '在工程招标中收受承包商礼金' }],
        reporterKind: 'ANONYMOUS',
        category: categories[n % categories.length],
      },
    ],
    actor: { userId: 'intake-1', roles: ['intake'] },
    now: new Date(now - 200 * day + n * 3600 * 1000),
    policy: plainDeadlinePolicy,
    ...(commissionId ? { commissionId } : {}),
  });
  // Every seventh has no running deadline: it sorts after every date.
  const concludeBy =
    n % 7 === 3 ? undefined : new Date(now + (((n * 37) % 120) - 30) * day + n * 1000).toISOString();
  return {
    ...clue,
    status: 'ASSIGNED',
    assignee: n % 2 ? 'inv-1' : 'inv-2',
    concludeBy,
  };
};

const ours = Array.from({ length: 125 }, (_, n) => clueOf(n));
const theirs = Array.from({ length: 10 }, (_, n) => clueOf(n, 'county-a'));

beforeAll(async () => {
  const { config } = createServices();
  const items = [...ours, ...theirs].map((clue) => ({ PutRequest: { Item: clueEntity.item({ clue }) } }));
  for (let i = 0; i < items.length; i += 25) {
    const out = await api.db.send(
      new BatchWriteCommand({ RequestItems: { [config.TABLE_NAME]: items.slice(i, i + 25) } }),
    );
    expect(Object.keys(out.UnprocessedItems ?? {})).toHaveLength(0);
  }
});

interface Row {
  clueId: string;
  registeredAt: string;
  assignee?: string;
  categories?: string[];
  deadline?: { at: string; overdue: boolean };
}

/** Every page of a list, `limit` at a time, counting the pages. */
const readAll = async (who: typeof intake, query: string, limit = 17) => {
  const rows: Row[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await who.get(`/clues?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(limit);
    rows.push(...page.body.items);
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { rows, pages };
};

const ids = (rows: { clueId: string }[]) => rows.map((r) => r.clueId);
const deadlineOrder = (a: Clue, b: Clue) =>
  (a.concludeBy ?? 'NONE').localeCompare(b.concludeBy ?? 'NONE') || a.clueId.localeCompare(b.clueId);

describe('clue lists across pages', () => {
  it('sorts a status by deadline, earliest first, across page boundaries, undated last', async () => {
    const { rows, pages } = await readAll(intake, 'status=ASSIGNED&sort=deadline&order=asc');
    expect(pages).toBeGreaterThanOrEqual(8);
    expect(new Set(ids(rows)).size).toBe(rows.length);
    expect(ids(rows)).toEqual(ids([...ours].sort(deadlineOrder)));
    const dated = rows.filter((r) => r.deadline).map((r) => r.deadline?.at as string);
    expect(dated).toEqual([...dated].sort());
    expect(rows.slice(dated.length).every((r) => !r.deadline)).toBe(true);
  });

  it('sorts by deadline latest first and by registration time both ways, without gaps', async () => {
    const latest = await readAll(intake, 'status=ASSIGNED&sort=deadline&order=desc', 23);
    expect(ids(latest.rows)).toEqual(ids([...ours].sort(deadlineOrder).reverse()));
    const newest = await readAll(intake, 'status=ASSIGNED&sort=registered&order=desc', 30);
    expect(ids(newest.rows)).toEqual(ids([...ours].reverse()));
    const oldest = await readAll(intake, 'status=ASSIGNED', 100);
    expect(ids(oldest.rows)).toEqual(ids(ours));
    expect(oldest.pages).toBe(2);
  });

  it('combines status, assignee and category, by deadline, and keeps paging past short pages', async () => {
    const { rows } = await readAll(
      intake,
      'status=ASSIGNED&assignee=inv-1&category=CORRUPTION&sort=deadline',
      10,
    );
    const expected = ours
      .filter((c) => c.assignee === 'inv-1' && c.reports[0]?.category === 'CORRUPTION')
      .sort(deadlineOrder);
    expect(expected.length).toBeGreaterThan(5);
    expect(ids(rows)).toEqual(ids(expected));
    expect(rows.every((r) => r.categories?.includes('CORRUPTION'))).toBe(true);
  });

  it('lists an assignee’s clues of one category by registration time', async () => {
    const { rows } = await readAll(intake, 'assignee=inv-2&category=OTHER&status=ASSIGNED', 9);
    expect(ids(rows)).toEqual(
      ids(ours.filter((c) => c.assignee === 'inv-2' && c.reports[0]?.category === 'OTHER')),
    );
  });

  it('keys the overdue clues of a status by deadline, and lists overdue of every status', async () => {
    const overdue = ours
      .filter((c) => c.concludeBy && c.concludeBy < new Date().toISOString())
      .sort(deadlineOrder);
    expect(overdue.length).toBeGreaterThan(10);
    const inStatus = await readAll(intake, 'status=ASSIGNED&overdue=true', 7);
    expect(ids(inStatus.rows)).toEqual(ids(overdue));
    expect(inStatus.rows.every((r) => r.deadline?.overdue)).toBe(true);
    const everywhere = await readAll(intake, 'overdue=true&category=DISCIPLINE', 20);
    expect(ids(everywhere.rows)).toEqual(ids(overdue.filter((c) => c.reports[0]?.category === 'DISCIPLINE')));
  });

  it('never shows another commission’s clues, and shows that commission only its own', async () => {
    const everyList = [
      'status=ASSIGNED&sort=deadline',
      'status=ASSIGNED',
      'assignee=inv-1',
      'overdue=true',
      'status=ASSIGNED&overdue=true',
    ];
    for (const query of everyList) {
      const { rows } = await readAll(intake, query, 100);
      expect(
        rows.some((r) => r.clueId.includes('county-a')),
        query,
      ).toBe(false);
    }
    const theirList = await readAll(countyA, 'status=ASSIGNED&sort=deadline', 4);
    expect(ids(theirList.rows)).toEqual(ids([...theirs].sort(deadlineOrder)));
  });

  it.each([
    ['status=ASSIGNED&overdue=true&sort=registered', 'sort=deadline'],
    ['assignee=inv-1&sort=deadline', 'needs a status'],
    ['overdue=true&order=desc', 'order=asc'],
    ['category=CORRUPTION', 'give status, assignee or overdue=true'],
    ['status=ASSIGNED&sort=name', 'sort'],
  ])('refuses %s with a 400 that says why, in Chinese and in English', async (query, why) => {
    const zh = await intake.get(`/clues?${query}`);
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(zh.body.error)).toContain(why);
    const en = await api.call('GET', `/clues?${query}`, {
      role: 'intake',
      headers: { 'accept-language': 'en' },
    });
    expect(en.body.error.message).not.toBe(zh.body.error.message);
  });

  it('refuses a cursor of the registration-time list on the deadline list', async () => {
    const first = await intake.get('/clues?status=ASSIGNED&limit=5');
    const misused = await intake.get(`/clues?status=ASSIGNED&sort=deadline&cursor=${first.body.nextCursor}`);
    expect(misused.status).toBe(400);
  });
});

describe('the intake queue', () => {
  it('reads newest first when asked, oldest first by default', async () => {
    const submitted: string[] = [];
    for (let i = 0; i < 3; i++) submitted.push((await api.post('/reports', anonymousReport())).body.reportId);
    const oldest = await intake.get('/reports?status=UNREGISTERED&limit=100');
    const newest = await intake.get('/reports?status=UNREGISTERED&order=desc&limit=100');
    const mine = (page: { body: { items: { reportId: string }[] } }) =>
      page.body.items.map((r) => r.reportId).filter((id) => submitted.includes(id));
    expect(mine(oldest)).toEqual(submitted);
    expect(mine(newest)).toEqual([...submitted].reverse());
  });
});
