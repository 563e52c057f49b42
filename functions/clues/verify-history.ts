/** GET /clues/{clueId}/history/verify: is the audit trail intact? */
import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { verifyChain } from '../../shared/domain/audit.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { readHistory } from '../../shared/store/history.ts';
import { entityKeys } from '../../shared/store/keys.ts';
import { audited } from '../../shared/store/read-records.ts';

export const verifyClueHistory = (services: Services) => {
  const clues = clueStore(services);
  return httpHandler(audited(cluesRoutes.verifyClueHistory, services), async ({ params, principal }) => {
    const clueId = params.clueId as string;
    const stored = await clues.existingFor(principal, clueId);
    assertNoConflict(principal.userId, stored); // 回避
    const entries = await readHistory(services.db, services.config.TABLE_NAME, entityKeys.clue(clueId).PK);
    return { status: 200, body: verifyChain(entries, stored.head, (await services.peppers()).audit) };
  });
};

export const handler = verifyClueHistory(createServices());
