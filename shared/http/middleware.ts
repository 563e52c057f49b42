/**
 * The middy middlewares every HTTP function runs, in this order:
 * requestLog → errorMapper → authorization → pathIds → bodyLimit → requestParser → handler.
 * Each one does one thing; the handler receives a parsed, typed, authorised request.
 */
import type middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import type { RouteDef } from '../contract/routes/route-def.ts';
import { DomainError, messages, notFound, unavailable, validationFailed } from '../domain/errors.ts';
import { isIdShaped, isPathIdName, type PathIdName } from '../domain/ids.ts';
import { logger } from '../logger.ts';
import { isTransientStoreFault } from '../store/faults.ts';
import { authorize, type Principal } from './auth.ts';
import { domainErrorResponse, internalErrorResponse, type Language, languageOf } from './response.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

/** What the middlewares learn about a request, handed to the handler. */
export interface RequestScope {
  lang: Language;
  startedAt: number;
  principal?: Principal | undefined;
  body?: unknown;
  query?: unknown;
  headers: Record<string, string | undefined>;
}

type Middleware = middy.MiddlewareObj<HttpEvent, HttpResponse, Error, Context>;
type Request = middy.Request<HttpEvent, HttpResponse, Error, Context>;

const correlationIdOf = (event: HttpEvent): string | undefined => event.requestContext?.requestId;

// Middy hands the handler only (event, context), so the scope travels beside the event.
const scopes = new WeakMap<HttpEvent, RequestScope>();
export const scopeOf = (event: HttpEvent): RequestScope => {
  let scope = scopes.get(event);
  if (!scope) {
    const headers = lowerCaseHeaders(event.headers);
    scope = { lang: languageOf(headers['accept-language']), headers, startedAt: performance.now() };
    scopes.set(event, scope);
  }
  return scope;
};

const lowerCaseHeaders = (headers: HttpEvent['headers'] | undefined) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));

/**
 * One access line per request (route, status, duration), each log line carrying the correlation
 * id. Keys are passed per call rather than set on the shared logger, because the local runtime
 * runs many requests in one process at once.
 */
export const requestLog = (routeName: string): Middleware => {
  const done = (request: Request) => {
    const scope = scopeOf(request.event);
    logger.info('request', {
      correlationId: correlationIdOf(request.event),
      route: routeName,
      status: request.response?.statusCode,
      durationMs: Math.round(performance.now() - scope.startedAt),
    });
  };
  return { before: (request) => void scopeOf(request.event), after: done, onError: done };
};

/**
 * The one error mapper: domain errors answer with their code, transient DynamoDB faults with 503
 * and Retry-After, and anything else with a bare 500 whose cause is logged, never returned.
 */
export const errorMapper = (): Middleware => ({
  onError: (request) => {
    const lang = scopeOf(request.event).lang;
    const error = request.error;
    if (error instanceof DomainError) {
      request.response = domainErrorResponse(error, lang);
    } else if (isTransientStoreFault(error)) {
      logger.warn('transient store fault', {
        correlationId: correlationIdOf(request.event),
        errorName: error?.name,
      });
      request.response = domainErrorResponse(unavailable(1), lang);
    } else {
      logger.error('unexpected error', {
        correlationId: correlationIdOf(request.event),
        errorName: error?.name,
        stack: error?.stack,
      });
      request.response = internalErrorResponse(lang);
    }
  },
});

export const authorization = (access: RouteDef['access']): Middleware => ({
  before: (request) => {
    scopeOf(request.event).principal = authorize(access, request.event);
  },
});

/**
 * Every path id is checked against the shape its parameter names (shared/domain/ids.ts) before
 * anything reads it: an id the service could not have made names nothing, so 404, and an
 * over-long one never reaches DynamoDB's key limit. The parameters are read from the route's path
 * template once, when the handler is built.
 */
export const pathIds = (path: string): Middleware => {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  const unknown = names.filter((name) => !isPathIdName(name));
  if (unknown.length)
    throw new Error(`${path}: no id shape for ${unknown.join(', ')} in shared/domain/ids.ts`);
  return {
    before: (request) => {
      if (!names.length) return;
      const params = request.event.pathParameters ?? {};
      for (const name of names as PathIdName[]) {
        const value = params[name];
        if (typeof value !== 'string' || !isIdShaped(name, value)) throw notFound();
      }
    },
  };
};

const byteLength = (event: HttpEvent): number => {
  if (!event.body) return 0;
  return event.isBase64Encoded
    ? Math.floor((event.body.length * 3) / 4)
    : Buffer.byteLength(event.body, 'utf8');
};

/** 413 before any parsing: a huge body must not cost a JSON parse. */
export const bodyLimit = (maxBytes: number): Middleware => ({
  before: (request) => {
    if (byteLength(request.event) > maxBytes) {
      throw new DomainError('PAYLOAD_TOO_LARGE', messages.PAYLOAD_TOO_LARGE, [
        { message: `the body may hold at most ${maxBytes} bytes` },
      ]);
    }
  },
});

/** An issue as Standard Schema reports it; zod's carry their `code` as well. */
interface SchemaIssue {
  message: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> | undefined;
}

const issuesOf = (issues: readonly SchemaIssue[], prefix: string) =>
  issues.map((issue) => ({
    path: [prefix, ...(issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p))].join('.'),
    code: (issue as z.core.$ZodIssue).code,
    message: issue.message,
  }));

/**
 * Through the Standard Schema interface every zod schema carries, so this module imports nothing of
 * zod at run time and a route without schemas bundles none of it. Request schemas are synchronous.
 */
const parseWith = <S extends z.core.$ZodType>(schema: S, value: unknown, prefix: string): z.output<S> => {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) throw new Error('Request schemas must be synchronous');
  if (result.issues) throw validationFailed(issuesOf(result.issues, prefix));
  return result.value as z.output<S>;
};

/** `application/json` or any `+json` type, with any parameters (`; charset=utf-8`). */
const jsonMediaType = /^application\/(?:[\w.!#$&^-]+\+)?json\s*(?:;.*)?$/i;

/**
 * A body is read as JSON only when it says it is JSON: text, a form, XML or bytes that happen to
 * parse must not be taken for a request the client never meant to send (415).
 */
const requireJson = (event: HttpEvent, headers: RequestScope['headers']) => {
  if (!event.body) return;
  const contentType = headers['content-type'];
  if (contentType !== undefined && jsonMediaType.test(contentType.trim())) return;
  throw new DomainError('UNSUPPORTED_MEDIA_TYPE', messages.UNSUPPORTED_MEDIA_TYPE, [
    {
      path: 'header.content-type',
      code: 'unsupported_media_type',
      message: 'send the body as application/json',
    },
  ]);
};

/** JSON, then zod: body, query string and declared headers. Unknown body fields are rejected. */
export const requestParser = (route: RouteDef): Middleware => ({
  before: (request) => {
    const { event } = request;
    const scope = scopeOf(event);
    if (route.body && route.bodyOptional && !event.body) {
      scope.body = parseWith(route.body, {}, 'body');
    } else if (route.body) {
      requireJson(event, scope.headers);
      let raw: unknown;
      try {
        const text = event.isBase64Encoded
          ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
          : event.body;
        raw = JSON.parse(text ?? '');
      } catch {
        throw validationFailed([
          { path: 'body', code: 'invalid_json', message: 'the body must be a JSON object' },
        ]);
      }
      scope.body = parseWith(route.body, raw, 'body');
    }
    if (route.query) scope.query = parseWith(route.query, event.queryStringParameters ?? {}, 'query');
    for (const [name, schema] of Object.entries(route.headers ?? {})) {
      const value = scope.headers[name];
      if (value !== undefined) scope.headers[name] = String(parseWith(schema, value, `header.${name}`));
    }
  },
});
