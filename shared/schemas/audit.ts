/** Request shapes of the audit routes (查阅记录). Responses: ./responses/audit.ts. */
import * as z from 'zod/mini';
import { pageQuery, schema, text } from './common.ts';

/** By case file (`subjectId`), by member (`userId`), or both; at least one (docs/api.md). */
export const ListReadsQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ subjectId: z.optional(text(64)), userId: z.optional(text(128)), ...pageQuery }),
);
