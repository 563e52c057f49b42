/**
 * A handler's answer is typed by its route: the body must be what the route's declared response
 * schema describes, at a status the route declares, raw only where the response has another
 * media type; the path parameters are the names in the path template. The `@ts-expect-error`
 * lines are the test: `npm run typecheck` fails if any of them compiles (TS2578, an unused
 * directive), which is what happens if `HttpResult` or `HttpRequest['params']` loosens again.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import type * as flagsRoutes from '../../shared/contract/routes/flags.ts';
import * as noticesRoutes from '../../shared/contract/routes/notices.ts';
import { newId } from '../../shared/domain/ids.ts';
import { type HttpRequest, type HttpResult, httpHandler } from '../../shared/http/handler.ts';
import { type ResponseBody, responseSchemas } from '../../shared/schemas/responses/index.ts';
import { httpEvent, invoke } from '../support/events.ts';

type NoticeAnswer = HttpResult<typeof noticesRoutes.getNotice>;

const notice = (noticeId: string): ResponseBody<'Notice'> => ({
  noticeId,
  publishedAt: '2026-01-05T00:00:00.000Z',
  issuer: '某县纪委监委',
  method: 'PUBLIC_NOTICE',
  public: true,
  cadre: { name: '张三', position: '局长', organization: '某县财政局' },
  clearedAllegations: [{ summary: '收受礼金' }],
  text: '经核查，反映张三同志收受礼金的问题不属实，予以澄清正名。',
  translations: { en: 'The allegation was found untrue; the commission clears the cadre.' },
  signature: { alg: 'ES256', keyId: 'k1', value: 'c2ln' },
});

type Params<R extends Parameters<typeof httpHandler>[0]> = HttpRequest<R>['params'];

describe('typed handlers', () => {
  it('answer only what the route declares, as its response schema would accept', () => {
    const right: NoticeAnswer = { status: 200, body: notice('ntc_x') };
    // @ts-expect-error GET /notices/{noticeId} answers a Notice, not a verification result
    const wrongBody: NoticeAnswer = { status: 200, body: { valid: true } };
    // @ts-expect-error a Notice without its signature is not a Notice
    const unsigned: NoticeAnswer = { status: 200, body: { ...notice('ntc_x'), signature: undefined } };
    // @ts-expect-error the route declares 200 only
    const undeclared: NoticeAnswer = { status: 201, body: notice('ntc_x') };
    // @ts-expect-error a notice is JSON only: no raw body
    const raw: NoticeAnswer = { status: 200, raw: 'a,b', headers: { 'content-type': 'text/csv' } };
    // The flag export also declares text/csv, so its handler may answer raw.
    const csv: HttpResult<typeof flagsRoutes.exportFlags> = {
      status: 200,
      raw: 'reporterRef,level',
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    };
    // Through httpHandler itself, not only the type it uses.
    // @ts-expect-error the handler's return is checked against the route's response
    httpHandler(noticesRoutes.getNotice, async () => ({ status: 200, body: { valid: true } }));

    // The compiler and the schema the OpenAPI document publishes agree.
    const accepts = (body: unknown) => responseSchemas.Notice.safeParse(body).success;
    expect(accepts(right.body)).toBe(true);
    expect(accepts(wrongBody.body)).toBe(false);
    expect(accepts(unsigned.body)).toBe(false);
    expect([undeclared.status, raw.status, csv.status]).toEqual([201, 200, 200]);
  });

  it('take their path parameters from the path template', () => {
    expectTypeOf<Params<typeof cluesRoutes.revealReporter>>().toEqualTypeOf<{
      clueId: string;
      reportId: string;
    }>();
    expectTypeOf<Params<typeof cluesRoutes.getClue>>().toEqualTypeOf<{ clueId: string }>();
    expectTypeOf<Params<typeof flagsRoutes.listFlags>>().toEqualTypeOf<Record<never, string>>();
  });

  let seen: unknown;
  const echo = httpHandler(noticesRoutes.getNotice, async ({ params }) => {
    seen = params;
    return { status: 200, body: notice(params.noticeId) };
  });
  const get = (noticeId: string) =>
    invoke(echo, {
      ...httpEvent({ method: 'GET', path: `/notices/${noticeId}` }),
      pathParameters: { noticeId },
    });

  it('hand the handler the path parameter its template names', async () => {
    const noticeId = newId('ntc');
    const response = await get(noticeId);
    expect(response.status).toBe(200);
    expect(seen).toEqual({ noticeId });
    expect(response.body.noticeId).toBe(noticeId);
  });

  it('never run the handler for a path parameter of the wrong shape', async () => {
    seen = undefined;
    const response = await get('not-a-notice-id');
    expect(response.status).toBe(404);
    expect(seen).toBeUndefined();
  });
});
