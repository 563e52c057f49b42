/**
 * GET /health: readiness. 200 only when the table answers (a cached one-second probe); otherwise
 * 503 UNAVAILABLE with Retry-After, so a monitor sees a dead or stalled database.
 */
import * as systemRoutes from '../../shared/contract/routes/system.ts';
import { unavailable } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { cachedProbe, tableReachable } from '../../shared/store/health.ts';

export const health = (services: Services) => {
  const ready = cachedProbe(() => tableReachable(services.db, services.config.TABLE_NAME));
  return httpHandler(systemRoutes.health, async () => {
    if (!(await ready())) throw unavailable(1);
    return { status: 200, body: { status: 'ok' } };
  });
};

export const handler = health(createServices());
