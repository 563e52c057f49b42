/** GET /reports/{reportId}/messages: the conversation with a report's reporter, for its handlers. */
import * as messagesRoutes from '../../shared/contract/routes/messages.ts';
import { handlerRole } from '../../shared/domain/conversation.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { messageStore } from '../../shared/store/messages.ts';
import { audited } from '../../shared/store/read-records.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { readConversations } from '../../shared/views/conversation.ts';

export const listReportMessages = (services: Services) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  const conversation = messageStore(services);

  return httpHandler(audited(messagesRoutes.listReportMessages, services), async ({ params, principal }) => {
    const report = await reports.getFor(principal, params.reportId);
    if (!report) throw notFound();
    const stored = report.clueId ? await clues.load(report.clueId) : undefined;
    if (stored) assertNoConflict(principal.userId, stored); // 回避
    handlerRole(report, stored?.clue, actorOf(principal));
    return { status: 200, body: await readConversations(conversation, [report], services.now()) };
  });
};

export const handler = listReportMessages(createServices());
