/**
 * Response bodies of staff search. Only the OpenAPI document builds them; handlers and pages import
 * their types alone.
 */
import * as z from 'zod';
import { page } from './common.ts';

export const SearchResult = z
  .object({
    kind: z.enum(['REPORT', 'CLUE']),
    /** The report's or clue's id: what the console opens, and what support asks for. */
    id: z.string(),
    /** 案件编号; absent on items stored before case numbers (show the id then). */
    caseNumber: z.string().optional(),
    /**
     * A report transferred in, found by a case number a sending commission gave it (as its transfer
     * letter names it) and by nothing it has now: that former number. `caseNumber` is its own.
     */
    formerCaseNumber: z.string().optional(),
    cadre: z.object({ name: z.string(), organization: z.string(), position: z.string().optional() }),
    /** A clue's status, or a report's (UNREGISTERED, REGISTERED, DECLINED), as it is now. */
    status: z.string(),
    /** When the report came in or the clue was registered. */
    at: z.string(),
    /** A registered report: the clue that took it in. */
    clueId: z.string().optional(),
  })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof SearchResult>;

export const SearchResults = page(SearchResult).meta({ id: 'SearchResults' });
