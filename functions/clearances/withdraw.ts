/**
 * POST /clearances/{clearanceId}/withdraw: end a clearance that has not been published, by the
 * clue's investigator or an approver; its allegations may then be cleared again.
 */

import * as clearancesRoutes from '../../shared/contract/routes/clearances.ts';
import { decideWithdrawal } from '../../shared/domain/clearance-steps.ts';
import { commissionOf } from '../../shared/domain/commission.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore } from '../../shared/store/clearances.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { clearanceSettingsOf } from '../../shared/store/commissions.ts';
import { clearanceView } from '../../shared/views/clearance.ts';

export const withdrawClearance = (services: Services) => {
  const clearances = clearanceStore(services);
  const clues = clueStore(services);
  return httpHandler(clearancesRoutes.withdrawClearance, async ({ body, params, principal }) => {
    const stored = await clearances.getFor(principal, params.clearanceId);
    const clue = await clues.load(stored.clearance.clueId);
    if (clue) assertNoConflict(principal.userId, clue); // 回避
    const decision = decideWithdrawal(stored, {
      reason: body.reason,
      actor: actorOf(principal),
      investigator: clue?.clue.assignee,
      now: services.now(),
    });
    const after = await clearances.commit({ before: stored, decision });
    const settings = await clearanceSettingsOf(services, commissionOf(after.clearance));
    return { status: 200, body: clearanceView(after, settings) };
  });
};

export const handler = withdrawClearance(createServices());
