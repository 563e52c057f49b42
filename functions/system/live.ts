/**
 * GET /health/live: liveness. Deliberately touches nothing, so it answers even when DynamoDB does
 * not; the benchmarks use it as the handler that costs nothing.
 */
import * as systemRoutes from '../../shared/contract/routes/system.ts';
import { httpHandler } from '../../shared/http/handler.ts';

export const handler = httpHandler(systemRoutes.live, async () => ({
  status: 200,
  body: { status: 'ok' },
}));
