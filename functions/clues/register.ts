/** POST /clues: register (受理) unregistered reports as a new clue, and suggest open clues to merge. */

import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { alreadyRegistered, registerClue as newClue } from '../../shared/domain/clue.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { domainEvent } from '../../shared/domain/events.ts';
import { newId } from '../../shared/domain/ids.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { cadreStore } from '../../shared/store/cadres.ts';
import { ClueWriteConflict, clueStore } from '../../shared/store/clues.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { clueDetail } from '../../shared/views/clue.ts';

export const registerClue = (services: Services) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  const cadres = cadreStore(services);

  return httpHandler(cluesRoutes.registerClue, async ({ body, principal }) => {
    const reportIds = [...new Set(body.reportIds)];
    const found = await reports.getMany(reportIds);
    const missing = reportIds.filter((id) => !found.some((r) => r.reportId === id));
    if (missing.length)
      throw notFound({
        zh: `未找到举报：${missing.join('、')}`,
        en: `No such report: ${missing.join(', ')}`,
      });
    const taken = found.filter((r) => r.status !== 'UNREGISTERED').map((r) => r.reportId);
    if (taken.length) throw alreadyRegistered(taken);
    const cadre = body.cadreId ? await cadres.get(body.cadreId) : undefined;
    if (body.cadreId && !cadre) throw notFound({ zh: '未找到该干部', en: 'No such cadre' });

    const now = services.now();
    const byId = new Map(found.map((r) => [r.reportId, r]));
    const ordered = reportIds.flatMap((id) => byId.get(id) ?? []);
    const actor = actorOf(principal);
    const clue = newClue({
      clueId: newId('clu'),
      reports: ordered,
      actor,
      now,
      policy: services.deadlines,
      cadre,
    });
    const at = now.toISOString();
    const entry = await clues
      .commit({
        clue,
        facts: {
          at,
          actor: actor.userId,
          role: 'intake',
          action: 'register',
          toStatus: 'REGISTERED',
          details: { reportIds },
        },
        events: [
          domainEvent(
            'ClueRegistered',
            {
              clueId: clue.clueId,
              reportIds,
              predatesTenure: clue.allegations.filter((a) => a.predatesTenure).length,
            },
            at,
          ),
        ],
        extra: reportIds.map((id) => reports.registration(id, clue.clueId, at)),
        now,
        auditPepper: (await services.peppers()).audit,
      })
      .catch((error: unknown) => {
        // Lost a race: another registration or merge took one of the reports first.
        if (error instanceof ClueWriteConflict && error.part === 'extra') {
          throw alreadyRegistered([reportIds[error.extraIndex ?? 0] as string]);
        }
        throw error;
      });

    const similar = await clues.openCluesAbout(clue.accused);
    const similarOpenClues = similar.items
      .filter((c) => c.clue.clueId !== clue.clueId)
      .map((c) => ({ clueId: c.clue.clueId, status: c.clue.status, registeredAt: c.clue.registeredAt }));
    const registered = ordered.map((r) => ({ ...r, acceptedAt: at }));
    return {
      status: 201,
      body: { ...clueDetail(clue, registered, [entry], now), similarOpenClues },
    };
  });
};

export const handler = registerClue(createServices());
