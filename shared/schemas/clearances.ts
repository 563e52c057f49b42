/** The clearance, notice and follow-up contract (docs/api.md). */
import * as z from 'zod/mini';
import { clearanceHarms, clearanceTriggers, needsLetter } from '../domain/clearance.ts';
import { clearanceMethods, clearanceStatuses } from '../domain/vocabulary.ts';
import { CommissionId } from './commissions.ts';
import { isoDateTimeWithin, pageQuery, plainString, schema, text } from './common.ts';
import { MobileNumber } from './reports.ts';

/** A SHA-256 in lowercase hex. */
const contentHash = () => z.string().check(z.regex(/^[0-9a-f]{64}$/));

export const CreateClearanceRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      trigger: z.enum(clearanceTriggers),
      harm: z.array(z.enum(clearanceHarms)).check(z.minLength(1), z.maxLength(4)),
      // `method` (the first contract) or `methods`, the set of forms; a talk or a meeting needs a letter too.
      method: z.optional(z.enum(clearanceMethods)),
      methods: z.optional(
        z.array(z.enum(clearanceMethods)).check(
          z.minLength(1),
          z.maxLength(4),
          z.refine((m) => new Set(m).size === m.length, { error: 'each form once' }),
          z.refine((m) => !needsLetter(m), {
            error: 'IN_PERSON or MEETING must be accompanied by LETTER',
          }),
        ),
      ),
      // 50 at most: each allegation takes a lock item in the proposal's transaction, and DynamoDB
      // takes at most 100 items in one.
      allegationIds: z.array(plainString(100).check(z.minLength(1))).check(z.minLength(1), z.maxLength(50)),
      // How each cleared matter is named in public (the investigator's words, not the reporter's).
      publicSummaries: z.optional(
        z
          .array(z.strictObject({ allegationId: plainString(100).check(z.minLength(1)), text: text(300) }))
          .check(z.maxLength(50)),
      ),
      statement: text(2000),
      cadreContact: z
        .strictObject({
          email: z.optional(z.email().check(z.maxLength(254))),
          phone: z.optional(MobileNumber),
        })
        .check(z.refine((c) => c.email || c.phone, { error: 'give an email or a mobile number' })),
    })
    .check(z.refine((r) => r.method || r.methods, { error: 'give methods (or method)', path: ['methods'] }))
    .register(z.globalRegistry, { id: 'CreateClearanceRequest' }),
);

export const ConsentRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      token: plainString(200).check(z.minLength(1)),
      consent: z.boolean(),
      comment: z.optional(text(1000)),
      // The preview's hash: the answer is to exactly that text (409 CONSENT_CONTENT_CHANGED otherwise).
      contentHash: z.optional(contentHash()),
    })
    .register(z.globalRegistry, { id: 'ConsentRequest' }),
);

export const ConsentPreviewRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ token: plainString(200).check(z.minLength(1)) })
    .register(z.globalRegistry, { id: 'ConsentPreviewRequest' }),
);

/** The approver confirms the exact text shown (its hash); an approval without a body confirms none. */
export const ApproveClearanceRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ contentHash: z.optional(contentHash()) })
    .register(z.globalRegistry, { id: 'ApproveClearanceRequest' }),
);

export const WithdrawClearanceRequest = /* @__PURE__ */ schema(() =>
  z.strictObject({ reason: text(500) }).register(z.globalRegistry, { id: 'WithdrawClearanceRequest' }),
);

export const ListClearancesQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ status: z.enum(clearanceStatuses), ...pageQuery }),
);

/** The whole board, or one commission's: its own notices and those of the commissions under it. */
export const ListNoticesQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ ...pageQuery, commissionId: z.optional(CommissionId) }),
);

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
