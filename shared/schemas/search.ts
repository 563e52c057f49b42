/** Request shapes of staff search (GET /search). */
import * as z from 'zod/mini';
import { pageQuery, plainString, schema } from './common.ts';

/**
 * `q` is checked for length here only loosely (1–200 characters as sent); what counts is its
 * normalised length, which shared/domain/search.ts checks (400 QUERY_TOO_SHORT under two).
 */
export const SearchQueryParams = /* @__PURE__ */ schema(() =>
  z.strictObject({
    q: plainString(200),
    ...pageQuery,
  }),
);
