/** GET /.well-known/notice-keys: the JWKS that verifies notices, for anyone, offline. */
import * as noticesRoutes from '../../shared/contract/routes/notices.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices } from '../../shared/services.ts';

const signer = createServices().signer();

export const handler = httpHandler(noticesRoutes.noticeKeys, async () => ({
  status: 200,
  body: { keys: await signer.jwks() },
  headers: { 'cache-control': 'public, max-age=3600' },
}));
