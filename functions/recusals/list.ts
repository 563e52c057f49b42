/**
 * GET /clues/{clueId}/recusals: who stepped aside (回避) and why, and which of them an approver
 * lifted (解除回避: by whom, when, why); read with the clue in one Query.
 */
import * as recusalsRoutes from '../../shared/contract/routes/recusals.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';

export const listRecusals = (services: Services) => {
  const clues = clueStore(services);
  return httpHandler(recusalsRoutes.listRecusals, async ({ params, principal }) => {
    const stored = await clues.existingFor(principal, params.clueId);
    assertNoConflict(principal.userId, stored);
    const items = [...stored.recusals, ...stored.liftedRecusals].sort((a, b) =>
      a.recordedAt < b.recordedAt ? -1 : 1,
    );
    return { status: 200, body: { items } };
  });
};

export const handler = listRecusals(createServices());
