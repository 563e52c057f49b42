/** Minimal API Gateway HTTP API v2 events, for invoking a handler directly (fault injection). */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lambdaContext } from '../../infra/local/http-api-event.ts';

export const httpEvent = (input: {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  sourceIp?: string;
}): APIGatewayProxyEventV2WithJWTAuthorizer =>
  ({
    version: '2.0',
    routeKey: `${input.method} ${input.path}`,
    rawPath: input.path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...input.headers },
    requestContext: {
      requestId: randomUUID(),
      routeKey: `${input.method} ${input.path}`,
      http: {
        method: input.method,
        path: input.path,
        protocol: 'HTTP/1.1',
        sourceIp: input.sourceIp ?? '192.0.2.1',
        userAgent: 'test',
      },
      stage: '$default',
      timeEpoch: Date.now(),
    },
    ...(input.body !== undefined ? { body: JSON.stringify(input.body) } : {}),
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: ReturnType<typeof lambdaContext>,
) => Promise<unknown>;

export const invoke = async (handler: Handler, event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
  const result = (await handler(event, lambdaContext('test', 10))) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: JSON.parse(result.body ?? 'null'),
  };
};
