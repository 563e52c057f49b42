/** GET /stats/public: aggregate figures only, never anything about a person or a case. */
import * as statsRoutes from '../../shared/contract/routes/stats.ts';
import { summarise } from '../../shared/domain/stats.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { readCounters } from '../../shared/store/stats.ts';

export const publicStats = (services: Services) =>
  httpHandler(statsRoutes.publicStats, async () => {
    const counters = await readCounters(services.db, services.config.TABLE_NAME);
    const summary = summarise(counters);
    return {
      status: 200,
      body: {
        reportsReceived: summary.reportsReceived,
        reportsByMonth: summary.reportsByMonth,
        reportsByChannel: summary.byChannel,
        cluesConcludedByFinding: summary.byFinding,
        noticesPublished: counters.noticesPublished ?? 0,
        ...(summary.daysToConclude.median !== undefined
          ? { medianDaysToConclude: summary.daysToConclude.median }
          : {}),
      },
      headers: { 'cache-control': 'public, max-age=60' },
    };
  });

export const handler = publicStats(createServices());
