import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { RouteDef } from '../../shared/contract/routes.ts';
import { DomainError, messages, statusOf } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { isTransientStoreFault } from '../../shared/store/faults.ts';
import { httpEvent, invoke } from '../support/events.ts';

const route = (access: RouteDef['access'] = 'public'): RouteDef => ({
  method: 'POST',
  path: '/things',
  entry: 'none',
  access,
  summary: 'test',
  body: z.strictObject({ n: z.number() }),
  uses: {},
  responses: { 200: 'Health' },
});

const throwing = (error: unknown, access?: RouteDef['access']) =>
  httpHandler(route(access), async () => {
    throw error;
  });

const call = (
  handler: ReturnType<typeof throwing>,
  body: unknown = { n: 1 },
  headers: Record<string, string> = {},
) => invoke(handler as never, httpEvent({ method: 'POST', path: '/things', body, headers }));

describe('the error mapper', () => {
  it.each(Object.entries(statusOf))('answers %s with HTTP %i and the code', async (code, status) => {
    const response = await call(throwing(new DomainError(code as never, messages.NOT_FOUND)));
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
  });

  it('adds Retry-After for 429 and 503', async () => {
    const response = await call(
      throwing(new DomainError('RATE_LIMITED', messages.RATE_LIMITED, undefined, 42)),
    );
    expect(response.headers['retry-after']).toBe('42');
  });

  it('turns DynamoDB throttling into 503 UNAVAILABLE', async () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    const response = await call(throwing(throttled));
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('UNAVAILABLE');
    expect(response.headers['retry-after']).toBeDefined();
  });

  it('turns anything else into a bare 500 that reveals nothing', async () => {
    const response = await call(throwing(new Error('table zhengming-secret at 10.0.0.1')));
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: { code: 'INTERNAL', message: messages.INTERNAL.zh } });
  });

  it('validates before the handler runs, with a path for each problem', async () => {
    let ran = false;
    const handler = httpHandler(route(), async () => {
      ran = true;
      return { status: 200, body: { status: 'ok' } };
    });
    const response = await call(handler as never, { n: 'one', extra: true });
    expect(ran).toBe(false);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body',
      'body.n',
    ]);
  });

  it('refuses a caller without the route role before parsing', async () => {
    const response = await call(throwing(new Error('must not run'), ['approver']), 'not even json');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('transient store faults', () => {
  it.each([
    [{ name: 'ProvisionedThroughputExceededException' }, true],
    [{ name: 'ThrottlingException' }, true],
    [{ name: 'InternalServerError' }, true],
    [{ name: 'Error', code: 'ECONNREFUSED' }, true],
    [
      {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
      },
      true,
    ],
    [
      { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }] },
      false,
    ],
    [{ name: 'ValidationException', $metadata: { httpStatusCode: 400 } }, false],
    [{ name: 'TypeError' }, false],
  ])('classifies %j as transient: %s', (error, transient) => {
    expect(isTransientStoreFault(error)).toBe(transient);
  });
});
