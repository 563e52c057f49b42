/**
 * `httpHandler(route, handle)`: a Lambda handler for one entry of the route table. The middy stack
 * (shared/http/middleware.ts) authorises, limits, parses and maps errors; `handle` gets typed input
 * and returns a status and body.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { RouteDef } from '../../infra/routes/route-def.ts';
import type { Principal } from './auth.ts';
import {
  authorization,
  bodyLimit,
  errorMapper,
  type HttpEvent,
  type HttpResponse,
  pathIds,
  requestLog,
  requestParser,
  scopeOf,
} from './middleware.ts';
import { json, type Language } from './response.ts';

/** 16 KiB unless the route says otherwise: most requests are small. */
const defaultMaxBodyBytes = 16 * 1024;

type Parsed<S> = S extends z.core.$ZodType ? z.output<S> : undefined;

export interface HttpRequest<R extends RouteDef> {
  body: Parsed<R['body']>;
  query: Parsed<R['query']>;
  params: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  principal: R['access'] extends 'public' ? undefined : Principal;
  sourceIp: string;
  requestId: string;
  lang: Language;
}

export type HttpResult =
  | { status: number; body: unknown; headers?: Record<string, string> }
  /** A body that is not JSON (a CSV export); its content type comes with the headers. */
  | { status: number; raw: string; headers: Record<string, string> };

export const httpHandler = <R extends RouteDef>(
  route: R,
  handle: (request: HttpRequest<R>) => Promise<HttpResult>,
) =>
  middy<HttpEvent, HttpResponse, Error, Context>()
    .use(requestLog(`${route.method} ${route.path}`))
    .use(errorMapper())
    .use(authorization(route.access))
    .use(pathIds(route.path))
    .use(bodyLimit(route.maxBodyBytes ?? defaultMaxBodyBytes))
    .use(requestParser(route))
    .handler(async (event) => {
      const scope = scopeOf(event);
      const result = await handle({
        body: scope.body as Parsed<R['body']>,
        query: scope.query as Parsed<R['query']>,
        params: event.pathParameters ?? {},
        headers: scope.headers,
        principal: scope.principal as HttpRequest<R>['principal'],
        sourceIp: event.requestContext.http.sourceIp,
        requestId: event.requestContext.requestId,
        lang: scope.lang,
      });
      if ('raw' in result) {
        return {
          statusCode: result.status,
          headers: { 'cache-control': 'no-store', ...result.headers },
          body: result.raw,
        };
      }
      return json(result.status, result.body, result.headers);
    });
