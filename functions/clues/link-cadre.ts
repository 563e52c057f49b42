/** POST /clues/{clueId}/cadre: link a registered cadre; allegations older than the post are marked. */

import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { decideCadreLink } from '../../shared/domain/clue-decisions.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
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
  const deps = { reports: reportStore(services), db: services.db, tableName: services.config.TABLE_NAME };

  return httpHandler(cluesRoutes.linkCadre, async ({ body, params, principal }) => {
    const cadre = await cadres.existingFor(principal, body.cadreId);
    const actor = actorOf(principal);
    const role = actingRole(actor, ['intake', 'approver']);
    const stored = await clues.existingFor(principal, params.clueId as string);
    assertNoConflict(actor.userId, stored); // 回避
    const { clue } = await clues.update(
      stored,
      (latest) =>
        decideCadreLink(
          latest.clue,
          { cadre, expectedVersion: body.expectedVersion },
          { actor, role, now: services.now() },
        ),
      (await services.peppers()).audit,
    );
    return { status: 200, body: await loadClueDetail(deps, clue, services.now()) };
  });
};

export const handler = linkCadre(createServices());
