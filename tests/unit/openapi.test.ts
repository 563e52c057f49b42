import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { routeEntries, routes } from '../../shared/contract/routes.ts';
import { buildOpenApi } from '../../shared/http/openapi.ts';
import { compileAt, compileContract, contractAjv, contractViolations } from '../support/contract.ts';

const document = buildOpenApi(routes);
type Operation = {
  operationId: string;
  requestBody?: { content: Record<string, { schema: unknown }> };
  parameters?: { name: string; in: string }[];
  responses: Record<
    string,
    { content?: Record<string, { schema: unknown }>; headers?: Record<string, { required?: boolean }> }
  >;
  security: unknown[];
};
const operation = (path: string, method: string) =>
  (document.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('validates against the OpenAPI 3.1 schema', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  }, 60_000);

  it('compiles every component schema, and every body schema, under JSON Schema 2020-12 (ajv, strict)', () => {
    const ajv = contractAjv();
    const names = Object.keys(document.components.schemas);
    expect(names.length).toBeGreaterThan(40);
    for (const name of names) {
      expect(JSON.stringify(document.components.schemas[name]), name).not.toMatch(/"\$(id|schema)"/);
      expect(() => compileAt(ajv, 'components', 'schemas', name), name).not.toThrow();
    }
    expect(() => compileContract()).not.toThrow();
  }, 60_000);

  it('lets a clue with its allegations validate (a strict Allegation in allOf never could)', () => {
    const validate = compileAt(contractAjv(), 'components', 'schemas', 'Clue');
    const clue = {
      clueId: 'clu-1',
      status: 'REGISTERED',
      version: 1,
      registeredAt: '2025-01-01T00:00:00.000Z',
      accused: { name: '张三', position: '科长', organization: '某局' },
      reportCount: 1,
      allegationCount: 1,
      reports: [],
      allegations: [{ summary: '收受礼金', allegationId: 'alg-1', reportId: 'rep-1', predatesTenure: false }],
      history: [],
      deadlines: { suspended: false },
      reporterStages: [],
    };
    expect(validate(clue), JSON.stringify(validate.errors)).toBe(true);
    const withUndeclared = { ...clue, allegations: [{ ...clue.allegations[0], secret: 'x' }] };
    expect(validate(withUndeclared)).toBe(false);
  });

  it('declares what the service answers: servers, Retry-After on 429/503, CSV on the export', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    for (const item of Object.values(document.paths)) {
      for (const op of Object.values(item as Record<string, Operation>)) {
        for (const status of ['429', '503']) {
          const response = op.responses[status];
          if (response) expect(response.headers?.['Retry-After']?.required).toBe(true);
        }
      }
    }
    expect(Object.keys(operation('/accuser-flags/export', 'GET')?.responses['200']?.content ?? {})).toEqual([
      'application/json',
      'text/csv',
    ]);
    expect(Object.keys(operation('/openapi.json', 'GET')?.responses ?? {})).toEqual(['200']);
    const clearance = document.components.schemas.Clearance as { properties: Record<string, unknown> };
    expect(Object.keys(clearance.properties)).toEqual(expect.arrayContaining(['cadreKey', 'public']));
  });

  it.each(routeEntries)('covers route %s with its schemas and security', (name, route) => {
    const op = operation(route.path, route.method);
    expect(op?.operationId).toBe(name);
    expect(Boolean(op?.requestBody)).toBe(Boolean(route.body));
    // The route's own statuses, and those every route of its shape can answer (middleware, gateway).
    const ofShape = [
      ...(route.access === 'public' ? [] : [401, 403]),
      ...(route.path.includes('{') ? [404] : []),
      ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? [413] : []),
      ...(route.body ? [400, 415] : []),
    ];
    expect(Object.keys(op?.responses ?? {})).toEqual(
      [
        ...new Set([...Object.keys(route.responses), ...[...(route.errors ?? []), ...ofShape].map(String)]),
      ].sort(),
    );
    for (const status of route.errors ?? []) {
      expect(op?.responses?.[status]?.content?.['application/json']?.schema).toEqual({
        $ref: '#/components/schemas/Error',
      });
    }
    expect(op?.security).toEqual(route.access === 'public' ? [] : [{ bearer: [] }]);
    for (const header of Object.keys(route.headers ?? {})) {
      expect(op?.parameters?.some((p) => p.in === 'header' && p.name === header)).toBe(true);
    }
  });

  it('resolves every $ref to a component', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(
      (m) => m[1],
    );
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(Object.keys(document.components.schemas)).toContain(ref);
  });

  it('carries the strict request schemas (unknown fields rejected)', () => {
    const body = operation('/reports', 'POST')?.requestBody?.content['application/json']?.schema as {
      $ref: string;
    };
    expect(body.$ref).toBe('#/components/schemas/SubmitReportRequest');
    const schema = document.components.schemas.SubmitReportRequest as {
      additionalProperties?: boolean;
      required?: string[];
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(
      expect.arrayContaining(['accused', 'category', 'allegations', 'reporter']),
    );
    expect(operation('/reports', 'GET')?.parameters?.map((p) => p.name)).toEqual([
      'status',
      'order',
      'limit',
      'cursor',
    ]);
  });
});

describe('checking a response against the published contract', () => {
  const json = (extra: Record<string, string> = {}) =>
    new Headers({ 'content-type': 'application/json; charset=utf-8', ...extra });
  const error = { error: { code: 'NOT_FOUND', message: '没有找到' } };

  it('passes a response that keeps it', () => {
    expect(contractViolations('GET', '/clues/clu-1', { status: 404, headers: json(), body: error })).toEqual(
      [],
    );
    expect(
      contractViolations('GET', '/health', { status: 200, headers: json(), body: { status: 'ok' } }),
    ).toEqual([]);
  });

  it('refuses an undeclared status, member, media type or a missing Retry-After', () => {
    expect(
      contractViolations('GET', '/health', { status: 201, headers: json(), body: { status: 'ok' } }),
    ).toEqual(['status 201 is not declared for GET /health']);
    expect(
      contractViolations('GET', '/health', {
        status: 200,
        headers: json(),
        body: { status: 'ok', extra: 1 },
      }),
    ).toEqual([expect.stringMatching(/must NOT have additional properties.*extra/)]);
    expect(
      contractViolations('GET', '/health', {
        status: 200,
        headers: new Headers({ 'content-type': 'text/plain' }),
        body: 'ok',
      }),
    ).toEqual([expect.stringMatching(/content type "text\/plain"/)]);
    const unavailable = { error: { code: 'UNAVAILABLE', message: '请稍后再试' } };
    expect(
      contractViolations('GET', '/stats/public', { status: 503, headers: json(), body: unavailable }),
    ).toEqual(['header Retry-After is missing']);
    expect(
      contractViolations('GET', '/stats/public', {
        status: 503,
        headers: json({ 'retry-after': '1' }),
        body: unavailable,
      }),
    ).toEqual([]);
  });

  it('takes the CSV export as text and a path no route matches as the gateway’s 404', () => {
    const csv = new Headers({ 'content-type': 'text/csv; charset=utf-8' });
    expect(
      contractViolations('GET', '/accuser-flags/export?format=csv', {
        status: 200,
        headers: csv,
        body: 'a,b',
      }),
    ).toEqual([]);
    expect(contractViolations('GET', '/nowhere', { status: 404, headers: json(), body: error })).toEqual([]);
    expect(contractViolations('GET', '/nowhere', { status: 200, headers: json(), body: {} })).toEqual([
      'GET /nowhere matches no route, yet answered 200',
    ]);
  });
});
