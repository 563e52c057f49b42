/** POST /reports/{reportId}/messages: the staff handling a report write to its reporter. */
import * as messagesRoutes from '../../shared/contract/routes/messages.ts';
import { decideStaffMessage } from '../../shared/domain/conversation.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { messageStore } from '../../shared/store/messages.ts';
import { reportStore } from '../../shared/store/reports.ts';

export const sendStaffMessage = (services: Services) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  const conversation = messageStore(services);

  return httpHandler(messagesRoutes.sendStaffMessage, async ({ body, params, principal }) => {
    const report = await reports.getFor(principal, params.reportId);
    if (!report) throw notFound();
    const [stored, feedback] = await Promise.all([
      report.clueId ? clues.load(report.clueId) : undefined,
      body.result ? conversation.feedbackOf(report.reportId) : undefined,
    ]);
    if (stored) assertNoConflict(principal.userId, stored); // 回避
    const decision = decideStaffMessage(
      { report, clue: stored?.clue, feedback, result: body.result ?? false },
      { actor: actorOf(principal), now: services.now() },
    );
    await conversation.fromCommission(decision, body.text, (await services.peppers()).audit);
    return { status: 201, body: { messageId: decision.message.messageId, at: decision.message.at } };
  });
};

export const handler = sendStaffMessage(createServices());
