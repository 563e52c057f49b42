/**
 * Case numbers and staff search: every report and clue gets a number of its commission and year;
 * GET /search finds them by case number, cadre name or organisation, within the member's commission,
 * from an index the searchIndex worker keeps off the write path.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../infra/local/keys.ts';
import { caseYear } from '../../shared/domain/case-number.ts';
import { searchEntriesOf } from '../../shared/store/search-index.ts';
import { anonymousReport, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();
const intake = api.as('intake', 'intake-search-1');
const investigator = api.as('investigator', 'inv-search-1');

const reportOf = (name: string, organization: string) => ({
  ...anonymousReport(),
  accused: { name, position: '科长', organization, region: '某省某县' },
});

const submit = async (body: unknown) => {
  const answer = await api.post('/reports', body);
  expect(answer.status).toBe(201);
  return answer.body as { reportId: string; receiptCode: string };
};

interface Hit {
  kind: 'REPORT' | 'CLUE';
  id: string;
  caseNumber?: string;
  cadre: { name: string; organization: string };
  status: string;
  clueId?: string;
}

/** A member of another commission (the token's custom:commissionId). */
const asMemberOf = (commissionId: string, role: 'intake' | 'investigator' = 'investigator') => {
  const call = async (method: string, path: string, body?: unknown) => {
    const token = await issueLocalToken(`${role}-${commissionId}`, [role], 1, {
      'custom:commissionId': commissionId,
    });
    const response = await fetch(`${api.runtime.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
  };
};

const search = async (
  q: string,
  as: { get(path: string): Promise<{ status: number; body: any }> } = investigator,
) => {
  const answer = await as.get(`/search?q=${encodeURIComponent(q)}&limit=100`);
  expect(answer.status).toBe(200);
  return answer.body.items as Hit[];
};

/** The index is written a moment after the request (the stream, the worker): wait for it. */
const eventually = async <T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> => {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

const year = caseYear(new Date());
const reportNumber = new RegExp(`^〔${year}〕某县纪委信访第\\d{4}号$`);
const clueNumber = new RegExp(`^〔${year}〕某县纪委线索第\\d{4}号$`);

describe('case numbers', () => {
  it('numbers reports and clues per kind, shows them to staff and never to the reporter', async () => {
    const first = await submit(reportOf('赵六', '某县交通运输局'));
    const second = await submit(reportOf('赵六', '某县交通运输局'));
    const queue = (await intake.get('/reports?status=UNREGISTERED&limit=100')).body.items as {
      reportId: string;
      caseNumber?: string;
    }[];
    const numbers = [first, second].map((r) => queue.find((q) => q.reportId === r.reportId)?.caseNumber);
    expect(numbers[0]).toMatch(reportNumber);
    expect(numbers[1]).toMatch(reportNumber);
    const seq = (n: string | undefined) => Number(/第(\d+)号/.exec(n ?? '')?.[1]);
    expect(seq(numbers[1])).toBeGreaterThan(seq(numbers[0]));

    const clue = await intake.post('/clues', { reportIds: [first.reportId] });
    expect(clue.status).toBe(201);
    expect(clue.body.caseNumber).toMatch(clueNumber);
    expect(clue.body.reports[0].caseNumber).toBe(numbers[0]);
    const detail = await investigator.get(`/clues/${clue.body.clueId}`);
    expect(detail.body.caseNumber).toBe(clue.body.caseNumber);
    const list = await investigator.get('/clues?status=REGISTERED&limit=100');
    const row = list.body.items.find((c: { clueId: string }) => c.clueId === clue.body.clueId);
    expect(row.caseNumber).toBe(clue.body.caseNumber);

    // The reporter's own key is the receipt code: the commission's numbers are not theirs to see.
    const lookup = await api.post('/receipts/lookup', { receiptCode: first.receiptCode });
    expect(lookup.status).toBe(200);
    expect(JSON.stringify(lookup.body)).not.toContain('信访第');
    expect(JSON.stringify(lookup.body)).not.toContain('线索第');
  });

  it('counts each commission apart: a counter report of another commission starts its own sequence', async () => {
    const member = asMemberOf('county-numbers', 'intake');
    const taken = await member.post('/intake/reports', {
      ...reportOf('钱七', '某县水利局'),
      channel: 'LETTER',
    });
    expect(taken.status).toBe(201);
    const [stored] = (await api.itemsOf('Report')).filter((r) => r.reportId === taken.body.reportId);
    expect(stored).toMatchObject({
      commissionId: 'county-numbers',
      caseNumber: `〔${year}〕某县纪委信访第0001号`,
    });
  });
});

describe('GET /search', () => {
  it('finds reports and clues by cadre name, organisation substring and case number', async () => {
    const report = await submit(reportOf('孙悟净', '某县自然资源和规划局'));
    const registered = await intake.post('/clues', { reportIds: [report.reportId] });
    const { clueId, caseNumber } = registered.body as { clueId: string; caseNumber: string };

    const byName = await eventually(
      () => search('孙悟净'),
      (hits) => hits.length === 2,
      'the report and the clue to be indexed',
    );
    expect(byName.map((h) => h.kind).sort()).toEqual(['CLUE', 'REPORT']);
    // A report registered since it was indexed shows as it is now, with its clue.
    expect(byName.find((h) => h.kind === 'REPORT')).toMatchObject({
      id: report.reportId,
      status: 'REGISTERED',
      clueId,
      cadre: { name: '孙悟净', organization: '某县自然资源和规划局' },
    });
    expect(byName.find((h) => h.kind === 'CLUE')).toMatchObject({
      id: clueId,
      caseNumber,
      status: 'REGISTERED',
    });

    // The worker writes a clue's entries in several batches (25 a BatchWriteItem), so each kind of
    // query waits for its own entries: found within the wait, or the test fails with what it waited for.
    const finds = async (q: string, expected: string[]) => {
      const hits = await eventually(
        () => search(q),
        (found) => expected.every((id) => found.some((h) => h.id === id)),
        `“${q}” to find ${expected.join(', ')}`,
      );
      return hits.map((h) => h.id);
    };
    // Organisation: any two or more characters of it, with spaces and full-width forms.
    expect(await finds('资源和规划', [clueId])).toContain(clueId);
    expect(await finds(' 规划 局 ', [clueId])).toContain(clueId);
    // Case number: exact, a prefix-free fragment, or typed with full-width digits and without brackets.
    expect(await finds(caseNumber, [clueId])).toEqual([clueId]);
    const seq = /第(\d+)号/.exec(caseNumber)?.[1] as string;
    expect(await finds(`线索第${seq}号`, [clueId])).toEqual([clueId]);
    const fullWidth = caseNumber.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(await finds(fullWidth.replace(/[〔〕]/g, ''), [clueId])).toEqual([clueId]);
    // A substring match only: no item merely sharing a bigram.
    expect(await search('孙悟空')).toEqual([]);
  });

  it('refuses a query of fewer than two characters once spaces and punctuation are left out', async () => {
    for (const q of ['张', ' 张 ', '，。、', '〔张〕']) {
      const answer = await investigator.get(`/search?q=${encodeURIComponent(q)}`);
      expect(answer.status, q).toBe(400);
      expect(answer.body.error.code).toBe('QUERY_TOO_SHORT');
      expect(answer.body.error.message).toMatch(/至少需要2个字/);
    }
    expect((await investigator.get('/search')).status).toBe(400);
    expect((await api.call('GET', '/search?q=张三')).status).toBe(401);
  });

  it('never finds the reporter, nor the report’s text', async () => {
    const person = { name: '周知秋', idNumber: validResidentId('777'), phone: '13912345678' };
    const report = await submit({
      ...realNameReport(person),
      accused: { name: '吴用之', position: '主任', organization: '某县财政局', region: '某省某县' },
    });
    await eventually(
      () => search('吴用之'),
      (hits) => hits.some((h) => h.id === report.reportId),
      'indexing',
    );
    expect(await search('周知秋')).toEqual([]);
    expect(await search('13912345678')).toEqual([]);
    expect(await search('违规发放津贴')).toEqual([]);
    const entries = (await api.itemsOf('SearchEntry')).filter((e) => e.subjectId === report.reportId);
    expect(entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(entries)).not.toMatch(/周知秋|13912345678|津贴|lisi/);
  });

  it('pages newest first without repeating an item', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await submit(reportOf('冯页码', `某县第${i}中学`))).reportId);
    await eventually(
      () => search('冯页码'),
      (hits) => hits.length === 5,
      'indexing',
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const answer = await investigator.get(
        `/search?q=${encodeURIComponent('冯页码')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...answer.body.items.map((h: Hit) => h.id));
      cursor = answer.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...ids].reverse());
    // A cursor of another query's list (another bigram's partition) is refused, not followed.
    const first = await investigator.get(`/search?q=${encodeURIComponent('冯页码')}&limit=2`);
    const wrong = await investigator.get(
      `/search?q=${encodeURIComponent('冯页')}&cursor=${first.body.nextCursor}`,
    );
    expect(wrong.status).toBe(400);
  });

  it('answers only with the member’s own commission', async () => {
    // Another commission's clue, as the tenancy work will store it: its entries in its own partitions.
    const at = new Date().toISOString();
    const other = {
      kind: 'CLUE' as const,
      subjectId: 'clu_othercommission0001',
      commissionId: 'county-b',
      at,
      caseNumber: `〔${year}〕某县纪委线索第0001号`,
      cadre: { name: '陈隔离', organization: '另县审计局' },
    };
    await api.db.send(
      new BatchWriteCommand({
        RequestItems: {
          [api.runtime.tableName]: [
            ...searchEntriesOf(other).map((e) => ({
              PutRequest: {
                Item: {
                  PK: `SEARCH#county-b#${e.bigram}`,
                  SK: `${at}#CLUE#${other.subjectId}`,
                  entity: 'SearchEntry',
                  ...e,
                },
              },
            })),
            {
              PutRequest: {
                Item: {
                  PK: `CLUE#${other.subjectId}`,
                  SK: 'CLUE',
                  entity: 'Clue',
                  clueId: other.subjectId,
                  commissionId: 'county-b',
                  caseNumber: other.caseNumber,
                  status: 'REGISTERED',
                },
              },
            },
          ],
        },
      }),
    );
    expect(await search('陈隔离')).toEqual([]);
    expect(await search('审计局')).toEqual([]);
    const theirs = await search('陈隔离', asMemberOf('county-b'));
    expect(theirs.map((h) => h.id)).toEqual([other.subjectId]);
    // And their member finds nothing of ours.
    await submit(reportOf('褚本会', '某县教育局'));
    await eventually(
      () => search('褚本会'),
      (hits) => hits.length === 1,
      'indexing',
    );
    expect(await search('褚本会', asMemberOf('county-b'))).toEqual([]);
  });
});
