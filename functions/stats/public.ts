/**
 * GET /stats/public: aggregate figures only, never anything about a person or a case. Of one
 * commission with everything below it (`commissionId`; unknown → 404), or of the whole deployment.
 */
import * as statsRoutes from '../../shared/contract/routes/stats.ts';
import { singleCommissionId } from '../../shared/domain/commission.ts';
import { summarise } from '../../shared/domain/stats.ts';
import { addCounters, publicTargets } from '../../shared/domain/stats-scope.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { readCountersOf, statsScope } from '../../shared/store/stats.ts';

export const publicStats = (services: Services) => {
  const scope = statsScope(services);
  return httpHandler(statsRoutes.publicStats, async ({ query }) => {
    const { commission, all } = await scope.publicly(query.commissionId);
    const targets = publicTargets(query.commissionId, all, singleCommissionId);
    const counters = addCounters(...(await readCountersOf(services.db, services.config.TABLE_NAME, targets)));
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
        ...(commission ? { commission } : {}),
      },
      headers: { 'cache-control': 'public, max-age=60' },
    };
  });
};

export const handler = publicStats(createServices());
