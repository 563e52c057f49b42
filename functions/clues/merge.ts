/** POST /clues/{clueId}/reports: merge a further report about the same matter into an open clue. */

import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { alreadyRegistered } from '../../shared/domain/clue.ts';
import { decideMerge } from '../../shared/domain/clue-decisions.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { cadreStore } from '../../shared/store/cadres.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { loadClueDetail } from '../../shared/views/clue.ts';

export const mergeReport = (services: Services) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  const cadres = cadreStore(services);
  const deps = { reports, db: services.db, tableName: services.config.TABLE_NAME };

  return httpHandler(cluesRoutes.mergeReport, async ({ body, params, principal }) => {
    const report = await reports.getFor(principal, body.reportId);
    if (!report) throw notFound({ zh: '未找到该举报', en: 'No such report' });
    if (report.status !== 'UNREGISTERED') throw alreadyRegistered([report.reportId]);
    const actor = actorOf(principal);
    const stored = await clues.existingFor(principal, params.clueId as string);
    assertNoConflict(actor.userId, stored); // 回避
    // The cadre of the clue at the expected version: any other version is refused.
    const cadre = stored.clue.cadreId ? await cadres.get(stored.clue.cadreId) : undefined;
    const input = { report, cadre, expectedVersion: body.expectedVersion };
    const { clue } = await clues.update(
      stored,
      (latest) => decideMerge(latest.clue, input, { actor, role: 'intake', now: services.now() }),
      (await services.peppers()).audit,
    );
    return { status: 200, body: await loadClueDetail(deps, clue, services.now()) };
  });
};

export const handler = mergeReport(createServices());
