/** POST /clues/{clueId}/reports: merge a further report about the same matter into an open clue. */

import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { alreadyRegistered, mergeReport as merge } from '../../shared/domain/clue.ts';
import { notFound, versionConflict } from '../../shared/domain/errors.ts';
import { domainEvent } from '../../shared/domain/events.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { cadreStore } from '../../shared/store/cadres.ts';
import { ClueWriteConflict, clueStore } from '../../shared/store/clues.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { loadClueDetail } from '../../shared/views/clue.ts';

export const mergeReport = (services: Services) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  const cadres = cadreStore(services);

  return httpHandler(cluesRoutes.mergeReport, async ({ body, params, principal }) => {
    const report = await reports.get(body.reportId);
    if (!report) throw notFound({ zh: '未找到该举报', en: 'No such report' });
    if (report.status !== 'UNREGISTERED') throw alreadyRegistered([report.reportId]);
    const actor = actorOf(principal);
    const clueId = params.clueId;
    try {
      const clue = await clues.mutate(
        clueId,
        async (stored) => {
          if (stored.clue.version !== body.expectedVersion) throw versionConflict(stored.clue.version);
          const now = services.now();
          const cadre = stored.clue.cadreId ? await cadres.get(stored.clue.cadreId) : undefined;
          const merged = merge(stored.clue, report, now, cadre);
          const added = merged.allegations.slice(stored.clue.allegations.length);
          return {
            clue: merged,
            alertedDeadline: stored.alertedDeadline,
            facts: {
              at: now.toISOString(),
              actor: actor.userId,
              role: 'intake',
              action: 'merge-report',
              fromStatus: stored.clue.status,
              toStatus: merged.status,
              details: { reportId: report.reportId },
            },
            events: [
              domainEvent(
                'ClueTenureMarked',
                { clueId, delta: added.filter((a) => a.predatesTenure).length },
                now.toISOString(),
              ),
            ],
            extra: [reports.registration(report.reportId, clueId, now.toISOString())],
          };
        },
        { now: services.now, auditPepper: (await services.peppers()).audit },
      );
      const deps = { reports, db: services.db, tableName: services.config.TABLE_NAME };
      return { status: 200, body: await loadClueDetail(deps, clue, services.now()) };
    } catch (error) {
      // Lost a race: another registration or merge took the report first.
      if (error instanceof ClueWriteConflict && error.part === 'extra')
        throw alreadyRegistered([report.reportId]);
      throw error;
    }
  });
};

export const handler = mergeReport(createServices());
