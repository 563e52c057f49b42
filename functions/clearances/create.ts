/**
 * POST /clues/{clueId}/clearances: propose clearance. The cadre is asked through SNS, by the outbox
 * and the relay, with a one-time consent link; only the token's hash is stored, and the message
 * holding the link is sealed in the outbox until the relay sends it.
 */

import * as clearancesRoutes from '../../shared/contract/routes/clearances.ts';
import { decideProposal } from '../../shared/domain/clearance-steps.ts';
import { commissionOf } from '../../shared/domain/commission.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore, newConsentToken } from '../../shared/store/clearances.ts';
import { accusedHash, clueStore } from '../../shared/store/clues.ts';
import { clearanceSettingsOf } from '../../shared/store/commissions.ts';
import { clearanceView } from '../../shared/views/clearance.ts';

export const createClearance = (services: Services) => {
  const clues = clueStore(services);
  const clearances = clearanceStore(services);

  return httpHandler(clearancesRoutes.createClearance, async ({ body, params, principal }) => {
    const stored = await clues.loadFor(principal, params.clueId);
    if (!stored) throw notFound({ zh: '未找到该线索', en: 'No such clue' });
    assertNoConflict(principal.userId, stored); // 回避
    // The consent request comes from the clue's commission, by name, with a link to its portal.
    const settings = await clearanceSettingsOf(services, commissionOf(stored.clue));
    const decision = decideProposal({
      clue: stored.clue,
      accusedKey: accusedHash(stored.clue.accused),
      request: body,
      actor: actorOf(principal),
      token: newConsentToken(),
      now: services.now(),
      settings,
    });
    const after = await clearances.commit({ decision });
    return { status: 201, body: clearanceView(after, settings) };
  });
};

export const handler = createClearance(createServices());
