/** GET /health: liveness. Deliberately touches nothing, so it answers even when DynamoDB does not. */
import * as systemRoutes from '../../infra/routes/system.ts';
import { httpHandler } from '../../shared/http/handler.ts';

export const handler = httpHandler(systemRoutes.health, async () => ({
  status: 200,
  body: { status: 'ok' },
}));
