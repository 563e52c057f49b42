/** GET /clues/{clueId}: the clue with its reports, allegations, history and deadlines. */
import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { audited } from '../../shared/store/read-records.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { loadClueDetail } from '../../shared/views/clue.ts';

export const getClue = (services: Services) => {
  const clues = clueStore(services);
  const deps = { reports: reportStore(services), db: services.db, tableName: services.config.TABLE_NAME };
  return httpHandler(audited(cluesRoutes.getClue, services), async ({ params, principal }) => {
    const stored = await clues.existingFor(principal, params.clueId as string);
    assertNoConflict(principal.userId, stored); // 回避: 403 CONFLICT_OF_INTEREST
    return { status: 200, body: await loadClueDetail(deps, stored.clue, services.now()) };
  });
};

export const handler = getClue(createServices());
