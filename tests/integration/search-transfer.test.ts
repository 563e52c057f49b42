/**
 * Search after a transfer between commissions (issue 16): the search index follows a report handed
 * to another commission. The receiver finds it by the cadre, by its new case number and by every
 * number the commissions before gave it (the sender's transfer letter names the sender's); the
 * sender no longer finds it (its clue, which stays the sender's, it still does), whatever order and
 * however often the events reach the searchIndex worker.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackfill } from '../../infra/backfill/backfills.ts';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import { reportSearchable, searchableOf } from '../../shared/domain/search.ts';
import { createServices, documentClient } from '../../shared/services.ts';
import { reportEntity } from '../../shared/store/reports.ts';
import { searchEntriesOf, searchEntryEntity } from '../../shared/store/search-index.ts';
import { seedCommissions, testHierarchy } from '../support/commissions.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

type Member = ReturnType<typeof api.as>;
const county = (role: 'intake' | 'investigator' = 'investigator') =>
  api.as(role, `${role}-search-a`, 'county-a');
const city = (role: 'intake' | 'investigator' = 'investigator') =>
  api.as(role, `${role}-search-city`, 'city-jia');
const countyB = (role: 'intake' | 'investigator' = 'investigator') =>
  api.as(role, `${role}-search-b`, 'county-b');

interface Hit {
  kind: 'REPORT' | 'CLUE';
  id: string;
  caseNumber?: string;
  formerCaseNumber?: string;
  status: string;
}

/** A case number's serial as staff type it from a letter: its last run of digits (0007). */
const serialOf = (caseNumber: string) => /(\d+)\D*$/.exec(caseNumber)?.[1] as string;

const search = async (member: Member, q: string): Promise<Hit[]> => {
  const answer = await member.get(`/search?q=${encodeURIComponent(q)}&limit=100`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.items;
};

/** The index is written a moment after the request (the stream, the worker): wait for it. */
const eventually = async <T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string) => {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

const accusedOf = (name: string, organization: string) => ({
  name,
  position: '副局长',
  organization,
  region: '某省甲市A县',
});

const submit = async (name: string, organization: string) => {
  const answer = await api.post('/reports', {
    ...anonymousReport(),
    accused: accusedOf(name, organization),
    commissionId: 'county-a',
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.reportId as string;
};

/** The report's own search entries, wherever they are. */
const entriesOf = async (reportId: string) =>
  (await api.itemsOf('SearchEntry'))
    .filter((e) => e.subjectId === reportId)
    .map((e) => `${e.PK} ${e.SK}`)
    .sort();

/** The report's case number as a member's intake queue shows it. */
const queuedNumber = async (member: Member, reportId: string): Promise<string> => {
  const queue = await member.get('/reports?status=UNREGISTERED&limit=100');
  const row = queue.body.items.find((r: { reportId: string }) => r.reportId === reportId);
  expect(row?.caseNumber, `${reportId} in the queue`).toEqual(expect.any(String));
  return row.caseNumber;
};

const clients: DynamoDBDocumentClient[] = [];
/** The services of the runtime's table, for calling the worker itself. */
const servicesOfRuntime = () => {
  const services = createServices();
  const local = documentClient(new DynamoDBClient(localClientConfig(api.runtime.dynamoDbEndpoint)));
  clients.push(local);
  return { ...services, db: local, config: { ...services.config, TABLE_NAME: api.runtime.tableName } };
};

beforeAll(async () => {
  // The city numbers in its own words, so a number tells which commission drew it.
  await seedCommissions(
    api.db,
    api.runtime.tableName,
    testHierarchy.map((c) =>
      c.commissionId === 'city-jia'
        ? { ...c, settings: { ...c.settings, caseNumberFormat: '〔{year}〕甲市纪委信访第{seq:4}号' } }
        : c.commissionId === 'county-b'
          ? { ...c, settings: { ...c.settings, caseNumberFormat: '〔{year}〕甲市B县纪委信访第{seq:4}号' } }
          : c,
    ),
  );
});
afterAll(() => {
  for (const client of clients) client.destroy();
});

describe('search after a clue is transferred to another commission', () => {
  it('finds the report at the receiver under its new number, and no longer at the sender', async () => {
    // Prepare: a report of county-a, registered there as a clue, found there.
    const reportId = await submit('卫移交', '甲市A县住房和城乡建设局');
    const oldNumber = await queuedNumber(county('intake'), reportId);
    const registered = await county('intake').post('/clues', { reportIds: [reportId] });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const { clueId, version } = registered.body as { clueId: string; version: number };
    await eventually(
      () => search(county(), '卫移交'),
      (hits) => hits.length === 2,
      'the report and the clue to be indexed at the county',
    );

    // Act
    const moved = await county('intake').post(`/clues/${clueId}/actions`, {
      expectedVersion: version,
      action: 'transfer',
      reason: '反映问题涉及市管干部，按管理权限移交',
      toCommissionId: 'city-jia',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await api.runtime.settled();

    // Assess: the receiver finds it by the cadre, the organisation and its own new number.
    const newNumber = await queuedNumber(city('intake'), reportId);
    expect(newNumber).not.toBe(oldNumber);
    const atCity = await eventually(
      () => search(city(), '卫移交'),
      (hits) => hits.some((h) => h.id === reportId),
      'the receiver to find the transferred report',
    );
    expect(atCity).toEqual([
      expect.objectContaining({
        kind: 'REPORT',
        id: reportId,
        caseNumber: newNumber,
        status: 'UNREGISTERED',
      }),
    ]);
    expect((await search(city(), '住房和城乡建设')).map((h) => h.id)).toEqual([reportId]);
    expect((await search(city(), newNumber)).map((h) => h.id)).toEqual([reportId]);
    // The sender's number, as its transfer letter names it, finds the report as it is now, and
    // the row says which former number it answered to.
    expect(await search(city(), oldNumber)).toEqual([
      expect.objectContaining({
        kind: 'REPORT',
        id: reportId,
        caseNumber: newNumber,
        formerCaseNumber: oldNumber,
        status: 'UNREGISTERED',
      }),
    ]);
    const bySerial = await search(city(), serialOf(oldNumber));
    expect(bySerial).toContainEqual(expect.objectContaining({ id: reportId, caseNumber: newNumber }));
    // Found by what it is now, the row names no former number.
    expect(atCity[0]?.formerCaseNumber).toBeUndefined();

    // The sender keeps its clue (TRANSFERRED), and no longer the report, by any query.
    const atCounty = await search(county(), '卫移交');
    expect(atCounty).toEqual([expect.objectContaining({ kind: 'CLUE', id: clueId, status: 'TRANSFERRED' })]);
    expect(await search(county(), oldNumber)).toEqual([]);
    expect(await search(county(), newNumber)).toEqual([]);
    // Not merely hidden: the report's entries are all the receiver's now.
    const entries = await entriesOf(reportId);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((key) => key.startsWith('SEARCH#city-jia#'))).toBe(true);
  });
});

describe('search after a waiting report is escalated', () => {
  it('moves the report’s entries to the receiver and holds whatever order the events come in', async () => {
    // Prepare
    const reportId = await submit('蒋上报', '甲市A县纪委监委机关');
    const oldNumber = await queuedNumber(county('intake'), reportId);
    await eventually(
      () => search(county(), '蒋上报'),
      (hits) => hits.some((h) => h.id === reportId),
      'the report to be indexed at the county',
    );

    // Act
    const escalated = await county('intake').post(`/reports/${reportId}/transfer`, {
      toCommissionId: 'city-jia',
      reason: '反映本机关主要负责人问题，报上一级办理',
    });
    expect(escalated.status, JSON.stringify(escalated.body)).toBe(200);
    await api.runtime.settled();

    // Assess: found at the city, gone from the county.
    const newNumber = await queuedNumber(city('intake'), reportId);
    const atCity = await eventually(
      () => search(city(), '蒋上报'),
      (hits) => hits.some((h) => h.id === reportId),
      'the receiver to find the escalated report',
    );
    expect(atCity).toEqual([expect.objectContaining({ id: reportId, caseNumber: newNumber })]);
    expect(await search(county(), '蒋上报')).toEqual([]);
    expect(await search(county(), oldNumber)).toEqual([]);
    const settledEntries = await entriesOf(reportId);
    expect(settledEntries.every((key) => key.startsWith('SEARCH#city-jia#'))).toBe(true);

    // Redelivered, and out of order: the submission after the transfer, the transfer twice.
    const outbox = (await api.itemsOf('OutboxEvent')).filter((o) => String(o.payload).includes(reportId));
    const recordOf = (type: string) => {
      const item = outbox.find((o) => o.type === type);
      expect(item, type).toBeDefined();
      return {
        eventName: 'INSERT',
        dynamodb: {
          SequenceNumber: '1',
          NewImage: {
            entity: { S: 'OutboxEvent' },
            eventId: { S: String(item?.eventId) },
            type: { S: type },
            topic: { S: String(item?.topic) },
            payload: { S: String(item?.payload) },
            occurredAt: { S: String(item?.occurredAt) },
          },
        },
      } as unknown as DynamoDBRecord;
    };
    // Imported here: the module makes its handler from the environment, set once the runtime runs.
    const { indexForSearch } = await import('../../functions/workers/search-index.ts');
    const worker = indexForSearch(servicesOfRuntime());
    const submitted = recordOf('ReportSubmitted');
    const transferred = recordOf('ReportsTransferred');
    for (const Records of [[transferred, submitted], [submitted], [transferred, transferred]]) {
      expect(await worker({ Records })).toEqual({ batchItemFailures: [] });
      expect(await entriesOf(reportId)).toEqual(settledEntries);
    }

    // An entry the county's partitions kept by mischance (a reading older than the transfer)
    // shows no row there (the search reads each row's commission), and the next event removes it.
    const report = (await api.itemsOf('Report')).find((r) => r.reportId === reportId);
    const stale = searchEntriesOf(
      searchableOf('REPORT', {
        subjectId: reportId,
        commissionId: 'county-a',
        at: String(report?.submittedAt),
        caseNumber: oldNumber,
        accused: accusedOf('蒋上报', '甲市A县纪委监委机关'),
      }),
    );
    await api.db.send(
      new BatchWriteCommand({
        RequestItems: {
          [api.runtime.tableName]: stale
            .slice(0, 25)
            .map((entry) => ({ PutRequest: { Item: searchEntryEntity.item(entry) } })),
        },
      }),
    );
    expect((await entriesOf(reportId)).some((key) => key.startsWith('SEARCH#county-a#'))).toBe(true);
    expect(await search(county(), '蒋上报')).toEqual([]);
    expect(await search(county(), oldNumber)).toEqual([]);
    expect(await worker({ Records: [submitted] })).toEqual({ batchItemFailures: [] });
    expect(await entriesOf(reportId)).toEqual(settledEntries);
  });
});

describe('a report transferred back to the commission it came from', () => {
  it('shows its newest number there, is found by every number it had, and no longer where it went', async () => {
    // Prepare: county-a → city, indexed at the city.
    const reportId = await submit('杨往返', '甲市A县农业农村局');
    const firstNumber = await queuedNumber(county('intake'), reportId);
    const reason = '按管理权限移交有关纪检监察机关办理';
    const up = await county('intake').post(`/reports/${reportId}/transfer`, {
      toCommissionId: 'city-jia',
      reason,
    });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    await api.runtime.settled();
    const cityNumber = await queuedNumber(city('intake'), reportId);
    await eventually(
      () => search(city(), '杨往返'),
      (hits) => hits.some((h) => h.id === reportId),
      'the city to find the report',
    );

    // Act: the city passes it back down.
    const down = await city('intake').post(`/reports/${reportId}/transfer`, {
      toCommissionId: 'county-a',
      reason,
    });
    expect(down.status, JSON.stringify(down.body)).toBe(200);
    await api.runtime.settled();

    // Assess: the county shows it under the number it drew this time, not the first one.
    const secondNumber = await queuedNumber(county('intake'), reportId);
    expect(secondNumber).not.toBe(firstNumber);
    const atCounty = await eventually(
      () => search(county(), '杨往返'),
      (hits) => hits.some((h) => h.id === reportId),
      'the county to find the report again',
    );
    expect(atCounty).toEqual([expect.objectContaining({ id: reportId, caseNumber: secondNumber })]);
    expect((await search(county(), secondNumber)).map((h) => h.id)).toEqual([reportId]);
    // Its first number here and the city's are numbers it had before: they find it as it is now.
    expect(await search(county(), firstNumber)).toEqual([
      expect.objectContaining({ id: reportId, caseNumber: secondNumber, formerCaseNumber: firstNumber }),
    ]);
    expect(await search(county(), cityNumber)).toEqual([
      expect.objectContaining({ id: reportId, caseNumber: secondNumber, formerCaseNumber: cityNumber }),
    ]);
    expect(await search(city(), '杨往返')).toEqual([]);
    expect(await search(city(), firstNumber)).toEqual([]);
    expect(await search(city(), cityNumber)).toEqual([]);
    const entries = await api.itemsOf('SearchEntry');
    const own = entries.filter((e) => e.subjectId === reportId);
    expect(own.every((e) => String(e.PK).startsWith('SEARCH#county-a#'))).toBe(true);
    expect(own.every((e) => e.caseNumber === secondNumber)).toBe(true);
  });
});

describe('a transfer that commits while the worker indexes the report', () => {
  it('is caught by the reading after the writes, which moves the entries again', async () => {
    // Prepare: a report indexed at the county; its ReportSubmitted, to be handled once more.
    const reportId = await submit('沈并发', '甲市A县市场监督管理局');
    await api.runtime.settled();
    const [submitted] = (await api.itemsOf('OutboxEvent')).filter(
      (o) => o.type === 'ReportSubmitted' && String(o.payload).includes(reportId),
    );
    const record = {
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: '1',
        NewImage: Object.fromEntries(
          ['entity', 'eventId', 'type', 'topic', 'payload', 'occurredAt'].map((name) => [
            name,
            { S: String(submitted?.[name]) },
          ]),
        ),
      },
    } as unknown as DynamoDBRecord;
    // The worker's first write waits for the report's escalation to commit and be indexed at the
    // city: what it then writes is from a reading older than the transfer.
    const services = servicesOfRuntime();
    let escalated = false;
    const db = Object.create(services.db) as DynamoDBDocumentClient;
    db.send = (async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
      if (!escalated && command.constructor.name === 'BatchWriteCommand') {
        escalated = true;
        const moved = await county('intake').post(`/reports/${reportId}/transfer`, {
          toCommissionId: 'city-jia',
          reason: '反映本机关主要负责人问题，报上一级办理',
        });
        expect(moved.status, JSON.stringify(moved.body)).toBe(200);
        await api.runtime.settled();
      }
      return services.db.send(command as never);
    }) as DynamoDBDocumentClient['send'];
    const { indexForSearch } = await import('../../functions/workers/search-index.ts');

    // Act
    const answer = await indexForSearch({ ...services, db })({ Records: [record] });

    // Assess: the stale reading's entries did not stay at the county.
    expect(escalated).toBe(true);
    expect(answer).toEqual({ batchItemFailures: [] });
    const entries = await entriesOf(reportId);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((key) => key.startsWith('SEARCH#city-jia#'))).toBe(true);
    expect((await search(city(), '沈并发')).map((h) => h.id)).toEqual([reportId]);
  });
});

describe('a report transferred twice', () => {
  it('is found by both former numbers at the second receiver, and no longer at the first', async () => {
    // Prepare: county-a → city, found at the city by the county's number.
    const reportId = await submit('邹两移', '甲市A县交通运输局');
    const countyNumber = await queuedNumber(county('intake'), reportId);
    const reason = '按管理权限移交有关纪检监察机关办理';
    const up = await county('intake').post(`/reports/${reportId}/transfer`, {
      toCommissionId: 'city-jia',
      reason,
    });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    await api.runtime.settled();
    const cityNumber = await queuedNumber(city('intake'), reportId);
    await eventually(
      () => search(city(), countyNumber),
      (hits) => hits.some((h) => h.id === reportId),
      'the city to find the report by the county’s number',
    );

    // Act: the city passes it on to county-b.
    const on = await city('intake').post(`/reports/${reportId}/transfer`, {
      toCommissionId: 'county-b',
      reason,
    });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    await api.runtime.settled();

    // Assess: county-b finds it by its own number and by each former one, whole or by serial.
    const bNumber = await queuedNumber(countyB('intake'), reportId);
    expect(new Set([countyNumber, cityNumber, bNumber]).size).toBe(3);
    await eventually(
      () => search(countyB(), cityNumber),
      (hits) => hits.some((h) => h.id === reportId),
      'county-b to find the report by the city’s number',
    );
    const row = { kind: 'REPORT', id: reportId, caseNumber: bNumber, status: 'UNREGISTERED' };
    expect(await search(countyB(), '邹两移')).toEqual([expect.objectContaining(row)]);
    expect(await search(countyB(), bNumber)).toEqual([expect.objectContaining(row)]);
    expect(await search(countyB(), countyNumber)).toEqual([
      expect.objectContaining({ ...row, formerCaseNumber: countyNumber }),
    ]);
    expect(await search(countyB(), cityNumber)).toEqual([
      expect.objectContaining({ ...row, formerCaseNumber: cityNumber }),
    ]);
    for (const former of [countyNumber, cityNumber]) {
      expect(await search(countyB(), serialOf(former)), former).toContainEqual(
        expect.objectContaining({ id: reportId, caseNumber: bNumber }),
      );
    }
    // The first receiver finds it by nothing any more, nor does the first sender.
    for (const q of ['邹两移', countyNumber, cityNumber, bNumber]) {
      expect(await search(city(), q), q).toEqual([]);
      expect(await search(county(), q), q).toEqual([]);
    }
    const entries = await entriesOf(reportId);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((key) => key.startsWith('SEARCH#county-b#'))).toBe(true);
  });

  it('is found by its former numbers after the backfill, when the index was written before them', async () => {
    // Prepare: a report transferred county-a → city, its entries at the city as they were written
    // before the index kept former numbers (the same keys, without the county's number).
    const reportId = await submit('郝旧移', '甲市A县水利局');
    const countyNumber = await queuedNumber(county('intake'), reportId);
    const up = await county('intake').post(`/reports/${reportId}/transfer`, {
      toCommissionId: 'city-jia',
      reason: '按管理权限移交有关纪检监察机关办理',
    });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    await api.runtime.settled();
    const cityNumber = await queuedNumber(city('intake'), reportId);
    await eventually(
      () => search(city(), countyNumber),
      (hits) => hits.some((h) => h.id === reportId),
      'the city to find the report by the county’s number',
    );
    const all = await api.itemsOf('SearchEntry');
    const own = all.filter((e) => e.subjectId === reportId);
    const stored = (await api.itemsOf('Report')).find((r) => r.reportId === reportId);
    const before = { ...reportSearchable(reportEntity.fromItem(stored as Record<string, unknown>)) };
    delete before.formerCaseNumbers;
    const old = searchEntriesOf(before);
    const requests = [
      ...own.map((e) => ({ DeleteRequest: { Key: { PK: e.PK, SK: e.SK } } })),
      ...old.map((entry) => ({ PutRequest: { Item: searchEntryEntity.item(entry) } })),
    ];
    // Deletes first, then the old entries: no key twice in one batch.
    const deletes = requests.filter((r) => 'DeleteRequest' in r);
    const puts = requests.filter((r) => 'PutRequest' in r);
    for (const group of [deletes, puts]) {
      for (let i = 0; i < group.length; i += 25) {
        await api.db.send(
          new BatchWriteCommand({ RequestItems: { [api.runtime.tableName]: group.slice(i, i + 25) } }),
        );
      }
    }
    expect(await search(city(), countyNumber)).toEqual([]);
    expect((await search(city(), cityNumber)).map((h) => h.id)).toEqual([reportId]);

    // Act
    const run = await runBackfill({ db: api.db, tableName: api.runtime.tableName }, { what: ['search'] });

    // Assess: the same entries the worker writes, so the county's number finds it again; once.
    expect(run.tallies.search?.written).toBeGreaterThanOrEqual(1);
    expect(await search(city(), countyNumber)).toEqual([
      expect.objectContaining({ id: reportId, caseNumber: cityNumber, formerCaseNumber: countyNumber }),
    ]);
    const rewritten = (await api.itemsOf('SearchEntry')).filter((e) => e.subjectId === reportId);
    const byKey = (items: Record<string, unknown>[]) =>
      Object.fromEntries(items.map(({ PK, SK, text }) => [`${PK} ${SK}`, text]));
    expect(byKey(rewritten)).toEqual(byKey(own));
    const again = await runBackfill({ db: api.db, tableName: api.runtime.tableName }, { what: ['search'] });
    expect(again.tallies.search?.written).toBe(0);
  });
});
