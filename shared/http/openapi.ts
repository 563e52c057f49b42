/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas (zod 4's JSON
 * Schema output is draft 2020-12, which OpenAPI 3.1 uses), so the published contract is the code.
 * The integration tests validate every response they receive against it (tests/support/contract.ts)
 * and `npm run lint:api` lints it, so the code cannot drift from what is published.
 */
import * as z from 'zod';
import type { RouteDef } from '../contract/routes.ts';
import { type ResponseName, responseMedia, responseSchemas } from '../schemas/responses/index.ts';

type JsonSchema = Record<string, unknown>;

const componentUri = (id: string) => `#/components/schemas/${id}`;

/**
 * Schemas named with `.meta({ id })` become components; the routes refer to them by $ref. zod gives
 * each one `$id: "#/components/schemas/X"` and a `$schema`: JSON Schema 2020-12 forbids a fragment
 * in `$id` (ajv refuses to compile it), and the dialect is the document's (`jsonSchemaDialect`).
 */
const registryComponents = (io: 'input' | 'output'): Record<string, JsonSchema> => {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { uri: componentUri, io, unrepresentable: 'any' });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $id: _id, $schema: _dialect, ...schema }]) => [id, schema]),
  );
};

const jsonSchema = (schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema => {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: componentUri(id) };
  const { $schema: _dialect, ...inline } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return inline;
};

const refsIn = (value: unknown): string[] =>
  [...(JSON.stringify(value) ?? '').matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
    (match) => match[1] as string,
  );

/** The components a set of schemas refers to, directly or through other components. */
const reachable = (roots: unknown[], components: Record<string, JsonSchema>) => {
  const seen = new Set<string>();
  const queue = roots.flatMap(refsIn);
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...refsIn(components[id]));
  }
  return seen;
};

/**
 * A request schema is published as the input it accepts, a response schema as the output the
 * service sends: with `additionalProperties: false`, so a field the service sends but the
 * contract does not declare fails validation in the integration tests.
 */
const components = (requestRoots: unknown[], responseRoots: unknown[]) => {
  const input = registryComponents('input');
  const output = registryComponents('output');
  const requests = reachable(requestRoots, input);
  const responses = reachable(responseRoots, output);
  return Object.fromEntries(
    Object.keys(input).map((id) => {
      if (!responses.has(id)) return [id, input[id]];
      if (requests.has(id) && JSON.stringify(input[id]) !== JSON.stringify(output[id])) {
        throw new Error(`Schema ${id} is both a request and a response but reads differently in each`);
      }
      return [id, output[id]];
    }),
  );
};

const pathParameterNames = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);

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
  pathParameterNames(path).map((name) => ({
    name,
    in: 'path',
    required: true,
    description: 'An id of the wrong shape or length names nothing: 404 NOT_FOUND.',
    schema: { type: 'string' },
  }));

const bodyMethods: readonly string[] = ['POST', 'PUT', 'PATCH'];

/**
 * The errors every route of a shape can answer, whatever its own list says: the middleware
 * (shared/http/middleware.ts) and the gateway answer them before the handler runs.
 */
const errorsOfShape = (route: RouteDef): number[] => [
  ...(route.body || route.query || route.headers ? [400] : []),
  ...(route.access === 'public' ? [] : [401, 403]),
  // A path id of the wrong shape is refused as an unknown one.
  ...(pathParameterNames(route.path).length ? [404] : []),
  // The body limit holds on every request that carries one, before any parsing.
  ...(bodyMethods.includes(route.method) ? [413] : []),
  // A body that is not JSON is refused before parsing.
  ...(route.body ? [415] : []),
  // A transient DynamoDB fault is answered with 503 and Retry-After.
  ...(route.uses.table ? [503] : []),
];

const errorDescriptions: Record<number, string> = {
  400: 'VALIDATION_FAILED: the body, query or a header does not match its schema',
  401: 'UNAUTHENTICATED: no valid bearer token',
  403: 'FORBIDDEN: the caller’s role may not do this',
  404: 'NOT_FOUND: nothing by that id (or an id of the wrong shape)',
  409: 'VERSION_CONFLICT or INVALID_TRANSITION: the resource has moved on',
  413: 'PAYLOAD_TOO_LARGE: the body is larger than this route accepts',
  415: 'UNSUPPORTED_MEDIA_TYPE: the body is not application/json',
  422: 'IDEMPOTENCY_KEY_REUSED: the key was used with a different body',
  429: 'RATE_LIMITED: try again after Retry-After seconds',
  503: 'UNAVAILABLE: a transient fault; try again after Retry-After seconds',
};

const retryAfter = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    required: true,
    schema: { type: 'integer', minimum: 0 },
  },
};

const response = (status: number, name: ResponseName, description: string) => ({
  description,
  ...(status === 429 || status === 503 ? { headers: retryAfter } : {}),
  content: {
    'application/json': { schema: jsonSchema(responseSchemas[name], 'output') },
    ...Object.fromEntries(
      Object.entries(responseMedia[name] ?? {}).map(([type, schema]) => [
        type,
        { schema: jsonSchema(schema, 'output') },
      ]),
    ),
  },
});

/** The route's own responses and errors, then those of its shape, in status order. */
const responses = (route: RouteDef) => {
  const errors = [...new Set([...(route.errors ?? []), ...errorsOfShape(route)])];
  return Object.fromEntries(
    [
      ...Object.entries(route.responses).map(
        ([status, name]) => [Number(status), response(Number(status), name, 'Success')] as const,
      ),
      ...errors.map(
        (status) =>
          [status, response(status, 'ErrorBody', errorDescriptions[status] ?? `HTTP ${status}`)] as const,
      ),
    ]
      .sort(([a], [b]) => a - b)
      .map(([status, body]) => [String(status), body]),
  );
};

/** The function's area (functions/<area>/…) tags the operation, as the code is laid out. */
const tagOf = (route: RouteDef) => route.entry.split('/')[1] as string;

const tagDescriptions: Record<string, string> = {
  system: 'Health and this document',
  stats: 'Figures for staff and the public',
  reports: 'Submitting reports (检举控告) and following them by receipt code; the intake queue',
  clues: 'Clues (问题线索): registration, merging, verification, conclusion and the audit trail',
  cadres: 'The cadres reported on, and their posts',
  clearances: 'Clearance (澄清正名) of a falsely accused cadre, with their consent',
  notices: 'Signed public clearance notices and the keys that verify them',
  'follow-ups': 'Follow-up visits (回访) after a clearance',
  accusers: 'Flags on reporters whose reports were found fabricated',
};

export const buildOpenApi = (routes: Record<string, RouteDef>) => {
  const paths: Record<string, Record<string, unknown>> = {};
  const requestRoots: unknown[] = [];
  const responseRoots: unknown[] = [];
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
    const requestBody = route.body && {
      required: !route.bodyOptional,
      content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
    };
    const operationResponses = responses(route);
    requestRoots.push(parameters, requestBody);
    responseRoots.push(operationResponses);
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId,
      summary: route.summary,
      tags: [tagOf(route)],
      ...(route.access === 'public'
        ? { security: [] }
        : { security: [{ bearer: [] }], 'x-allowed-roles': route.access }),
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: operationResponses,
    };
  }
  const tags = [...new Set(Object.values(routes).map(tagOf))]
    .sort()
    .map((name) => ({ name, description: tagDescriptions[name] ?? name }));
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Zhengming (正名) API',
      version: '1.0.0',
      description: 'Reports, clue verification and clearance of falsely accused cadres. See docs/api.md.',
    },
    // The API answers on the origin that serves this document (API Gateway's URL, or the local runtime).
    servers: [{ url: '/', description: 'The origin that serves this document' }],
    tags,
    components: {
      schemas: components(requestRoots, responseRoots),
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  };
};
