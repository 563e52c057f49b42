/**
 * GET /stats/subordinates: a superior's table. Each commission directly below the member's own
 * (or below one of its subordinates, `commissionId`) with the figures of its whole subtree, the
 * commission's own figures and the total. Counts only: no case, name or id of a case in it.
 */
import * as statsRoutes from '../../shared/contract/routes/stats.ts';
import { addCounters, headlineOf, subordinatesOf } from '../../shared/domain/stats-scope.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { readCountersOf, statsScope } from '../../shared/store/stats.ts';

export const subordinateStats = (services: Services) => {
  const scope = statsScope(services);
  return httpHandler(statsRoutes.subordinateStats, async ({ query, principal }) => {
    const target = query.commissionId ?? principal.commissionId;
    const { commission, all } = await scope.readableBy(principal.commissionId, target);
    const subordinates = subordinatesOf(target, all);
    // Two counters items a commission (its own, and the sum below it): one BatchGetItem for a city
    // or a province (a province has about 15 cities; 100 keys a call).
    const [own = {}, below = {}, ...theirs] = await readCountersOf(
      services.db,
      services.config.TABLE_NAME,
      [target, ...subordinates.map((c) => c.commissionId)].flatMap((commissionId) => [
        { commissionId, part: 'OWN' as const },
        { commissionId, part: 'BELOW' as const },
      ]),
    );
    const items = subordinates.map((c, i) => ({
      ...scope.describe(c.commissionId, c),
      figures: headlineOf(addCounters(theirs[2 * i] ?? {}, theirs[2 * i + 1] ?? {})),
    }));
    return {
      status: 200,
      body: { commission, own: headlineOf(own), items, total: headlineOf(addCounters(own, below)) },
    };
  });
};

export const handler = subordinateStats(createServices());
