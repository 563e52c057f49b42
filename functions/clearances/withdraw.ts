/**
 * POST /clearances/{clearanceId}/withdraw: end a clearance that has not been published, by the
 * clue's investigator or an approver; its allegations may then be cleared again.
 */

import * as clearancesRoutes from '../../shared/contract/routes/clearances.ts';
import { withdrawClearance as withdraw } from '../../shared/domain/clearance.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { domainEvent } from '../../shared/domain/events.ts';
import { actingRole, actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore } from '../../shared/store/clearances.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { clearanceView } from '../../shared/views/clearance.ts';

export const withdrawClearance = (services: Services) => {
  const clearances = clearanceStore(services);
  const clues = clueStore(services);
  return httpHandler(clearancesRoutes.withdrawClearance, async ({ body, params, principal }) => {
    const stored = await clearances.load(params.clearanceId);
    if (!stored) throw notFound({ zh: '未找到该澄清事项', en: 'No such clearance' });
    const clue = await clues.load(stored.clearance.clueId);
    const actor = actorOf(principal);
    const clearance = withdraw(stored.clearance, body.reason, actor, clue?.clue.assignee);
    const now = services.now();
    await clearances.commit({
      before: stored,
      after: { ...stored, clearance },
      facts: {
        at: now.toISOString(),
        actor: actor.userId,
        role: actingRole(actor, ['investigator', 'approver']),
        action: 'withdraw-clearance',
        reason: body.reason,
        details: { clearanceId: clearance.clearanceId },
      },
      messages: [
        {
          event: domainEvent(
            'ClearanceWithdrawn',
            {
              clearanceId: clearance.clearanceId,
            },
            now.toISOString(),
          ),
        },
      ],
      now,
      auditPepper: (await services.peppers()).audit,
    });
    return { status: 200, body: clearanceView({ ...stored, clearance }, services.config.COMMISSION_NAME) };
  });
};

export const handler = withdrawClearance(createServices());
