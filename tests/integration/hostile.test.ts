/**
 * A few hundred hostile requests: wrong types, missing and extra fields, odd text, broken JSON,
 * prototype keys, deep nesting. None may cause a 5xx, and every refusal carries an error code.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { localSecrets } from '../../infra/local/keys.ts';
import { type RouteDef, routeEntries } from '../../shared/contract/routes.ts';
import { localSigner } from '../../shared/crypto/signer.ts';
import { newId, pathIdPrefixes } from '../../shared/domain/ids.ts';
import { canonicalNoticeBytes, type Jwk, type UnsignedNotice } from '../../shared/domain/notice.ts';
import { anonymousReport, realNameReport } from '../support/fixtures.ts';
import { deepNest, hostileValues, oddValues, prng } from '../support/hostile-values.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime({ LOOKUP_MISS_LIMIT: '100000' });

const random = prng(20261124);
const { pick, mutate } = hostileValues(random);

const bodies: string[] = [
  '',
  'null',
  '[]',
  '"text"',
  '42',
  '{',
  '{"a":}',
  '\u0000',
  '{"__proto__":{"admin":true}}',
  JSON.stringify(deepNest(400)),
  '{"accused":{"name":"张三","name":"李四"}}',
  `{"receiptCode":${'['.repeat(3000)}}`,
];
for (let i = 0; i < 220; i++)
  bodies.push(JSON.stringify(mutate(random() < 0.5 ? anonymousReport() : realNameReport())));

const lookups: string[] = [
  '{}',
  '{"receiptCode":null}',
  '{"receiptCode":["a"]}',
  '{"receiptCode":"a","x":1}',
];
for (let i = 0; i < 60; i++) lookups.push(JSON.stringify({ receiptCode: pick(oddValues) }));

const queries = [
  '',
  'status=',
  'status=UNREGISTERED&limit=abc',
  'status=UNREGISTERED&limit=-5',
  'status=UNREGISTERED&cursor=%00',
  'status=UNREGISTERED&cursor=eyJQSyI6MX0',
  'status=UNREGISTERED&status=REGISTERED',
  'status=UNREGISTERED&x=1',
  `status=UNREGISTERED&cursor=${'A'.repeat(3000)}`,
];

const expectContractAnswer = (status: number, body: any, what: string) => {
  expect(status, what).toBeLessThan(500);
  if (status >= 400) expect(body?.error?.code, what).toMatch(/^[A-Z_]+$/);
};

describe('hostile input', () => {
  it(`never gives a 5xx on POST /reports (${bodies.length} bodies)`, async () => {
    let refused = 0;
    for (const raw of bodies) {
      const { status, body } = await api.call('POST', '/reports', { raw });
      expectContractAnswer(status, body, raw.slice(0, 200));
      if (status >= 400) refused++;
    }
    expect(refused).toBeGreaterThan(bodies.length * 0.8);
  }, 120_000);

  it(`never gives a 5xx on POST /receipts/lookup (${lookups.length} bodies)`, async () => {
    for (const raw of lookups) {
      const { status, body } = await api.call('POST', '/receipts/lookup', { raw });
      expectContractAnswer(status, body, raw.slice(0, 200));
    }
  }, 120_000);

  it('answers a malformed %-escape in a path with 404, not a crash', async () => {
    for (const path of ['/notices/%E0%A4%A', '/clues/%ZZ', '/accuser-flags/%']) {
      const { status, body } = await api.call('GET', path, { role: 'approver' });
      expectContractAnswer(status, body, path);
      expect(status, path).toBe(404);
    }
  });

  it('never gives a 5xx on GET /reports query strings', async () => {
    for (const query of queries) {
      const { status, body } = await api.call('GET', `/reports?${query}`, { role: 'intake' });
      expectContractAnswer(status, body, query);
      expect(status, query).toBe(400);
    }
  });
});

/** A role the route admits, so that the request gets past the authorizer. */
const roleFor = (route: RouteDef) => (route.access === 'public' ? undefined : route.access[0]);

/** The route's path with each parameter replaced by `idFor(name)`. */
const pathOf = (route: RouteDef, idFor: (name: keyof typeof pathIdPrefixes) => string) =>
  route.path.replace(/\{(\w+)\}/g, (_, name: keyof typeof pathIdPrefixes) => idFor(name));

const templated = routeEntries.filter(([, route]) => route.path.includes('{'));
const withBody = routeEntries.filter(([, route]) => route.body);

describe('path ids are checked at the edge', () => {
  const otherPrefix = (name: keyof typeof pathIdPrefixes) =>
    Object.values(pathIdPrefixes).find((prefix) => prefix !== pathIdPrefixes[name]) as string;
  const badIds: Record<string, (name: keyof typeof pathIdPrefixes) => string> = {
    // Over DynamoDB's 2048-byte key limit: a 500 from 12 routes before the check.
    'over-long': (name) => `${pathIdPrefixes[name]}_${'A'.repeat(2100)}`,
    'one character too long': (name) => `${newId(pathIdPrefixes[name])}A`,
    'too short': (name) => `${pathIdPrefixes[name]}_abc`,
    'of another kind': (name) => newId(otherPrefix(name) as never),
    'without a prefix': () => 'A'.repeat(22),
    'with odd characters': (name) => `${pathIdPrefixes[name]}_${'%E4%B8%AD'.repeat(7)}A`,
  };

  it(`answers 404 NOT_FOUND on all ${templated.length} routes with an id in the path`, async () => {
    expect(templated.length).toBeGreaterThanOrEqual(19);
    for (const [name, route] of templated) {
      for (const [what, idFor] of Object.entries(badIds)) {
        const path = pathOf(route, idFor);
        const { status, body } = await api.call(route.method, path, {
          role: roleFor(route),
          ...(route.method === 'POST' ? { body: {} } : {}),
        });
        expect(status, `${name} with an id ${what}`).toBe(404);
        expect(body?.error?.code, `${name} with an id ${what}`).toBe('NOT_FOUND');
      }
    }
  }, 120_000);

  it('lets a well-shaped id through to the handler', async () => {
    // The handler's own 404 for an unknown notice, and a body error before it on a POST route.
    const notice = await api.call('GET', `/notices/${newId('ntc')}`);
    expect(notice.status).toBe(404);
    const consent = await api.call('POST', `/clearances/${newId('clr')}/consent`, { body: {} });
    expect(consent.status).toBe(400);
  });
});

/** A request whose Content-Type is exactly what the test says, or absent. */
const sendBody = async (route: RouteDef, contentType: string | undefined, body: string) => {
  const role = roleFor(route);
  const headers: Record<string, string> = {};
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (role) {
    const { issueLocalToken } = await import('../../infra/local/keys.ts');
    headers.authorization = `Bearer ${await issueLocalToken(`${role}-1`, [role])}`;
  }
  // A Uint8Array body makes fetch add no Content-Type of its own.
  // A well-shaped id of each kind (a commission id is a name, not a prefixed id).
  const idFor = (name: keyof typeof pathIdPrefixes) =>
    (name as string) === 'commissionId' ? 'county-a' : newId(pathIdPrefixes[name]);
  const response = await fetch(`${api.runtime.url}${pathOf(route, idFor)}`, {
    method: route.method,
    headers,
    body: new TextEncoder().encode(body),
  });
  return { status: response.status, body: (await response.json()) as any };
};

describe('bodies that are not JSON', () => {
  const refused = [
    'text/plain',
    'text/plain; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'text/xml',
    'application/octet-stream',
    'application/jsonp',
    'application/json-seq',
    undefined,
  ];

  it(`answers 415 UNSUPPORTED_MEDIA_TYPE on all ${withBody.length} routes that take a body`, async () => {
    expect(withBody.length).toBeGreaterThanOrEqual(16);
    for (const [name, route] of withBody) {
      for (const contentType of refused) {
        const { status, body } = await sendBody(route, contentType, '{"receiptCode":"X"}');
        const what = `${name} as ${contentType ?? 'no content type'}`;
        expect(status, what).toBe(415);
        expect(body.error.code, what).toBe('UNSUPPORTED_MEDIA_TYPE');
        expect(body.error.message, what).toMatch(/JSON/);
      }
    }
  }, 120_000);

  it('takes application/json with any parameters, and +json types', async () => {
    const [, lookup] = withBody.find(([name]) => name === 'lookupReceipt') as [string, RouteDef];
    for (const contentType of [
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON;charset=UTF-8',
      'application/merge-patch+json',
      'application/vnd.zhengming+json; version=1',
    ]) {
      const { status, body } = await sendBody(lookup, contentType, '{"receiptCode":"NOT-A-CODE"}');
      expect(status, contentType).toBe(404);
      expect(body.error.code, contentType).toBe('NOT_FOUND');
    }
  });
});

describe('text that would deceive a reader', () => {
  const refusedIn = async (
    method: string,
    path: string,
    role: RouteDef['access'][number] | undefined,
    body: unknown,
    field: string,
  ) => {
    const response = await api.call(method, path, { body, role: role as never });
    expect(response.status, `${path} ${field}`).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  };

  it('refuses U+202E and U+0007 in the accused name, which a signed public notice would carry', async () => {
    for (const char of ['\u202e', '\u0007', '\u2066', '\u0000']) {
      const report = anonymousReport();
      report.accused.name = `张${char}三`;
      await refusedIn('POST', '/reports', undefined, report, 'body.accused.name');
    }
  });

  it('refuses them in other fields of other routes, bodies and query strings', async () => {
    const clueId = newId('clu');
    for (const char of ['\u202e', '\u0007']) {
      const report = anonymousReport();
      (report.allegations[0] as { summary: string }).summary = `收受${char}礼金`;
      await refusedIn('POST', '/reports', undefined, report, 'body.allegations.0.summary');
      await refusedIn(
        'POST',
        '/cadres',
        'intake',
        { name: `王${char}五`, posts: [{ position: '县长', organization: '某县', from: '2020-01-01' }] },
        'body.name',
      );
      await refusedIn(
        'POST',
        `/clues/${clueId}/actions`,
        'approver',
        { action: 'shelve', expectedVersion: 1, reason: `暂缓${char}处理` },
        'body.reason',
      );
      await refusedIn(
        'POST',
        `/accuser-flags/${newId('flg')}/contest`,
        'intake',
        { statement: `本人${char}不服` },
        'body.statement',
      );
      await refusedIn(
        'POST',
        `/clearances/${newId('clr')}/consent`,
        undefined,
        { token: `tok${char}en`, consent: true },
        'body.token',
      );
      await refusedIn(
        'POST',
        '/receipts/lookup',
        undefined,
        { receiptCode: `AB${char}CD` },
        'body.receiptCode',
      );
      await refusedIn(
        'GET',
        `/clues?assignee=${encodeURIComponent(`inv${char}1`)}`,
        'approver',
        undefined,
        'query.assignee',
      );
    }
  });

  it('refuses 9999-12-31 as an incident date and as the end of a post', async () => {
    const report = anonymousReport();
    (report.allegations[0] as { incidentTo: string }).incidentTo = '9999-12-31';
    await refusedIn('POST', '/reports', undefined, report, 'body.allegations.0.incidentTo');
    await refusedIn(
      'POST',
      '/cadres',
      'intake',
      {
        name: '王五',
        posts: [{ position: '县长', organization: '某县', from: '2020-01-01', to: '9999-12-31' }],
      },
      'body.posts.0.to',
    );
  });
});

describe('notice verification counts every member', () => {
  const signer = localSigner(JSON.parse(localSecrets().noticeKey) as Jwk, 'local-test');
  const signed = async () => {
    const unsigned: UnsignedNotice = {
      noticeId: newId('ntc'),
      publishedAt: '2026-01-05T08:00:00.000Z',
      issuer: '某县纪委监委',
      method: 'PUBLIC_NOTICE',
      public: true,
      cadre: { name: '张三', position: '局长', organization: '某县某局' },
      clearedAllegations: [{ summary: '收受礼金' }],
      text: '经核查，上述问题不属实。',
      translations: { en: 'Found untrue.' },
    };
    const keyId = (JSON.parse(localSecrets().noticeKey) as Jwk).kid as string;
    const keyed = localSigner(JSON.parse(localSecrets().noticeKey) as Jwk, keyId);
    return {
      ...unsigned,
      signature: { alg: 'ES256', keyId, value: await keyed.sign(canonicalNoticeBytes(unsigned)) },
    };
  };
  /** The notice's JSON with `member` added as its last member, at the top or inside `cadre`. */
  const withMember = (json: string, member: string, inside?: 'cadre') =>
    inside ? json.replace('"cadre":{', `"cadre":{${member},`) : `${json.slice(0, -1)},${member}}`;
  const verify = async (noticeJson: string) =>
    (await api.call('POST', '/notices/verify', { raw: `{"notice":${noticeJson}}` })).body;

  it('says valid:false for a notice with an added "__proto__" or unknown member, as the offline verifier does', async () => {
    expect(signer.keyId).toBe('local-test');
    const json = JSON.stringify(await signed());
    expect(await verify(json)).toEqual({ valid: true });
    const altered = [
      withMember(json, '"__proto__":{"admin":true}'),
      withMember(json, '"__proto__":null'),
      withMember(json, '"__proto__":{"admin":true}', 'cadre'),
      withMember(json, '"extra":1'),
      withMember(json, '"note":"已撤销"', 'cadre'),
    ];
    for (const notice of altered) expect(await verify(notice), notice).toEqual({ valid: false });

    const jwks = JSON.stringify((await api.call('GET', '/.well-known/notice-keys')).body);
    const dir = mkdtempSync(join(tmpdir(), 'hostile-notice-'));
    writeFileSync(join(dir, 'jwks.json'), jwks);
    const offline = async (notice: string) => {
      writeFileSync(join(dir, 'notice.json'), notice);
      return promisify(execFile)('node', [
        'bin/verify-notice.mjs',
        join(dir, 'notice.json'),
        join(dir, 'jwks.json'),
      ])
        .then((out) => out.stdout)
        .catch((error: { stdout: string }) => error.stdout);
    };
    expect(await offline(json)).toMatch(/^VALID/);
    expect(await offline(altered[0] as string)).toMatch(/^INVALID/);
  });

  it('refuses a notice that is not an object with 400', async () => {
    for (const raw of ['{"notice":[]}', '{"notice":"x"}', '{"notice":null}', '{}']) {
      const { status, body } = await api.call('POST', '/notices/verify', { raw });
      expect(status, raw).toBe(400);
      expect(body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});
