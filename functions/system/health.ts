/** GET /health: liveness. Deliberately touches nothing, so it answers even when DynamoDB does not. */
import { routes } from '../../infra/routes.ts';
import { httpHandler } from '../../shared/http/handler.ts';

export const handler = httpHandler(routes.health, async () => ({ status: 200, body: { status: 'ok' } }));
