/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas (zod 4's JSON
 * Schema output is draft 2020-12, which OpenAPI 3.1 uses), so the published contract is the code.
 */
import * as z from 'zod';
import type { RouteDef } from '../../infra/routes.ts';
import { responseSchemas } from '../schemas/responses/index.ts';

const componentUri = (id: string) => `#/components/schemas/${id}`;

/** Schemas named with `.meta({ id })` become components; the routes refer to them by $ref. */
const components = () =>
  z.toJSONSchema(z.globalRegistry, { uri: componentUri, io: 'input', unrepresentable: 'any' }).schemas;

const jsonSchema = (schema: z.core.$ZodType, io: 'input' | 'output') => {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: componentUri(id) };
  const { $schema: _dialect, ...inline } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return inline;
};

const queryParameters = (schema: z.core.$ZodType) => {
  const { properties = {}, required = [] } = jsonSchema(schema, 'input') as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    schema: property,
  }));
};

const pathParameters = (path: string) =>
  [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));

export const buildOpenApi = (routes: Record<string, RouteDef>) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, route] of Object.entries(routes)) {
    const parameters = [
      ...pathParameters(route.path),
      ...(route.query ? queryParameters(route.query) : []),
      ...Object.entries(route.headers ?? {}).map(([name, schema]) => ({
        name,
        in: 'header',
        required: false,
        schema: jsonSchema(schema, 'input'),
      })),
    ];
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId,
      summary: route.summary,
      ...(route.access === 'public'
        ? { security: [] }
        : { security: [{ bearer: [] }], 'x-allowed-roles': route.access }),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses: Object.fromEntries(
        [
          ...Object.entries(route.responses),
          ...(route.errors ?? []).map((status) => [String(status), 'ErrorBody'] as const),
        ].map(([status, name]) => [
          status,
          {
            description: `HTTP ${status}`,
            content: { 'application/json': { schema: jsonSchema(responseSchemas[name], 'output') } },
          },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Zhengming (正名) API',
      version: '1.0.0',
      description: 'Reports, clue verification and clearance of falsely accused cadres. See docs/api.md.',
    },
    components: {
      schemas: components(),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  };
};
