import { describe, expect, it } from 'vitest';
import { routeEntries, routes } from '../../infra/routes.ts';
import { buildOpenApi } from '../../shared/http/openapi.ts';

const document = buildOpenApi(routes);
type Operation = {
  operationId: string;
  requestBody?: { content: Record<string, { schema: unknown }> };
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  security: unknown[];
};
const operation = (path: string, method: string) =>
  (document.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it.each(routeEntries)('covers route %s with its schemas and security', (name, route) => {
    const op = operation(route.path, route.method);
    expect(op?.operationId).toBe(name);
    expect(Boolean(op?.requestBody)).toBe(Boolean(route.body));
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual(
      [...Object.keys(route.responses), ...(route.errors ?? []).map(String)].sort(),
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
      'limit',
      'cursor',
    ]);
  });
});
