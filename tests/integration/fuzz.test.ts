/**
 * A seeded fuzzer over the whole route table, against the local runtime on loopback: generated and
 * hostile requests (wrong types, huge strings, unicode, nested junk, missing and extra fields, bad
 * ids, bad content types, bad tokens, and valid tokens of each role). No answer may be a 5xx, and
 * every refusal must carry an error code.
 *
 * `npm test` sends FUZZ_REQUESTS requests (default 800); `npm run fuzz` sends 3,000. FUZZ_SEED
 * replays another sequence. The requests are drawn up front from the seed, so a failure names a
 * request that the same seed draws again.
 */
import { describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../infra/local/keys.ts';
import { type RouteDef, roles, routeEntries } from '../../shared/contract/routes.ts';
import { pathIdPrefixes } from '../../shared/domain/ids.ts';
import { anonymousReport, cadreEmail, realNameReport } from '../support/fixtures.ts';
import { deepNest, hostileValues, oddValues, prng } from '../support/hostile-values.ts';
import { useLocalRuntime } from './support/runtime.ts';

const total = Number(process.env.FUZZ_REQUESTS ?? 800);
const seed = Number(process.env.FUZZ_SEED ?? 20261202);
const concurrency = 6;

const api = useLocalRuntime({ LOOKUP_MISS_LIMIT: '1000000', LOG_LEVEL: 'SILENT' });

const random = prng(seed);
const { pick, mutate } = hostileValues(random);
const chance = (p: number) => random() < p;

type IdName = keyof typeof pathIdPrefixes;

/** What the runtime holds once the fuzz starts: ids and a code that name real records. */
interface Known {
  reportId: string;
  receiptCode: string;
  clueId: string;
  cadreId: string;
  tokens: Record<string, string>;
}

const seededId = (prefix: string) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return `${prefix}_${Array.from({ length: 22 }, () => pick([...alphabet])).join('')}`;
};

const badIds = [
  '',
  'x',
  '..',
  '%00',
  '%E2%80%AE',
  encodeURIComponent('长'.repeat(50)),
  'A'.repeat(3000),
  'rpt_',
  `clu_${'A'.repeat(23)}`,
  'null',
  '{id}',
  '__proto__',
];

const idFor = (name: IdName, known: Known): string => {
  if (chance(0.3)) return pick(badIds);
  const real: Partial<Record<IdName, string>> = {
    reportId: known.reportId,
    clueId: known.clueId,
    cadreId: known.cadreId,
  };
  return real[name] && chance(0.6) ? (real[name] as string) : seededId(pathIdPrefixes[name]);
};

const junkText = () =>
  pick([
    '',
    '\u0000\u0007',
    '\u202e反转',
    '💥'.repeat(100),
    'A'.repeat(70_000),
    '长'.repeat(3000),
    '\ud800',
    '<x/>',
    '{{7*7}}',
    '../../etc/passwd',
  ]);

/** A body the route would take, to mutate from. */
const sampleBody = (name: string, known: Known): unknown => {
  const samples: Record<string, () => unknown> = {
    submitReport: () => (chance(0.5) ? anonymousReport() : realNameReport()),
    recordCounterReport: () => ({
      ...(chance(0.5) ? anonymousReport() : realNameReport()),
      channel: pick(['LETTER', 'VISIT', 'PHONE']),
    }),
    lookupReceipt: () => ({ receiptCode: chance(0.5) ? known.receiptCode : junkText() }),
    registerClue: () => ({ reportIds: [known.reportId], cadreId: known.cadreId }),
    mergeReport: () => ({ reportId: known.reportId, expectedVersion: 1 }),
    linkCadre: () => ({ cadreId: known.cadreId, expectedVersion: 1 }),
    clueAction: () =>
      pick([
        { action: 'assign', expectedVersion: 1, assignee: 'investigator-1' },
        { action: 'start-verification', expectedVersion: 2 },
        {
          action: 'propose-conclusion',
          expectedVersion: 3,
          summary: '经核查',
          findings: [{ allegationId: `${known.reportId}-a1`, finding: 'UNTRUE', reason: '查无实据' }],
        },
        { action: 'approve-conclusion', expectedVersion: 4 },
        { action: 'request-extension', expectedVersion: 1, days: 30, reason: '需要补充材料' },
        { action: 'shelve', expectedVersion: 1, reason: '暂缓' },
        { action: 'transfer', expectedVersion: 1, reason: '移送', to: '某市纪委监委' },
      ]),
    revealReporter: () => ({ reason: '核实举报人身份以便回复' }),
    createCadre: () => ({
      name: '王五',
      posts: [{ position: '县长', organization: '某县人民政府', from: '2019-01-01', to: '2023-12-31' }],
    }),
    createClearance: () => ({
      trigger: 'DEPARTMENT_PROPOSAL',
      harm: ['CAREER_AFFECTED'],
      method: 'PUBLIC_NOTICE',
      allegationIds: [`${known.reportId}-a1`],
      statement: '拟予澄清',
      cadreContact: { email: cadreEmail },
    }),
    consentToClearance: () => ({ token: junkText().slice(0, 50) || 'token', consent: true }),
    withdrawClearance: () => ({ reason: '撤回' }),
    verifyNotice: () => ({
      notice: { noticeId: seededId('ntc'), signature: { alg: 'ES256', keyId: 'x', value: 'AAAA' } },
    }),
    verifyReceipt: () => ({
      receipt: {
        reportId: known.reportId,
        submittedAt: new Date().toISOString(),
        contentHash: '0'.repeat(64),
        keyId: 'x',
        signature: 'A'.repeat(86),
      },
    }),
    recordFollowUp: () => ({ notes: '回访正常', visitedAt: new Date().toISOString() }),
    decideFlag: () => ({ decision: 'CONFIRM', reason: '证据确凿' }),
    contestFlag: () => ({ statement: '本人不服' }),
    revealFlagIdentity: () => ({ reason: '依法核查' }),
    sendReceiptMessage: () => ({
      receiptCode: chance(0.5) ? known.receiptCode : junkText(),
      text: '补充情况',
    }),
    sendStaffMessage: () => ({ text: '请补充材料', ...(chance(0.3) ? { result: true } : {}) }),
  };
  return samples[name]?.() ?? {};
};

const rawBodies = [
  '',
  '{',
  'null',
  '[]',
  '"x"',
  '{"a":}',
  '\u0000',
  '{"__proto__":{"admin":true}}',
  `{"x":${'['.repeat(5000)}}`,
  JSON.stringify(deepNest(500)),
];

const body = (name: string, known: Known): string | undefined => {
  const roll = random();
  if (roll < 0.25) return JSON.stringify(sampleBody(name, known));
  if (roll < 0.7) return JSON.stringify(mutate(sampleBody(name, known)));
  if (roll < 0.8) return pick(rawBodies);
  if (roll < 0.9) return JSON.stringify(pick(oddValues));
  if (roll < 0.95) return JSON.stringify({ ...(sampleBody(name, known) as object), extra: junkText() });
  return undefined;
};

const queryValues = [
  'UNREGISTERED',
  'REGISTERED',
  'PROPOSED',
  'CONFIRMED',
  'PENDING_CONSENT',
  '20',
  '0',
  '-1',
  '1e9',
  'abc',
  'true',
  'csv',
  'json',
  '\u202e',
  '\u0000',
  'A'.repeat(3000),
  'eyJQSyI6IkNMVUUjeCJ9',
];
const queryKeys = ['status', 'limit', 'cursor', 'assignee', 'overdue', 'due', 'format', 'x', '__proto__'];

const query = () => {
  if (chance(0.3)) return '';
  const params = new URLSearchParams();
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) params.append(pick(queryKeys), pick(queryValues));
  return `?${params}`;
};

const contentTypes = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/problem+json',
  '',
];

interface FuzzRequest {
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | undefined;
}

const authorization = (route: RouteDef, known: Known): string | undefined => {
  const roll = random();
  if (route.access !== 'public' && roll < 0.7) return `Bearer ${known.tokens[pick(route.access)]}`;
  if (roll < 0.85) return `Bearer ${known.tokens[pick(Object.keys(known.tokens))]}`;
  return pick([undefined, 'Bearer', 'Bearer abc.def.ghi', 'Basic YTpi', `Bearer ${'A'.repeat(5000)}`]);
};

const draw = (known: Known): FuzzRequest => {
  const [name, route] = pick(routeEntries);
  const path = route.path.replace(/\{(\w+)\}/g, (_, param: IdName) => idFor(param, known)) + query();
  const headers: Record<string, string> = {};
  const auth = authorization(route, known);
  if (auth) headers.authorization = auth;
  if (chance(0.1)) headers['accept-language'] = pick(['en', 'zh-CN', '\u202e', 'x'.repeat(500)]);
  if (chance(0.1)) headers['idempotency-key'] = pick(['k', 'key-12345678', 'A'.repeat(300), 'ключ-ключ']);
  const sendsBody = route.method !== 'GET'; // fetch sends no body with a GET
  const text = sendsBody ? body(name, known) : undefined;
  if (text !== undefined) {
    const contentType = chance(0.85) ? 'application/json' : pick(contentTypes);
    if (contentType) headers['content-type'] = contentType;
  }
  return { route: name, method: route.method, path, headers, body: text };
};

/** Header values that fetch can carry: a non-Latin-1 value is the client's error, not a request. */
const sendable = (headers: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [
      k,
      [...v].every((c) => c.charCodeAt(0) < 256) ? v : encodeURI(v),
    ]),
  );

describe('the fuzzer', () => {
  it(`finds no 5xx and no error without a code in ${total} requests (seed ${seed})`, async () => {
    const report = await api.post('/reports', realNameReport());
    const intakeToken = await issueLocalToken('intake-1', ['intake']);
    const auth = { authorization: `Bearer ${intakeToken}` };
    const clue = await api.call('POST', '/clues', {
      body: { reportIds: [report.body.reportId] },
      headers: auth,
    });
    const cadre = await api.call('POST', '/cadres', {
      body: { name: '王五', posts: [{ position: '县长', organization: '某县', from: '2019-01-01' }] },
      headers: auth,
    });
    const tokens: Record<string, string> = {};
    for (const role of roles) tokens[role] = await issueLocalToken(`${role}-1`, [role]);
    tokens.several = await issueLocalToken('several-1', ['intake', 'approver']);
    tokens.none = await issueLocalToken('nobody-1', []);
    tokens.unknown = await issueLocalToken('admin-1', ['admin', 'intake,approver']);
    tokens.expired = await issueLocalToken('approver-2', ['approver'], -1);
    const known: Known = {
      reportId: report.body.reportId,
      receiptCode: report.body.receiptCode,
      clueId: clue.body.clueId,
      cadreId: cadre.body.cadreId,
      tokens,
    };
    expect(Object.values(known).every(Boolean), JSON.stringify(known)).toBe(true);

    const requests = Array.from({ length: total }, () => draw(known));
    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < requests.length; i = next++) {
        const request = requests[i] as FuzzRequest;
        const response = await fetch(`${api.runtime.url}${request.path}`, {
          method: request.method,
          headers: sendable(request.headers),
          ...(request.body !== undefined ? { body: new TextEncoder().encode(request.body) } : {}),
        });
        const text = await response.text();
        byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
        let code: unknown;
        try {
          code = JSON.parse(text)?.error?.code;
        } catch {}
        const refused = response.status >= 400 && !(typeof code === 'string' && /^[A-Z_]+$/.test(code));
        if (response.status >= 500 || refused) {
          failures.push(
            `#${i} ${request.route}: ${request.method} ${request.path.slice(0, 150)} ` +
              `${JSON.stringify(request.headers['content-type'])} ${request.body?.slice(0, 150)} → ` +
              `${response.status} ${text.slice(0, 200)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));

    console.info(
      `fuzz: ${total} requests, seed ${seed}, by status ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}`,
    );
    const routesHit = new Set(requests.map((r) => r.route));
    expect(routesHit.size, 'every route drawn').toBe(routeEntries.length);
    expect(
      [...byStatus.keys()].some((s) => s < 300),
      'some requests succeed',
    ).toBe(true);
    expect(failures).toEqual([]);
  }, 900_000);
});
