/**
 * `httpHandler(route, handle)`: a Lambda handler for one entry of the route table. The middy stack
 * (shared/http/middleware.ts) authorises, limits, parses and maps errors; `handle` gets typed input
 * and returns a status and body. Its DynamoDB calls end before the function must answer
 * (store/call-budget.ts), and a write left unanswered is reported as such, never as a failure.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { RouteDef } from '../contract/routes/route-def.ts';
import { DomainError, outcomeUnknown } from '../domain/errors.ts';
import type { RawResponseName, ResponseBody } from '../schemas/responses/index.ts';
import { withCallBudget, writeOutcomeUnknown } from '../store/call-budget.ts';
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
import { type RecordRead, readAuditOf } from './read-audit.ts';
import { json, type Language } from './response.ts';

/** 16 KiB unless the route says otherwise: most requests are small. */
const defaultMaxBodyBytes = 16 * 1024;

type Parsed<S> = S extends z.core.$ZodType ? z.output<S> : undefined;

/** The parameter names in a path template: `'/clues/{clueId}/reports/{reportId}'` → `'clueId' | 'reportId'`. */
export type PathParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParamNames<Rest>
  : never;

/**
 * The route's path parameters, each present and id-shaped: the pathIds middleware answers 404
 * before the handler runs otherwise.
 */
export type PathParams<P extends string> = { [Name in PathParamNames<P>]: string };

export interface HttpRequest<R extends RouteDef> {
  body: Parsed<R['body']>;
  query: Parsed<R['query']>;
  params: PathParams<R['path']>;
  headers: Record<string, string | undefined>;
  principal: R['access'] extends 'public' ? undefined : Principal;
  sourceIp: string;
  requestId: string;
  lang: Language;
}

/**
 * What a handler may answer: one of its route's declared statuses with the body that status's
 * response schema describes (`responses: { 201: 'Clearance' }`), so a body of the wrong shape fails
 * to compile. Types only: no Lambda builds a response schema. The statuses are taken with
 * `Extract<…, number>` rather than `keyof … & number` because TypeScript keeps a returned `200` as
 * the literal only when the expected type is a type variable, not an intersection.
 */
export type HttpResult<R extends RouteDef = RouteDef> = {
  [Status in Extract<keyof R['responses'], number>]:
    | { status: Status; body: ResponseBody<R['responses'][Status]>; headers?: Record<string, string> }
    /** A body that is not JSON (a CSV export), where the response declares that media type. */
    | (R['responses'][Status] extends RawResponseName
        ? { status: Status; raw: string; headers: Record<string, string> }
        : never);
}[Extract<keyof R['responses'], number>];

/** Time kept back from the function's timeout to answer after the store has given up. */
const answerMarginMs = 1_000;

/** How long the store may take: the function's remaining time less the margin to answer in. */
const storeBudgetOf = (context: Context | undefined): number | undefined => {
  const remaining = context?.getRemainingTimeInMillis?.();
  if (remaining === undefined) return undefined;
  return remaining - Math.min(answerMarginMs, remaining / 2);
};

/**
 * Runs before the error mapper: an error (an abort, a reset connection, the early timeout) that
 * leaves one of the request's writes unanswered means the write may have been applied, so the
 * client hears OUTCOME_UNKNOWN, which tells it to repeat the request with the same
 * Idempotency-Key, rather than a plain "unavailable" that reads as "nothing happened".
 */
const unknownWriteOutcome = (): middy.MiddlewareObj<HttpEvent, HttpResponse, Error, Context> => ({
  onError: (request) => {
    if (!(request.error instanceof DomainError) && writeOutcomeUnknown()) request.error = outcomeUnknown(1);
  },
});

export const httpHandler = <R extends RouteDef>(
  /** An audited route comes with its recorder of reads, `audited(route, services)` (shared/store/read-records.ts). */
  route: R,
  handle: (request: HttpRequest<R>) => Promise<HttpResult<R>>,
) => {
  const auditRead = readAuditOf(route, (route as { recordRead?: RecordRead }).recordRead);
  const lambda = middy<HttpEvent, HttpResponse, Error, Context>()
    .use(requestLog(`${route.method} ${route.path}`))
    .use(errorMapper())
    .use(unknownWriteOutcome())
    .use(authorization(route.access))
    .use(pathIds(route.path))
    .use(bodyLimit(route.maxBodyBytes ?? defaultMaxBodyBytes))
    .use(requestParser(route))
    .handler(async (event) => {
      const scope = scopeOf(event);
      const result = await handle({
        body: scope.body as Parsed<R['body']>,
        query: scope.query as Parsed<R['query']>,
        params: (event.pathParameters ?? {}) as PathParams<R['path']>,
        headers: scope.headers,
        principal: scope.principal as HttpRequest<R>['principal'],
        sourceIp: event.requestContext.http.sourceIp,
        requestId: event.requestContext.requestId,
        lang: scope.lang,
      });
      if (auditRead && result.status < 300 && scope.principal) {
        await auditRead({
          principal: scope.principal,
          params: event.pathParameters ?? {},
          path: event.rawPath,
        });
      }
      if ('raw' in result) {
        return {
          statusCode: result.status,
          headers: { 'cache-control': 'no-store', ...result.headers },
          body: result.raw,
        };
      }
      return json(result.status, result.body, result.headers);
    });
  return (event: HttpEvent, context: Context): Promise<HttpResponse> =>
    withCallBudget(storeBudgetOf(context), () => lambda(event, context));
};
