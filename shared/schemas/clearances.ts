/** The clearance, notice and follow-up contract (docs/api.md). */
import * as z from 'zod/mini';
import { clearanceHarms, clearanceTriggers } from '../domain/clearance.ts';
import { clearanceMethods, clearanceStatuses } from '../domain/vocabulary.ts';
import { isoDateTimeWithin, pageQuery, plainString, schema, text } from './common.ts';
import { MobileNumber } from './reports.ts';

export const CreateClearanceRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      trigger: z.enum(clearanceTriggers),
      harm: z.array(z.enum(clearanceHarms)).check(z.minLength(1), z.maxLength(4)),
      method: z.enum(clearanceMethods),
      // 50 at most: each allegation takes a lock item in the proposal's transaction, and DynamoDB
      // takes at most 100 items in one.
      allegationIds: z.array(plainString(100).check(z.minLength(1))).check(z.minLength(1), z.maxLength(50)),
      statement: text(2000),
      cadreContact: z
        .strictObject({
          email: z.optional(z.email().check(z.maxLength(254))),
          phone: z.optional(MobileNumber),
        })
        .check(z.refine((c) => c.email || c.phone, { error: 'give an email or a mobile number' })),
    })
    .register(z.globalRegistry, { id: 'CreateClearanceRequest' }),
);

export const ConsentRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      token: plainString(200).check(z.minLength(1)),
      consent: z.boolean(),
      comment: z.optional(text(1000)),
    })
    .register(z.globalRegistry, { id: 'ConsentRequest' }),
);

export const WithdrawClearanceRequest = /* @__PURE__ */ schema(() =>
  z.strictObject({ reason: text(500) }).register(z.globalRegistry, { id: 'WithdrawClearanceRequest' }),
);

export const ListClearancesQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ status: z.enum(clearanceStatuses), ...pageQuery }),
);

export const ListNoticesQuery = /* @__PURE__ */ schema(() => z.strictObject({ ...pageQuery }));

/**
 * The notice to check, exactly as sent: its shape is checked by the verification itself. Not a
 * record schema, which copies the members into a new object and so drops an own "__proto__" member
 * that JSON.parse made: a notice with an added member must be counted as altered (valid: false),
 * as bin/verify-notice.mjs counts it, not verified without it.
 */
export const VerifyNoticeRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      notice: z
        .unknown()
        .check(
          z.refine((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
            error: 'expected a notice object',
          }),
        )
        .register(z.globalRegistry, { type: 'object', description: 'A Notice as served, unchanged' }),
    })
    .register(z.globalRegistry, { id: 'VerifyNoticeRequest' }),
);

export const ListFollowUpsQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ due: z.optional(z.enum(['true', 'false'])), ...pageQuery }),
);

export const RecordFollowUpRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ notes: text(4000), visitedAt: z.optional(isoDateTimeWithin(1, 'today')) })
    .register(z.globalRegistry, { id: 'RecordFollowUpRequest' }),
);
