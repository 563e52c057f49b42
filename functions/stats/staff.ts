/** GET /stats: the counters the relay keeps, plus the overdue count from the deadline index. */
import * as statsRoutes from '../../shared/contract/routes/stats.ts';
import { summarise } from '../../shared/domain/stats.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { countOverdue } from '../../shared/store/deadlines.ts';
import { readCounters } from '../../shared/store/stats.ts';

export const staffStats = (services: Services) =>
  httpHandler(statsRoutes.staffStats, async () => {
    const [counters, overdue] = await Promise.all([
      readCounters(services.db, services.config.TABLE_NAME),
      countOverdue(services.db, services.config.TABLE_NAME, services.now()),
    ]);
    return { status: 200, body: { ...summarise(counters), overdue } };
  });

export const handler = staffStats(createServices());
