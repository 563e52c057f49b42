/**
 * Part 6, tenancy (issue 16): many commissions in one table.
 *
 * 1. Units per operation with one commission and with the whole hierarchy registered (31 provinces,
 *    330 cities, 2,800 counties, written with BatchWriteItem as the commission store shapes them, and
 *    copies of a county's items in many others, about 10,000 items): the scenario's rounds as the single
 *    commission's members (empty registry, then `default` among the 3,161), and as a generated
 *    county's members (the only commission registered, then one among 3,161). Target: identical.
 * 2. The busiest key: every call of the county's rounds (set-up steps and stream readers included)
 *    through the partition model (bench/lib/partition-model.ts): units a second on each partition
 *    key at the largest county's share of a burst and at a national burst. Target: under a
 *    partition's 1,000 write and 3,000 read units a second.
 * 3. Search at 100,000 clues (not with --small-only): the county's search partitions as the
 *    searchIndex worker would have written them for 100,000 clues, `GET /search?q=` for five
 *    queries against a GetItem on the same table (ratio of medians), and read units per search.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import { seedMembers } from '../../infra/local/members.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import type { Commission } from '../../shared/domain/commission.ts';
import { type Searchable, searchQueryOf } from '../../shared/domain/search.ts';
import { documentClient } from '../../shared/services.ts';
import { commissionEntity, forgetRegistry } from '../../shared/store/commissions.ts';
import { searchEntriesOf, searchEntryEntity } from '../../shared/store/search-index.ts';
import { assumed, costModel, type PerReport, prices } from '../lib/cost-model.ts';
import {
  type KeyRow,
  keyModel,
  keyTouches,
  overLimit,
  partitionLimits,
  reportRates,
  unitsPerKey,
} from '../lib/partition-model.ts';
import { type RecordedCall, type recorder, type Units, unitsOf } from '../lib/recorder.ts';
import { apiClient, type Measure, operations, type RoundAs, runRound } from '../lib/scenario.ts';
import { median, printTable, progress, round } from '../lib/stats.ts';

const provinces = [
  '北京',
  '天津',
  '河北',
  '山西',
  '内蒙古',
  '辽宁',
  '吉林',
  '黑龙江',
  '上海',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '广西',
  '海南',
  '重庆',
  '四川',
  '贵州',
  '云南',
  '西藏',
  '陕西',
  '甘肃',
  '青海',
  '宁夏',
  '新疆',
];
const placeChars = '安平宁昌阳江山河东西南北新兴隆丰泰和清远华云龙城德永福康乐盛源';

/** A deterministic pseudo-random sequence, so every run generates the same country. */
const sequence = (seed: number) => {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
};

/** 31 provinces, 330 cities and 2,800 counties, each with a parent, named as they sign. */
export const generateCommissions = (): Commission[] => {
  const random = sequence(16);
  const place = () =>
    `${placeChars[Math.floor(random() * placeChars.length)]}${placeChars[Math.floor(random() * placeChars.length)]}`;
  const out: Commission[] = [];
  const make = (commissionId: string, name: string, level: Commission['level'], parentId?: string) =>
    out.push({ commissionId, name, level, ...(parentId ? { parentId } : {}), settings: {}, version: 1 });
  for (let p = 0; p < provinces.length; p++) {
    const province = `p${String(p + 1).padStart(2, '0')}`;
    make(province, `${provinces[p]}省纪委监委`, 'PROVINCE');
    // 330 cities over 31 provinces: ten or eleven each.
    const cities = p < 330 - 31 * 10 ? 11 : 10;
    for (let c = 0; c < cities; c++) {
      const city = `${province}-c${String(c + 1).padStart(2, '0')}`;
      const cityName = `${place()}市`;
      make(city, `${cityName}纪委监委`, 'CITY', province);
      const cityIndex = out.filter((x) => x.level === 'CITY').length - 1;
      // 2,800 counties over 330 cities: eight or nine each (the first 160 cities have nine).
      const counties = cityIndex < 2_800 - 330 * 8 ? 9 : 8;
      for (let k = 0; k < counties; k++) {
        make(`${city}-x${k + 1}`, `${cityName}${place()}县纪委监委`, 'COUNTY', city);
      }
    }
  }
  return out;
};

const batchWrite = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
) => {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(
      batches.slice(i, i + 8).map(async (batch) => {
        let unprocessed: any = { [tableName]: batch.map((Item) => ({ PutRequest: { Item } })) };
        while (unprocessed && Object.keys(unprocessed).length > 0) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: unprocessed }));
          unprocessed = out.UnprocessedItems;
        }
      }),
    );
  }
};

/** The most frequent units of an operation's rounds (a registry cache miss adds to one round). */
const usual = (samples: Units[]): Units & { varies: boolean } => {
  const counts = new Map<string, number>();
  for (const u of samples) counts.set(`${u.read}/${u.write}`, (counts.get(`${u.read}/${u.write}`) ?? 0) + 1);
  const [best] = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || Number(a[0].split('/')[0]) - Number(b[0].split('/')[0]),
  );
  const [read, write] = (best?.[0] ?? '0/0').split('/').map(Number) as [number, number];
  return { read, write, varies: counts.size > 1 };
};

export interface TenancyRow {
  operation: string;
  /** The request's units, the stream readers' after it, in each of the four settings. */
  single: Units;
  defaultAmongAll: Units;
  county: Units;
  countyAmongAll: Units;
  stream: Units[];
  same: boolean;
  varies: boolean;
}

export const benchTenancy = async (
  runtime: LocalRuntime,
  rec: ReturnType<typeof recorder>,
  options: {
    rounds?: number;
    searchClues?: number | undefined;
    searchRounds?: number;
    /** Only the search (item 3), with the county alone registered: for working on the search. */
    searchOnly?: boolean;
  },
) => {
  const client = new DynamoDBClient(localClientConfig(runtime.dynamoDbEndpoint));
  const db = documentClient(client);
  const tableName = runtime.tableName;
  const rounds = options.rounds ?? 3;
  const started = Date.now();
  rec.capacity = true;

  const commissions = generateCommissions();
  const county = commissions.find(
    (c) => c.level === 'COUNTY' && c.commissionId.endsWith('-x3'),
  ) as Commission;
  const countyAs: RoundAs = { commissionId: county.commissionId, investigator: 'bench-inv-county' };
  await seedMembers({ db, tableName }, [
    {
      userId: countyAs.investigator,
      name: '核查员（县）',
      groups: ['investigator'],
      commissionId: county.commissionId,
    },
  ]);

  if (options.searchOnly) {
    await batchWrite(db, tableName, [commissionEntity.item(county)]);
    forgetRegistry();
    const search = await benchSearch(runtime, rec, db, county.commissionId, countyAs, {
      clues: options.searchClues ?? 100_000,
      rounds: options.searchRounds ?? 15,
    });
    rec.capacity = false;
    db.destroy();
    return { county: county.commissionId, search, seconds: round((Date.now() - started) / 1000, 0) };
  }

  /** Units per operation over the rounds, and every call the rounds made (for the key model). */
  const measureRounds = async (firstRound: number, as: RoundAs | undefined) => {
    const perOperation = new Map<string, { request: Units[]; stream: Units[] }>();
    const roundCalls: { calls: RecordedCall[]; reports: number; requests: number; invocations: number }[] =
      [];
    // Every stream reader's call of the round, whichever step set it off, and their invocations.
    let pending: RecordedCall[] = [];
    let invocations = 0;
    const measure: Measure = async (operation, call) => {
      if (process.env.ZM_BENCH_TRACE) progress(`tenancy: ${operation}`);
      await runtime.settled();
      const before = rec.takeWorkers();
      invocations += before.length;
      pending.push(...before.flatMap((w) => w.calls));
      const response = await call();
      const request = unitsOf(rec.take().calls);
      await runtime.settled();
      const invoked = rec.takeWorkers();
      invocations += invoked.length;
      pending.push(...invoked.flatMap((w) => w.calls));
      // The search index's entries are one per distinct bigram of the case number, so its units
      // move with the number's digits (第0011号 has fewer than 第0012号), not with the tenancy:
      // counted in the cost model, left out of the comparison.
      const compared = invoked.filter((w) => w.route !== 'searchIndex').flatMap((w) => w.calls);
      const entry = perOperation.get(operation) ?? { request: [], stream: [] };
      entry.request.push(request);
      entry.stream.push(unitsOf(compared));
      perOperation.set(operation, entry);
      return response;
    };
    for (let i = 0; i < rounds; i++) {
      pending = [];
      invocations = 0;
      rec.collectRequests();
      await runRound(runtime, firstRound + i, measure, as);
      await runtime.settled();
      const last = rec.takeWorkers();
      invocations += last.length;
      pending.push(...last.flatMap((w) => w.calls));
      const requests = rec.takeRequests();
      roundCalls.push({
        requests: requests.length,
        invocations,
        calls: [...requests.flatMap((r) => r.calls), ...pending].sort((a, b) => a.start - b.start),
        reports: requests.filter((r) => r.route === 'submitReport' || r.route === 'recordCounterReport')
          .length,
      });
    }
    return { perOperation, roundCalls };
  };

  /**
   * One unmeasured round and 25 copies of what it wrote (new partition keys, the same index keys),
   * so that every list a round reads (clues by status, notices, flags) is past its page of 20
   * before anything is measured: a list that is still filling reads more each round.
   */
  const fill = async (firstRound: number, as: RoundAs | undefined) => {
    await runRound(
      runtime,
      firstRound,
      async (_operation, call) => {
        const response = await call();
        rec.take();
        return response;
      },
      as,
    );
    await runtime.settled();
    rec.takeWorkers();
    const own = await itemsOf(db, tableName, as?.commissionId);
    await batchWrite(
      db,
      tableName,
      Array.from({ length: 25 }, (_, n) =>
        own.map((item) => ({ ...item, PK: `${item.PK}~fill${firstRound}-${n}` })),
      ).flat(),
    );
    await runtime.settled();
    rec.takeWorkers();
  };

  // 1. One commission: the single commission's deployment (empty registry), then a registry
  // holding only the county.
  forgetRegistry();
  progress('tenancy: the single commission, empty registry');
  await fill(5_900, undefined);
  const single = await measureRounds(6_000, undefined);
  await batchWrite(db, tableName, [commissionEntity.item(county)]);
  forgetRegistry();
  progress(`tenancy: one commission registered (${county.commissionId})`);
  await fill(5_950, countyAs);
  const alone = await measureRounds(6_100, countyAs);

  // 2. The whole hierarchy, `default` among it, and copies of the county's items in other counties
  // (their index partitions are then as busy as its own).
  const generating = Date.now();
  const others = commissions.filter((c) => c.commissionId !== county.commissionId);
  await batchWrite(db, tableName, [
    ...others.map((c) => commissionEntity.item(c)),
    commissionEntity.item({
      commissionId: 'default',
      name: '本级纪委监委',
      level: 'PROVINCE',
      settings: {},
      version: 1,
    }),
  ]);
  const countyItems = await itemsOf(db, tableName, county.commissionId);
  // About 10,000 items in all, spread over as many counties as that allows (up to 1,000): DynamoDB
  // Local writes a few hundred items a second on a loaded machine, and a county's partitions are
  // its own whatever the others hold.
  const copiedTo = others
    .filter((c) => c.level === 'COUNTY')
    .slice(0, Math.max(1, Math.min(1_000, Math.floor(10_000 / Math.max(1, countyItems.length)))));
  const copies = copiedTo.flatMap((c, n) =>
    countyItems.map((item) => retarget(item, county.commissionId, c.commissionId, n)),
  );
  await batchWrite(db, tableName, copies);
  const generationSeconds = (Date.now() - generating) / 1000;
  forgetRegistry();
  await runtime.settled();
  progress(
    `tenancy: ${commissions.length + 1} commissions and ${copies.length} copied items written in ${generationSeconds.toFixed(1)} s`,
  );
  const defaultAmongAll = await measureRounds(6_200, {
    commissionId: 'default',
    investigator: 'demo-investigator',
  });
  const countyAmongAll = await measureRounds(6_300, countyAs);

  const equal = (a: Units, b: Units) => a.read === b.read && a.write === b.write;
  const rows: TenancyRow[] = operations.map((operation) => {
    const of = (m: typeof single, kind: 'request' | 'stream') =>
      usual(m.perOperation.get(operation)?.[kind] ?? []);
    const s = of(single, 'request');
    const d = of(defaultAmongAll, 'request');
    const c = of(alone, 'request');
    const ca = of(countyAmongAll, 'request');
    const streams = [single, defaultAmongAll, alone, countyAmongAll].map((m) => of(m, 'stream'));
    const [ss, ds, cs, cas] = streams as [Units, Units, Units, Units] & typeof streams;
    return {
      operation,
      single: { read: s.read, write: s.write },
      defaultAmongAll: { read: d.read, write: d.write },
      county: { read: c.read, write: c.write },
      countyAmongAll: { read: ca.read, write: ca.write },
      stream: streams.map(({ read, write }) => ({ read, write })),
      same: equal(s, d) && equal(c, ca) && equal(ss, ds) && equal(cs, cas),
      varies: [s, d, c, ca, ...streams].some((u) => u.varies),
    };
  });
  const all = commissions.length + 1;
  printTable(
    `6. Tenancy: units per operation (request RRU/WRU; target: the same with 1 commission and with ${all})`,
    rows.map((r) => ({
      operation: r.operation,
      'default, alone': `${r.single.read}/${r.single.write}`,
      [`default of ${all}`]: `${r.defaultAmongAll.read}/${r.defaultAmongAll.write}`,
      'county, alone': `${r.county.read}/${r.county.write}`,
      [`county of ${all}`]: `${r.countyAmongAll.read}/${r.countyAmongAll.write}`,
      'stream (4 settings)': r.stream.map((u) => `${u.read}/${u.write}`).join(' '),
      '': r.same ? (r.varies ? 'ok (a round differed)' : 'ok') : 'MISS',
    })),
  );

  // 3. The busiest key, from the county's rounds among all commissions.
  const memberIds = ['bench-intake', 'bench-appr', 'bench-aud', countyAs.investigator];
  const perRound = countyAmongAll.roundCalls.map(({ calls }) => unitsPerKey(keyTouchesOf(calls)));
  const reportsPerRound = countyAmongAll.roundCalls[0]?.reports ?? 1;
  const keys = keyModel(perRound, {
    reportsPerRound,
    commissionIds: [county.commissionId],
    memberIds,
  });
  const rates = reportRates({
    reportsPerYear: 1_000_000,
    burst: 100,
    commissions: 2_800,
    largestCommission: 10,
  });
  const shown = keys
    .filter((k) => k.scope !== 'lifecycle')
    .concat(keys.filter((k) => k.scope === 'lifecycle').slice(0, 5));
  printTable(
    `6b. Partition keys by write units a second (${reportsPerRound} reports a round; national burst ${round(rates.burst, 2)} reports/s = 100× a million a year; largest county ${round(rates.largestCommissionBurst, 4)}/s in it)`,
    shown.map((k) => ({
      key: k.pattern,
      scope: k.global ? 'GLOBAL' : k.scope,
      'WU/report': round(k.writeUnitsPerReport, 2),
      'RU/report': round(k.readUnitsPerReport, 2),
      'WU/s county': round(k.commissionWrites, 4),
      'WU/s burst': round(k.nationalWrites, 2),
      'RU/s burst': round(k.nationalReads, 2),
      headroom: Number.isFinite(k.headroom) ? `${round(k.headroom, 0)}×` : '—',
    })),
  );
  const busiest = keys[0] as KeyRow;
  const over = overLimit(keys);
  console.log(
    `  busiest key: ${busiest.pattern} (${busiest.scope}), ${round(busiest.nationalWrites, 2)} write units/s at the national burst, ${round(busiest.headroom, 0)}× below a partition's ${partitionLimits.write}/s`,
  );
  console.log(
    "  (a commission's keys are shown at the whole burst, as if it all fell on one county; a lifecycle's own keys hold one report's items and take one person's clicks, no rate of their own)",
  );
  if (over.length) {
    console.log(
      `  OVER A PARTITION'S LIMIT: ${over.map((k) => k.pattern).join(', ')} — shard the key (write sharding: <key>#0…9, read all shards)`,
    );
  }

  // The national cost model, from the same rounds: everything a report's lifecycle made.
  const rounds0 = countyAmongAll.roundCalls;
  const reports = rounds0.reduce((n, r) => n + r.reports, 0) || 1;
  const units = unitsOf(rounds0.flatMap((r) => r.calls));
  const perReport: PerReport = {
    readUnits: units.read / reports,
    writeUnits: units.write / reports,
    apiRequests: rounds0.reduce((n, r) => n + r.requests, 0) / reports,
    workerInvocations: rounds0.reduce((n, r) => n + r.invocations, 0) / reports,
    outboxEvents:
      keyTouchesOf(rounds0.flatMap((r) => r.calls)).filter(
        (t) => t.kind === 'write' && /^OUTBOX#(?!UNPUBLISHED)/.test(t.key) && t.units > 0,
      ).length / reports,
  };
  const cost = costModel(perReport);
  printTable(
    `6d. National cost model: ${assumed.reportsPerYear.toLocaleString('en')} reports a year, ${assumed.commissions} commissions (USD a month; prices ${prices.asOf})`,
    [
      ...cost.lines.map((l) => ({ item: l.item, 'USD / month': round(l.usdPerMonth, 2), basis: l.basis })),
      { item: 'total', 'USD / month': round(cost.total, 2), basis: '' },
      {
        item: 'per commission',
        'USD / month': round(cost.perCommission, 3),
        basis: `÷ ${assumed.commissions}`,
      },
      {
        item: 'the largest county',
        'USD / month': round(cost.largestCounty, 3),
        basis: '10× the average county',
      },
    ],
  );

  // 4. Search at 100,000 clues.
  const search = options.searchClues
    ? await benchSearch(runtime, rec, db, county.commissionId, countyAs, {
        clues: options.searchClues,
        rounds: options.searchRounds ?? 15,
      })
    : undefined;

  rec.capacity = false;
  db.destroy();
  return {
    commissions: {
      registered: all,
      provinces: 31,
      cities: 330,
      counties: 2_800,
      copiedItems: copies.length,
      generationSeconds: round(generationSeconds, 1),
    },
    county: county.commissionId,
    rows,
    keys: {
      reportsPerRound,
      rates,
      limits: partitionLimits,
      busiest,
      over: over.map((k) => k.pattern),
      rows: keys.filter((k) => k.scope !== 'lifecycle'),
    },
    cost: { perReport, prices, assumed, ...cost },
    ...(search ? { search } : {}),
    seconds: round((Date.now() - started) / 1000, 0),
  };
};

const keyTouchesOf = (calls: RecordedCall[]) =>
  keyTouches(
    calls.map((c) => ({
      name: c.name,
      input: c.input,
      consumedUnits: c.consumed.reduce((sum, u) => sum + (u.CapacityUnits ?? 0), 0),
    })),
  );

/** The county's data items (reports, clues and what hangs off them), not its registry or members. */
const itemsOf = async (db: DynamoDBDocumentClient, tableName: string, commissionId: string | undefined) => {
  const items: Record<string, any>[] = [];
  let ExclusiveStartKey: Record<string, any> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        // The single commission's items carry no commissionId (or `default`).
        ...(commissionId
          ? { FilterExpression: 'commissionId = :c', ExpressionAttributeValues: { ':c': commissionId } }
          : {
              FilterExpression: 'attribute_not_exists(commissionId) OR commissionId = :d',
              ExpressionAttributeValues: { ':d': 'default' },
            }),
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.filter(
    (item) => !/^(COMMISSIONS|STAFF#|OUTBOX#|STATS|LOOKUPS#|PROCESSED#|IDEMPOTENCY#)/.test(item.PK),
  );
};

/** An item of one commission as another's: its id prefix and commission changed, a new PK. */
const retarget = (item: Record<string, any>, from: string, to: string, n: number) => {
  const out: Record<string, any> = {};
  for (const [name, value] of Object.entries(item)) {
    out[name] = typeof value === 'string' ? value.replaceAll(from, to) : value;
  }
  out.PK = `${out.PK}~${n}`;
  return out;
};

const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕';
const given = '建国华明伟芳军洪涛强磊敏静丽勇杰志平秀英海波斌辉鹏超刚文红玉兰春林宏';
const towns = '城关新安和平东风红旗前进胜利团结光明永丰太平长乐';
const departments = [
  '财政局',
  '自然资源局',
  '住房和城乡建设局',
  '交通运输局',
  '水利局',
  '农业农村局',
  '教育局',
  '卫生健康委员会',
  '民政局',
  '市场监督管理局',
  '人力资源和社会保障局',
  '公安局',
  '发展和改革局',
  '生态环境局',
];

/** 100,000 clues of a county as the searchIndex worker sees them: names, organisations, numbers. */
export const generateClues = (commissionId: string, count: number): Searchable[] => {
  const random = sequence(100);
  const pick = (s: string) => Array.from(s)[Math.floor(random() * Array.from(s).length)] as string;
  const out: Searchable[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    const name = `${pick(surnames)}${pick(given)}${random() < 0.6 ? pick(given) : ''}`;
    const organization =
      random() < 0.4
        ? `${pick(towns)}${pick(towns)}镇人民政府`
        : `某县${departments[Math.floor(random() * departments.length)]}`;
    out.push({
      kind: 'CLUE',
      subjectId: `bench-clue-${i}`,
      commissionId,
      at: new Date(start + i * 300_000).toISOString(),
      caseNumber: `〔2026〕某县纪委线索第${String(i + 1).padStart(5, '0')}号`,
      cadre: { name, organization },
    });
  }
  return out;
};

const benchSearch = async (
  runtime: LocalRuntime,
  rec: ReturnType<typeof recorder>,
  db: DynamoDBDocumentClient,
  commissionId: string,
  as: RoundAs,
  options: { clues: number; rounds: number },
) => {
  const tableName = runtime.tableName;
  const clues = generateClues(commissionId, options.clues);
  const queries = [
    { kind: 'a case number', q: '〔2026〕某县纪委线索第04321号' },
    { kind: 'a name part (2 characters)', q: '建国' },
    { kind: 'an organisation part', q: '财政局' },
    { kind: 'a common bigram', q: '人民' },
    { kind: 'a rare bigram', q: '萧芳' },
  ];
  // Only the partitions the queries read are written (every entry of them, for all the clues):
  // a Query reads one partition, so the others, about 25 a clue, would change nothing measured
  // and take DynamoDB Local minutes to write.
  const partitions = new Set(queries.map(({ q }) => searchQueryOf(q).bigram));
  // Each clue's entries once, and each query's figures before the first request: at 100,000
  // clues this is seconds of CPU, and done between requests it held the event loop past the
  // gateway's keep-alive timeout (the connection reset of issue 16's first runs).
  const indexed = clues.map((clue) => ({ clue, entries: searchEntriesOf(clue) }));
  const entries = indexed.flatMap((c) => c.entries.filter((e) => partitions.has(e.bigram)));
  const figures = queries.map(({ q }) => {
    const { bigram, text } = searchQueryOf(q);
    const hits = indexed.filter((c) => c.entries[0]?.text.includes(text)).map((c) => c.clue);
    return { bigram, hits, partitionSize: entries.filter((e) => e.bigram === bigram).length };
  });
  // A page of 20 reads the status of its own 20 at most: the newest 20 matches of each query.
  const matching = [...new Set(figures.flatMap((f) => f.hits.slice(-20)))];
  const writing = Date.now();
  await batchWrite(db, tableName, [
    ...entries.map((e) => searchEntryEntity.item(e)),
    // With its number: GET /search shows a row only if the clue still has the entry's number.
    ...matching.map((c) => ({
      PK: `CLUE#${c.subjectId}`,
      SK: 'CLUE',
      status: 'NEW',
      commissionId,
      caseNumber: c.caseNumber,
    })),
  ]);
  progress(
    `tenancy: ${entries.length} search entries of ${clues.length} clues and ${matching.length} clue items written in ${((Date.now() - writing) / 1000).toFixed(0)} s`,
  );
  // Every stream reader reads the bulk write's records (and its filter drops them): measured while
  // they do, the searches and the floor would share the machine with them.
  const settling = Date.now();
  await runtime.settled();
  rec.takeWorkers();
  progress(
    `tenancy: the stream readers passed over them in ${((Date.now() - settling) / 1000).toFixed(0)} s`,
  );
  const api = apiClient(runtime, as.commissionId);
  const investigator = { role: 'investigator', user: as.investigator } as const;
  const floorKey = { PK: `CLUE#${matching[0]?.subjectId}`, SK: 'CLUE' };
  const rows = [];
  for (const [n, { kind, q }] of queries.entries()) {
    const { bigram, hits, partitionSize } = figures[n] as (typeof figures)[number];
    const matches = hits.length;
    const full: number[] = [];
    const floor: number[] = [];
    let units: Units = { read: 0, write: 0 };
    let found = 0;
    for (let i = 0; i < options.rounds + 2; i++) {
      const response = await api(
        'GET',
        `/search?q=${encodeURIComponent(q)}&limit=20`,
        undefined,
        investigator,
      );
      if (response.status !== 200) throw new Error(`search ${q} answered ${response.status}`);
      units = unitsOf(rec.take().calls);
      found = response.body.items.length;
      const at = performance.now();
      await db.send(new GetCommand({ TableName: tableName, Key: floorKey }));
      const floorMs = performance.now() - at;
      if (i >= 2) {
        full.push(response.elapsedMs);
        floor.push(floorMs);
      }
    }
    rows.push({
      kind,
      q,
      bigram,
      partitionEntries: partitionSize,
      matches,
      found,
      readUnits: units.read,
      medianMs: round(median(full), 2),
      floorMs: round(median(floor), 2),
      ratio: round(median(full) / median(floor), 2),
    });
  }
  printTable(
    `6c. Search at ${clues.length} clues of one county (GET /search, limit 20; floor: GetItem on the same table; ${options.rounds} rounds)`,
    rows.map((r) => ({
      query: `${r.kind}: ${r.q}`,
      'bigram read': r.bigram,
      'entries in it': r.partitionEntries,
      matches: r.matches,
      'on the page': r.found,
      RRU: r.readUnits,
      'ratio to GetItem': r.ratio,
    })),
  );
  console.log(
    '  (a query reads the partition of its last bigram, at most 5 Queries of 100 entries a page; a query whose last bigram is common but whose whole text is rare reads the most)',
  );
  return { clues: clues.length, entriesWritten: entries.length, rows };
};
