/** GET /openapi.json: the contract, generated from the route table on first request and kept. */
import { routes } from '../../shared/contract/routes.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { buildOpenApi } from '../../shared/http/openapi.ts';

let document: ReturnType<typeof buildOpenApi> | undefined;

export const handler = httpHandler(routes.openapi, async () => {
  document ??= buildOpenApi(routes);
  return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } };
});
