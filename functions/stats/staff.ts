/**
 * GET /stats: the counters the relay keeps, plus the overdue count from the deadline index, of the
 * member's own commission, or of one below it (`commissionId`): a superior sees its subordinates'
 * figures, never their cases. Any other commission answers as an unknown one (404).
 */
import * as statsRoutes from '../../shared/contract/routes/stats.ts';
import { summarise } from '../../shared/domain/stats.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { countOverdue } from '../../shared/store/deadlines.ts';
import { readCountersOf, statsScope } from '../../shared/store/stats.ts';

export const staffStats = (services: Services) => {
  const scope = statsScope(services);
  const table = services.config.TABLE_NAME;
  return httpHandler(statsRoutes.staffStats, async ({ query, principal }) => {
    const target = query.commissionId ?? principal.commissionId;
    const { commission } = await scope.readableBy(principal.commissionId, target);
    const [[counters = {}], overdue] = await Promise.all([
      readCountersOf(services.db, table, [{ commissionId: target, part: 'OWN' }]),
      countOverdue(services.db, table, services.now(), target),
    ]);
    return { status: 200, body: { ...summarise(counters), overdue, commission } };
  });
};

export const handler = staffStats(createServices());
