/** Request shapes shared by every route: pagination, bounded text. Responses: ./responses/common.ts. */
import * as z from 'zod';

/**
 * Builds a schema. Written as `/* @__PURE__ *\/ schema(() => …)` at every top-level schema, so that
 * esbuild leaves out of a Lambda's bundle each schema that its route does not use: zod's builder
 * chains (`.min()`, `.meta()`) would otherwise count as side effects and be kept, and each function
 * would build every schema of its area at cold start (`npm run bench`, part 2).
 */
export const schema = <T>(build: () => T): T => build();

/** Trimmed, non-empty text with a maximum length: every string in a request has one. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** `limit` 1–100 (default 20) and an opaque `cursor`, CONTRACT.md "Lists". */
export const pageQuery = /* @__PURE__ */ schema(() => ({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2048).optional(),
}));
