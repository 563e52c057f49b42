/**
 * Request shapes shared by every route: pagination, bounded text. Responses: ./responses/common.ts.
 *
 * Request schemas use zod/mini, the functional form of zod 4: the same validation and messages,
 * and the same OpenAPI output, at a quarter of the bundle and about 6 ms less of every cold start
 * than the method-chaining form (`npm run bench`, part 2). The response schemas, built only for the
 * OpenAPI document, keep the chaining form.
 */

import * as z from 'zod/mini';
import english from 'zod/v4/locales/en.js';

let messagesInstalled = false;

/**
 * Builds a schema. Written as `/* @__PURE__ *\/ schema(() => …)` at every top-level schema, so that
 * esbuild leaves out of a Lambda's bundle each schema that its route does not use: the calls that
 * build a schema would otherwise count as side effects and be kept, and each function would build
 * every schema of its area at cold start (`npm run bench`, part 2). The first call installs zod's
 * English messages, which zod/mini leaves out unless asked.
 */
export const schema = <T>(build: () => T): T => {
  if (!messagesInstalled) {
    z.config(english());
    messagesInstalled = true;
  }
  return build();
};

/** Trimmed, non-empty text with a maximum length: every string in a request has one. */
export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** `limit` 1–100 (default 20) and an opaque `cursor`, docs/api.md "Lists". */
export const pageQuery = /* @__PURE__ */ schema(() => ({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
}));
