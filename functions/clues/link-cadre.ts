/** POST /clues/{clueId}/cadre: link a registered cadre; allegations older than the post are marked. */

import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { isOpen, markTenure } from '../../shared/domain/clue.ts';
import { DomainError, notFound, versionConflict } from '../../shared/domain/errors.ts';
import { domainEvent } from '../../shared/domain/events.ts';
import { actingRole, actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { cadreStore } from '../../shared/store/cadres.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { loadClueDetail } from '../../shared/views/clue.ts';

export const linkCadre = (services: Services) => {
  const clues = clueStore(services);
  const cadres = cadreStore(services);
  const reports = reportStore(services);
  return httpHandler(cluesRoutes.linkCadre, async ({ body, params, principal }) => {
    const cadre = await cadres.get(body.cadreId);
    if (!cadre) throw notFound({ zh: '未找到该干部', en: 'No such cadre' });
    const actor = actorOf(principal);
    const clue = await clues.mutate(
      params.clueId,
      (stored) => {
        if (stored.clue.version !== body.expectedVersion) throw versionConflict(stored.clue.version);
        if (!isOpen(stored.clue.status)) {
          throw new DomainError('INVALID_TRANSITION', {
            zh: '已办结的线索不能再关联干部',
            en: 'A finished clue cannot be linked',
          });
        }
        const allegations = markTenure(stored.clue.allegations, stored.clue.accused, cadre);
        const count = (list: typeof allegations) => list.filter((a) => a.predatesTenure).length;
        const now = services.now();
        return {
          clue: { ...stored.clue, version: stored.clue.version + 1, cadreId: cadre.cadreId, allegations },
          alertedDeadline: stored.alertedDeadline,
          facts: {
            at: now.toISOString(),
            actor: actor.userId,
            role: actingRole(actor, ['intake', 'approver']),
            action: 'link-cadre',
            details: { cadreId: cadre.cadreId, predatesTenure: count(allegations) },
          },
          events: [
            domainEvent(
              'ClueTenureMarked',
              { clueId: stored.clue.clueId, delta: count(allegations) - count(stored.clue.allegations) },
              now.toISOString(),
            ),
          ],
        };
      },
      { now: services.now, auditPepper: (await services.peppers()).audit },
    );
    const deps = { reports, db: services.db, tableName: services.config.TABLE_NAME };
    return { status: 200, body: await loadClueDetail(deps, clue, services.now()) };
  });
};

export const handler = linkCadre(createServices());
