/**
 * Every string a request can carry, found by walking the request schemas of the whole route table,
 * refuses control characters and bidirectional formatting characters; dates keep to a sane horizon.
 */
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { routeEntries } from '../../shared/contract/routes.ts';
import { CreateCadreRequest } from '../../shared/schemas/cadres.ts';
import { RecordFollowUpRequest } from '../../shared/schemas/clearances.ts';
import { SubmitReportRequest } from '../../shared/schemas/reports.ts';
import { anonymousReport, validResidentId } from '../support/fixtures.ts';

type Schema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string };

/** The string schemas inside a schema, each with the path that reaches it. */
const stringLeaves = (schema: Schema, path: string, out: [string, Schema][] = []): [string, Schema][] => {
  const def = schema._zod.def as unknown as Def;
  const inner = (key: string) => def[key] as Schema;
  switch (def.type) {
    case 'string':
      out.push([path, schema]);
      break;
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, Schema>))
        stringLeaves(child, `${path}.${key}`, out);
      break;
    case 'array':
      stringLeaves(inner('element'), `${path}[]`, out);
      break;
    case 'union':
      for (const [i, option] of (def.options as Schema[]).entries())
        stringLeaves(option, `${path}|${i}`, out);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      stringLeaves(inner('innerType'), path, out);
      break;
    case 'pipe':
      stringLeaves(inner('in'), path, out);
      stringLeaves(inner('out'), path, out);
      break;
    case 'record':
      stringLeaves(inner('keyType'), `${path}{key}`, out);
      stringLeaves(inner('valueType'), `${path}{}`, out);
      break;
    case 'intersection':
      stringLeaves(inner('left'), path, out);
      stringLeaves(inner('right'), path, out);
      break;
    case 'number':
    case 'boolean':
    case 'enum':
    case 'literal':
    case 'unknown':
      break;
    default:
      throw new Error(`${path}: the walk does not know a schema of type ${def.type}; teach it`);
  }
  return out;
};

const leaves = routeEntries.flatMap(([name, route]) => [
  ...(route.body ? stringLeaves(route.body, `${name} body`) : []),
  ...(route.query ? stringLeaves(route.query, `${name} query`) : []),
  ...Object.entries(route.headers ?? {}).flatMap(([header, schema]) =>
    stringLeaves(schema, `${name} header ${header}`),
  ),
]);

/** Values one of which each string field accepts; the hostile character goes into its middle. */
const samples = [
  '某县能源局副局长',
  'rpt_AAAAAAAAAAAAAAAAAAAAAA',
  '2024-01-01',
  '2024-01-01T08:00:00.000Z',
  'lisi.reporter@example.cn',
  '13812345678',
  '123456',
  validResidentId('456'),
  '0123456789abcdef'.repeat(4), // a SHA-256 in hex
  'https://jubao.example.cn',
  '〔{year}〕甲县纪委信访第{seq:4}号', // a case-number template (a commission's settings)
];
const accepts = (schema: Schema, value: string) => !(schema['~standard'].validate(value) as any).issues;
const sampleFor = (schema: Schema) => samples.find((value) => accepts(schema, value));
const spliced = (value: string, char: string) =>
  value.slice(0, value.length >> 1) + char + value.slice(value.length >> 1);

const hostile = {
  NUL: '\u0000',
  BEL: '\u0007',
  CR: '\r',
  ESC: '\u001b',
  DEL: '\u007f',
  C1: '\u0085',
  'U+202A': '\u202a',
  'U+202E': '\u202e',
  'U+2066': '\u2066',
  'U+2069': '\u2069',
};

describe('the text of every request', () => {
  it('walks a string field in every route that takes text', () => {
    expect(leaves.length).toBeGreaterThan(30);
    for (const field of [
      'submitReport body.accused.name',
      'createCadre body.name',
      'listClues query.assignee',
    ])
      expect(leaves.map(([path]) => path)).toContain(field);
  });

  it.each(leaves)('%s refuses control and bidi characters, and keeps tab and newline', (path, schema) => {
    const sample = sampleFor(schema);
    expect(sample, `${path}: add a value it accepts to the samples`).toBeDefined();
    for (const [name, char] of Object.entries(hostile))
      expect(accepts(schema, spliced(sample as string, char)), `${path} with ${name}`).toBe(false);
    // Tab and newline are ordinary in free text: a field that refuses them does so for its format.
    // Free text takes Chinese; an id of a fixed alphabet (a commission id such as `ab`) does not.
    if (accepts(schema, 'ab') && accepts(schema, '正名')) expect(accepts(schema, 'a\tb\nc'), path).toBe(true);
  });
});

describe('dates keep to a sane horizon', () => {
  const report = (incidentFrom: string, incidentTo?: string) => {
    const body = anonymousReport();
    body.allegations[0] = {
      summary: '收受礼金',
      incidentFrom,
      ...(incidentTo ? { incidentTo } : {}),
    } as never;
    return SubmitReportRequest.safeParse(body).success;
  };
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  it('takes an incident date from 1949 to today, with a day of slack for time zones', () => {
    expect(report('1949-01-01')).toBe(true);
    expect(report(day(0))).toBe(true);
    expect(report(day(-1), day(1))).toBe(true);
  });

  it('refuses incident dates before 1949 or in the future, and 9999-12-31', () => {
    expect(report('1948-12-31')).toBe(false);
    expect(report(day(3))).toBe(false);
    expect(report('2023-01-01', day(3))).toBe(false);
    expect(report('9999-12-31')).toBe(false);
    expect(report('2023-01-01', '9999-12-31')).toBe(false);
  });

  it('takes a post that ends up to ten years ahead, not beyond, and not one from 9999', () => {
    const cadre = (from: string, to?: string) =>
      CreateCadreRequest.safeParse({
        name: '王五',
        posts: [{ position: '县长', organization: '某县人民政府', from, ...(to ? { to } : {}) }],
      }).success;
    expect(cadre('2020-01-01', day(365 * 9))).toBe(true);
    expect(cadre('2020-01-01', day(365 * 11))).toBe(false);
    expect(cadre('2020-01-01', '9999-12-31')).toBe(false);
    expect(cadre('9999-12-31')).toBe(false);
    expect(cadre('1948-06-01', '1950-01-01')).toBe(false);
  });

  it('takes a follow-up visit from the past, not one dated in the future', () => {
    const visit = (visitedAt: string) =>
      RecordFollowUpRequest.safeParse({ notes: '回访', visitedAt }).success;
    expect(visit(new Date().toISOString())).toBe(true);
    expect(visit(`${day(5)}T08:00:00.000Z`)).toBe(false);
    expect(visit('9999-12-31T00:00:00.000Z')).toBe(false);
  });
});
