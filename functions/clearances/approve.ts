/**
 * POST /clearances/{clearanceId}/approve: four eyes, then publication in one transaction: the
 * clearance, the signed notice (on the board if public), the follow-up visit, the audit entry, and
 * the message that brings the notice to the cadre.
 */

import * as clearancesRoutes from '../../shared/contract/routes/clearances.ts';
import { decideApproval } from '../../shared/domain/clearance-steps.ts';
import { commissionOf } from '../../shared/domain/commission.ts';
import { canonicalNoticeBytes } from '../../shared/domain/notice.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore } from '../../shared/store/clearances.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { clearanceSettingsOf, commissionStore } from '../../shared/store/commissions.ts';
import { clearanceView } from '../../shared/views/clearance.ts';

export const approveClearance = (services: Services) => {
  const clearances = clearanceStore(services);
  const clues = clueStore(services);
  const commissions = commissionStore(services);
  const signer = services.signer();

  return httpHandler(clearancesRoutes.approveClearance, async ({ body, params, principal }) => {
    const stored = await clearances.getFor(principal, params.clearanceId);
    const clue = await clues.load(stored.clearance.clueId);
    if (clue) assertNoConflict(principal.userId, clue); // 回避: no approval resting on a clue one stepped aside from
    // Issued under the clearance's commission's name, as the cadre was shown it (preview, consent).
    const settings = await clearanceSettingsOf(services, commissionOf(stored.clearance));
    const decision = decideApproval(stored, {
      actor: actorOf(principal),
      concludedAt: clue?.clue.conclusion?.concludedAt,
      now: services.now(),
      settings,
      contentHash: body.contentHash,
    });
    // Every document is signed: the notice and the letter or record of each further form.
    const signatures = Object.fromEntries(
      await Promise.all(
        [decision.notice, ...decision.documents].map(async (notice) => [
          notice.noticeId,
          {
            alg: 'ES256' as const,
            keyId: signer.keyId,
            value: await signer.sign(canonicalNoticeBytes(notice)),
          },
        ]),
      ),
    );
    // A public notice goes on its commission's board and on each board above it.
    const boards = decision.notice.public ? await commissions.boardsOf(commissionOf(stored.clearance)) : [];
    const after = await clearances.commit({ before: stored, decision, signatures, boards });
    return { status: 200, body: clearanceView(after, settings) };
  });
};

export const handler = approveClearance(createServices());
