/**
 * POST /clues/{clueId}/recusals: 回避. The member themself declares a conflict, or an approver
 * records one for a member (also on a reporter's request: `requestMessageId` names the reporter's
 * message, looked up among the clue's reports, so that reporter is told). The recusal item, the clue
 * (its assignee cleared when it is the one who steps aside), the audit entry and the alert (news to
 * the reporter who asked) are one transaction. The reason goes on the audit trail and the recusal,
 * never into a log or an event.
 */
import * as recusalsRoutes from '../../shared/contract/routes/recusals.ts';
import {
  assertMayRecord,
  decideRecusal,
  noSuchRecusalRequest,
  recusalRefusals,
  recusalRole,
} from '../../shared/domain/recusal.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { messageStore } from '../../shared/store/messages.ts';
import { recusalPut } from '../../shared/store/recusals.ts';

export const recordRecusal = (services: Services) => {
  const clues = clueStore(services);
  const conversation = messageStore(services);
  const tableName = services.config.TABLE_NAME;

  return httpHandler(recusalsRoutes.recordRecusal, async ({ body, params, principal }) => {
    const actor = actorOf(principal);
    const acting = { actor, role: recusalRole(actor, body.userId), now: services.now() };
    const stored = await clues.existingFor(principal, params.clueId);
    const { requestMessageId: asked, ...input } = body;
    // Who may answer a reporter's request is decided before their message is looked for.
    if (asked) assertMayRecord(actor, { userId: body.userId, answersRequest: true }, stored.recusals);
    // A clue sent to another commission no longer holds its reports' conversations (they left
    // with them): no reporter's request can be answered on it here.
    const reportIds = stored.clue.transferredToCommissionId ? [] : stored.clue.reports.map((r) => r.reportId);
    const request = asked ? await conversation.reporterMessageAmong(reportIds, asked) : undefined;
    if (asked && !request) throw noSuchRecusalRequest();
    let recorded: ReturnType<typeof decideRecusal>['recusal'] | undefined;
    await clues.update(
      stored,
      (latest) => {
        // Lifted recusals count towards the bound; only a standing one is recorded twice.
        const all = [...latest.recusals, ...latest.liftedRecusals];
        const { recusal, ...decision } = decideRecusal(latest.clue, all, { ...input, request }, acting);
        recorded = recusal;
        const part = { item: recusalPut(tableName, recusal), refused: recusalRefusals.alreadyRecused };
        return { ...decision, also: { recusal: part } };
      },
      (await services.peppers()).audit,
    );
    return { status: 201, body: recorded as NonNullable<typeof recorded> };
  });
};

export const handler = recordRecusal(createServices());
