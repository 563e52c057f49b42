/**
 * GET /search?q=: reports and clues of the member's commission whose case number, cadre name or
 * organisation contains q, newest first, with each one's status as it is now. Queries on the
 * bigram index (shared/store/search-index.ts), never a Scan; the index is written from the outbox
 * events by the searchIndex worker, a second or two behind; a row shows only while its entry still
 * describes the subject as it stands (its commission, its case number). A transferred report is
 * found at the commission that has it also by the numbers the senders gave it; its row is the
 * report as it is now, and names the former number it was found by.
 */
import * as searchRoutes from '../../shared/contract/routes/search.ts';
import { entryStands, formerCaseNumberMatched, searchQueryOf } from '../../shared/domain/search.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import type { SearchResult } from '../../shared/schemas/responses/search.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { entityKeys } from '../../shared/store/keys.ts';
import { searchIndexStore } from '../../shared/store/search-index.ts';

export const search = (services: Services) => {
  const index = searchIndexStore(services);
  return httpHandler(searchRoutes.search, async ({ query, principal }) => {
    const { commissionId } = principal;
    const asked = searchQueryOf(query.q);
    const page = await index.search(commissionId, asked, query.limit, query.cursor);
    const states = await index.statesOf(page.items);
    const items = page.items.flatMap((entry): SearchResult[] => {
      const { PK } =
        entry.kind === 'CLUE' ? entityKeys.clue(entry.subjectId) : entityKeys.report(entry.subjectId);
      const state = states.get(PK);
      // Gone, or no longer as indexed: transferred to another commission (or back, with a new
      // number) before the worker moved its entries. The partition is the first guard, this the second.
      if (!state || !entryStands(entry, state, commissionId)) return [];
      const { name, organization, position } = entry.cadre;
      // Found by a number a sending commission gave it (its transfer letter's): the row says which.
      const formerCaseNumber = formerCaseNumberMatched(entry, asked.text);
      return [
        {
          kind: entry.kind,
          id: entry.subjectId,
          ...(entry.caseNumber ? { caseNumber: entry.caseNumber } : {}),
          ...(formerCaseNumber ? { formerCaseNumber } : {}),
          cadre: { name, organization, ...(position ? { position } : {}) },
          status: state.status,
          at: entry.at,
          ...(state.clueId ? { clueId: state.clueId } : {}),
        },
      ];
    });
    return { status: 200, body: { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
  });
};

export const handler = search(createServices());
