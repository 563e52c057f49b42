/** POST /receipts/verify: is this receipt, as given, one we signed? */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { verifyReceipt } from '../../shared/domain/receipt.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices } from '../../shared/services.ts';

const signer = createServices().signer();

export const handler = httpHandler(reportsRoutes.verifyReceipt, async ({ body }) => ({
  status: 200,
  body: { valid: verifyReceipt(body.receipt, await signer.jwks()) },
}));
