/** POST /notices/verify: is this notice, as given, one we signed? */
import * as noticesRoutes from '../../shared/contract/routes/notices.ts';
import { verifyNotice } from '../../shared/domain/notice.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices } from '../../shared/services.ts';

const signer = createServices().signer();

export const handler = httpHandler(noticesRoutes.verifyNotice, async ({ body }) => ({
  status: 200,
  body: { valid: verifyNotice(body.notice, await signer.jwks()) },
}));
