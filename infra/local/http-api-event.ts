/**
 * Turns a Node HTTP request into the API Gateway HTTP API (payload format 2.0) event that the
 * Lambda would receive, and matches it against the route table the way API Gateway does.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { RouteDef } from '../../shared/contract/routes.ts';

export interface CompiledRoute<N extends string = string> {
  name: N;
  route: RouteDef;
  pattern: RegExp;
  params: string[];
}

const compile = <N extends string>([name, route]: [N, RouteDef]): CompiledRoute<N> => {
  const params: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
      params.push(param[1] as string);
      return '([^/]+)';
    })
    .join('/');
  return { name, route, pattern: new RegExp(`^${source}$`), params };
};

/**
 * The route table as API Gateway matches it: a literal path wins over a templated one (so
 * /accuser-flags/export is not read as a flagId), then the templates of the request's method.
 * Built once; each request is a map lookup or a few regular expressions of its own method.
 */
export const routeMatcher = <N extends string>(entries: [N, RouteDef][]) => {
  const literal = new Map<string, CompiledRoute<N>>();
  const templated = new Map<string, CompiledRoute<N>[]>();
  for (const entry of entries) {
    const compiled = compile(entry);
    const { method, path } = compiled.route;
    if (compiled.params.length === 0) literal.set(`${method} ${path}`, compiled);
    else templated.set(method, [...(templated.get(method) ?? []), compiled]);
  }
  return (method: string, path: string) => {
    const exact = literal.get(`${method} ${path}`);
    if (exact) return { ...exact, pathParameters: {} as Record<string, string> };
    for (const compiled of templated.get(method) ?? []) {
      const match = compiled.pattern.exec(path);
      if (!match) continue;
      let pathParameters: Record<string, string>;
      try {
        pathParameters = Object.fromEntries(
          compiled.params.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
        );
      } catch {
        return undefined; // a malformed %-escape names no resource: 404, not a crash
      }
      return { ...compiled, pathParameters };
    }
    return undefined;
  };
};

/** API Gateway passes every claim as a string, and flattens arrays to "[a b]". */
export const flattenClaims = (claims: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'string'
          ? value
          : JSON.stringify(value),
    ]),
  );

const isText = (contentType: string | undefined) =>
  !contentType ||
  /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript))|\+json/i.test(contentType);

export const toHttpApiEvent = (input: {
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  routeKey: string;
  pathParameters: Record<string, string>;
  sourceIp: string;
  claims?: Record<string, unknown> | undefined;
}): APIGatewayProxyEventV2WithJWTAuthorizer => {
  const { req, url, body } = input;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie')
      headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const now = new Date();
  const text = isText(headers['content-type']);
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(input.pathParameters).length ? { pathParameters: input.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: input.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: input.routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: flattenClaims(input.claims ?? {}), scopes: [] },
      },
    },
    ...(body.length ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
};

/** The parts of the Lambda context that handlers and middy read. */
export const lambdaContext = (functionName: string, timeoutSeconds: number): Context => {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
