/**
 * GET /clues?status=|assignee=|overdue=true: each a Query on one index, cursor-paginated.
 * Overdue clues are read in two phases, those past their deadline and not yet alerted, then
 * those alerted; the cursor says which phase it continues.
 */
import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { sameCommission } from '../../shared/domain/commission.ts';
import { validationFailed } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { messageStore } from '../../shared/store/messages.ts';
import { clueSummary } from '../../shared/views/clue.ts';

const phased = (phase: 'due' | 'alerted', cursor: string | undefined) =>
  cursor ? `${phase}.${cursor}` : phase === 'alerted' ? 'alerted.' : undefined;

export const listClues = (services: Services) => {
  const clues = clueStore(services);
  const conversation = messageStore(services);
  return httpHandler(cluesRoutes.listClues, async ({ query, principal }) => {
    const now = services.now();
    let page: Awaited<ReturnType<typeof clues.listByStatus>>;
    let nextCursor: string | undefined;
    if (query.overdue) {
      const [phase, inner] = (query.cursor ?? 'due.').split(/\.(.*)/s) as [string, string | undefined];
      if (phase !== 'due' && phase !== 'alerted')
        throw validationFailed([{ path: 'query.cursor', message: 'cursor is not valid for this list' }]);
      page =
        phase === 'due'
          ? await clues.dueDeadlines(now, query.limit, inner || undefined)
          : await clues.alertedDeadlines(query.limit, inner || undefined);
      nextCursor = page.nextCursor
        ? phased(phase, page.nextCursor)
        : phase === 'due'
          ? phased('alerted', undefined)
          : undefined;
      // The deadline index is the sweep's, across commissions: the member's own clues are kept.
      page = {
        ...page,
        items: page.items.filter((i) => i.entity === 'Clue' && sameCommission(i.clue, principal)),
      };
    } else if (query.assignee) {
      page = await clues.listByAssignee(
        principal.commissionId,
        query.assignee,
        query.limit,
        query.cursor,
        query.status,
      );
      nextCursor = page.nextCursor;
    } else {
      page = await clues.listByStatus(
        principal.commissionId,
        query.status as string,
        query.limit,
        query.cursor,
      );
      nextCursor = page.nextCursor;
    }
    // Unread answers and open result feedback: one keyed read of the page's inboxes.
    const inboxes = await conversation.inboxes(page.items.map((i) => i.clue.clueId));
    const items = page.items.map((i) => clueSummary(i.clue, now, inboxes.get(i.clue.clueId)));
    return { status: 200, body: { items, ...(nextCursor ? { nextCursor } : {}) } };
  });
};

export const handler = listClues(createServices());
