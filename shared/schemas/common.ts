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

/**
 * No control characters but tab and newline (C0, DEL, C1) and no bidirectional overrides or
 * isolates, anywhere in a request's strings (docs/api.md, "Conventions"): a U+202E in an
 * accused's name would reverse the text of a signed public notice, and a NUL or a bell has no place
 * in a case file. A pattern rather than a refinement, so the OpenAPI document says it too.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: naming the control characters is the point
const plainPattern = /^[^\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*$/;
const plain = () =>
  z.regex(plainPattern, {
    error: 'must not contain control characters or bidirectional formatting characters',
  });

/** A string of at most `max` characters, kept as sent but for the characters `plain` refuses. */
export const plainString = (max: number) => z.string().check(z.maxLength(max), plain());

/** Trimmed, non-empty text with a maximum length: every free text in a request is one. */
export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max), plain());

/** The earliest date a case can concern: the founding of the People's Republic's discipline organs. */
export const earliestDate = '1949-01-01';

/** `days` days after today (UTC), as an ISO date. */
const isoDayFromToday = (days: number): string =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * An ISO date from 1949-01-01 to at most `daysAhead` days after today (UTC; a day of slack covers
 * the time zones): `9999-12-31` is a typing error or a probe, never a date in a case file. Today
 * is read when the request is checked.
 */
export const isoDateWithin = (daysAhead: number, latestInWords: string) =>
  z.iso.date().check(
    z.refine((day) => day >= earliestDate && day <= isoDayFromToday(daysAhead), {
      error: `must lie between ${earliestDate} and ${latestInWords}`,
    }),
  );

/** An ISO date-time whose day lies within the same bounds as `isoDateWithin`'s. */
export const isoDateTimeWithin = (daysAhead: number, latestInWords: string) =>
  z.iso.datetime().check(
    z.refine((at) => at.slice(0, 10) >= earliestDate && at.slice(0, 10) <= isoDayFromToday(daysAhead), {
      error: `must lie between ${earliestDate} and ${latestInWords}`,
    }),
  );

/** `limit` 1–100 (default 20) and an opaque `cursor`, docs/api.md "Lists". */
export const pageQuery = /* @__PURE__ */ schema(() => ({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048), plain())),
}));
