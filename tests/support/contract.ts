/**
 * The published contract as a response validator: every response the integration and browser
 * tests receive from the API is checked against GET /openapi.json (built by the same generator)
 * with ajv under JSON Schema 2020-12. Method and path pick the operation as API Gateway matches
 * routes, the status picks the response; an undeclared status, media type, required header or a
 * body that does not match its schema throws, and so fails the test that received it.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { routeMatcher } from '../../infra/local/http-api-event.ts';
import { routeEntries, routes } from '../../shared/contract/routes.ts';
import { buildOpenApi } from '../../shared/http/openapi.ts';

export const openApiDocument = buildOpenApi(routes);
const documentId = 'https://zhengming.invalid/openapi.json';

/** ajv over the whole document, so `#/components/schemas/X` resolves as it does in the document. */
export const contractAjv = () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  formats.default(ajv);
  // The document's own members are not JSON Schema keywords: ajv must neither refuse nor apply them.
  for (const keyword of ['openapi', 'jsonSchemaDialect', 'info', 'servers', 'tags', 'paths', 'components']) {
    ajv.addKeyword({ keyword });
  }
  ajv.addSchema({ ...openApiDocument, $id: documentId });
  return ajv;
};

const pointer = (...parts: string[]) =>
  `${documentId}#/${parts.map((p) => encodeURIComponent(p.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/')}`;

/** Compiles the schema at a place in the document (a component, or a response's media type). */
export const compileAt = (ajv: Ajv2020, ...parts: string[]): ValidateFunction =>
  ajv.compile({ $ref: pointer(...parts) });

interface MediaType {
  schema: unknown;
}
interface ResponseObject {
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, MediaType>;
}
type Operation = { responses: Record<string, ResponseObject> };

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();
const matchRoute = routeMatcher(routeEntries);

/** One validator per schema: most responses are a `$ref` to a component that many routes share. */
const validatorOf = (schema: unknown, ...at: string[]) => {
  const ref = (schema as { $ref?: string }).$ref;
  const key = ref && Object.keys(schema as object).length === 1 ? ref : at.join(' ');
  let validate = validators.get(key);
  if (!validate) {
    ajv ??= contractAjv();
    validate = compileAt(ajv, ...(key === ref ? ref.slice(2).split('/') : at));
    validators.set(key, validate);
  }
  return validate;
};

/**
 * Compiles the validator of every declared response up front (about 3 s): a test file calls it
 * in its setup, so the compiling does not eat into the first tests' time limits.
 */
export const compileContract = () => {
  for (const [path, item] of Object.entries(openApiDocument.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const [mediaType, { schema }] of Object.entries(response.content ?? {})) {
          validatorOf(schema, 'paths', path, method, 'responses', status, 'content', mediaType, 'schema');
        }
      }
    }
  }
};

export interface ReceivedResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: unknown;
}

/** The gateway's 404 for a path no route matches, in the contract's error shape. */
const unknownPath: ResponseObject = {
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

/** The reasons a response breaks the contract; empty when it keeps it. */
export const contractViolations = (method: string, url: string, response: ReceivedResponse): string[] => {
  const path = new URL(url, 'http://127.0.0.1').pathname;
  // The local runtime's own routes (sign-in, inbox) are not part of the API.
  if (path.startsWith('/local/')) return [];
  const match = matchRoute(method.toUpperCase(), path);
  const status = String(response.status);
  let declared: ResponseObject | undefined;
  let at: string[];
  if (match) {
    const operationAt = ['paths', match.route.path, match.route.method.toLowerCase()];
    const operation = (openApiDocument.paths[match.route.path] as Record<string, Operation>)[
      match.route.method.toLowerCase()
    ];
    declared = operation?.responses[status];
    at = [...operationAt, 'responses', status];
    if (!declared) return [`status ${status} is not declared for ${match.route.method} ${match.route.path}`];
  } else {
    if (status !== '404') return [`${method} ${path} matches no route, yet answered ${status}`];
    declared = unknownPath;
    at = [];
  }
  const problems: string[] = [];
  for (const [name, header] of Object.entries(declared.headers ?? {})) {
    if (header.required && !response.headers.has(name)) problems.push(`header ${name} is missing`);
  }
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const content = declared.content ?? {};
  if (!content[mediaType]) {
    return [...problems, `content type "${mediaType}" is not one of ${Object.keys(content).join(', ')}`];
  }
  const validate = validatorOf(content[mediaType].schema, ...at, 'content', mediaType, 'schema');
  if (!validate(response.body)) {
    for (const e of validate.errors ?? []) {
      problems.push(`body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
  return problems;
};

/** Throws when a response breaks the published contract: the test that received it fails. */
export const expectContract = (method: string, url: string, response: ReceivedResponse) => {
  const problems = contractViolations(method, url, response);
  if (problems.length) {
    const body = JSON.stringify(response.body)?.slice(0, 2000);
    throw new Error(
      `${method} ${url} → ${response.status} breaks the published contract (GET /openapi.json):\n  ${problems.join('\n  ')}\nbody: ${body}`,
    );
  }
};
