/**
 * POST /clues/{clueId}/recusals/{recusalId}/lift: 解除回避. An approver not barred from the clue
 * lifts a recusal with a reason; the member may then be assigned and act again. The recusal moves
 * to its lifted key (kept, with who lifted it, when and why), the audit entry and the alert commit
 * in one transaction with the clue. The reason goes on the audit trail and the recusal only.
 */
import * as recusalsRoutes from '../../shared/contract/routes/recusals.ts';
import { decideRecusalLift, recusalRefusals } from '../../shared/domain/recusal.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { recusalLift, recusalStore } from '../../shared/store/recusals.ts';

export const liftRecusal = (services: Services) => {
  const clues = clueStore(services);
  const recusals = recusalStore(services);
  const tableName = services.config.TABLE_NAME;

  return httpHandler(recusalsRoutes.liftRecusal, async ({ body, params, principal }) => {
    const acting = { actor: actorOf(principal), now: services.now() };
    const stored = await clues.existingFor(principal, params.clueId);
    // An approver related to the clue's cadre decides nothing about who handles it either.
    const relations = await recusals.relationsOf(stored.clue.cadreId, [principal.userId]);
    let answer: ReturnType<typeof decideRecusalLift>['lifted'] | undefined;
    await clues.update(
      stored,
      (latest) => {
        const conflicts = { recusals: [...latest.recusals, ...latest.liftedRecusals], relations };
        const input = { recusalId: params.recusalId, reason: body.reason };
        const { recusal, lifted, ...decision } = decideRecusalLift(latest.clue, conflicts, input, acting);
        answer = lifted;
        const { released, kept } = recusalLift(tableName, recusal, lifted);
        const refused = recusalRefusals.alreadyLifted;
        return {
          ...decision,
          also: { recusal: { item: released, refused }, liftedRecusal: { item: kept, refused } },
        };
      },
      (await services.peppers()).audit,
    );
    return { status: 200, body: answer as NonNullable<typeof answer> };
  });
};

export const handler = liftRecusal(createServices());
