/**
 * GET /clues?status=|assignee=|category=|overdue=true&sort=registered|deadline&order=asc|desc:
 * one Query on one index per page, cursor-paginated (shared/domain/clue-lists.ts says which).
 */
import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { clueListPlan } from '../../shared/domain/clue-lists.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { messageStore } from '../../shared/store/messages.ts';
import { clueSummary } from '../../shared/views/clue.ts';

export const listClues = (services: Services) => {
  const clues = clueStore(services);
  const conversation = messageStore(services);
  return httpHandler(cluesRoutes.listClues, async ({ query, principal }) => {
    const now = services.now();
    const plan = clueListPlan(query);
    const { commissionId } = principal;
    const page = { limit: query.limit, cursor: query.cursor, filters: plan.filters };
    const { items: found, nextCursor } =
      plan.index === 'overdue'
        ? await clues.overdue(commissionId, now, page)
        : plan.index === 'byDeadline'
          ? await clues.listByDeadline(commissionId, plan.status, {
              ...page,
              forward: plan.forward,
              ...(plan.overdue ? { dueBefore: now } : {}),
            })
          : plan.index === 'byAssignee'
            ? await clues.listByAssignee(commissionId, plan.assignee, { ...page, forward: plan.forward })
            : await clues.listByStatus(commissionId, plan.status, { ...page, forward: plan.forward });
    // Unread answers and open result feedback: one keyed read of the page's inboxes.
    const inboxes = await conversation.inboxes(found.map((i) => i.clue.clueId));
    const items = found.map((i) => clueSummary(i.clue, now, inboxes.get(i.clue.clueId)));
    return { status: 200, body: { items, ...(nextCursor ? { nextCursor } : {}) } };
  });
};

export const handler = listClues(createServices());
