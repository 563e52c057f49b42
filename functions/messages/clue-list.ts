/** GET /clues/{clueId}/messages: the conversations with all reporters of a clue, for its handlers. */
import * as messagesRoutes from '../../shared/contract/routes/messages.ts';
import { handlerRole } from '../../shared/domain/conversation.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { messageStore } from '../../shared/store/messages.ts';
import { audited } from '../../shared/store/read-records.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { readConversations } from '../../shared/views/conversation.ts';

export const listClueMessages = (services: Services) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  const conversation = messageStore(services);

  return httpHandler(audited(messagesRoutes.listClueMessages, services), async ({ params, principal }) => {
    const stored = await clues.existingFor(principal, params.clueId);
    const { clue } = stored;
    const actor = actorOf(principal);
    assertNoConflict(actor.userId, stored); // 回避
    handlerRole({ reportId: '', status: 'REGISTERED', clueId: clue.clueId }, clue, actor);
    // Only the reports still this commission's: a transferred clue's went with their conversations.
    const items = await reports.getManyFor(
      principal,
      clue.reports.map((r) => r.reportId),
    );
    return { status: 200, body: await readConversations(conversation, items, services.now()) };
  });
};

export const handler = listClueMessages(createServices());
