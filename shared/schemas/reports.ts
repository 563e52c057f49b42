/** The intake contract: submitting a report and following it with a receipt code (docs/api.md). */
import * as z from 'zod/mini';
import { listOrders } from '../domain/clue-lists.ts';
import { isValidResidentId } from '../domain/resident-id.ts';
import { reportCategories } from '../domain/vocabulary.ts';
import { CommissionId } from './commissions.ts';
import { isoDateWithin, pageQuery, plainString, schema, text } from './common.ts';

export const limits = {
  /** Bodies above this are refused with 413 before anyone parses them. */
  bodyBytes: 262_144, // 256 KiB
  allegations: 20,
  summary: 200,
  details: 2000,
} as const;

/** When the matter happened: not in the future (a day of slack for time zones), not before 1949. */
const incidentDate = /* @__PURE__ */ schema(() => isoDateWithin(1, 'today'));

export const Accused = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      name: text(50),
      position: text(100),
      organization: text(100),
      region: z.optional(text(100)),
    })
    .register(z.globalRegistry, { id: 'Accused' }),
);

export const Allegation = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      summary: text(limits.summary),
      details: z.optional(text(limits.details)),
      incidentFrom: z.optional(incidentDate),
      incidentTo: z.optional(incidentDate),
    })
    .check(
      z.refine((a) => !a.incidentFrom || !a.incidentTo || a.incidentFrom <= a.incidentTo, {
        error: 'incidentFrom must not be after incidentTo',
        path: ['incidentTo'],
      }),
    )
    .register(z.globalRegistry, { id: 'Allegation' }),
);

export const ResidentIdNumber = /* @__PURE__ */ schema(() =>
  z
    .string()
    .check(
      z.trim(),
      z.length(18),
      z.refine(isValidResidentId, { error: 'not a valid PRC resident ID number (GB 11643 checksum)' }),
    ),
);

export const MobileNumber = /* @__PURE__ */ schema(() =>
  z
    .string()
    .check(z.trim(), z.regex(/^1[3-9]\d{9}$/, { error: 'must be an 11-digit mainland mobile number' })),
);

export const Reporter = /* @__PURE__ */ schema(() =>
  z
    .discriminatedUnion('anonymous', [
      z.strictObject({ anonymous: z.literal(true) }),
      z.strictObject({
        anonymous: z.literal(false),
        name: text(50),
        idNumber: ResidentIdNumber,
        phone: MobileNumber,
      }),
    ])
    .register(z.globalRegistry, { id: 'Reporter' }),
);

export const SubmitReportRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      accused: Accused,
      category: z.enum(reportCategories),
      allegations: z.array(Allegation).check(z.minLength(1), z.maxLength(limits.allegations)),
      reporter: Reporter,
      notifyMe: z.optional(z.strictObject({ email: z.email().check(z.maxLength(254)) })),
      /**
       * The commission the report goes to (GET /commissions); may be left out while the deployment
       * serves one. A report about a commission's own leaders goes to the commission above it.
       */
      commissionId: z.optional(CommissionId),
      /**
       * 反映的是本级纪委监委领导班子成员: the report names a member of the chosen commission's own
       * leadership, so it goes to the commission above (shared/domain/commission.ts `routeReport`).
       */
      aboutCommissionLeadership: z.optional(z.boolean()),
    })
    .register(z.globalRegistry, { id: 'SubmitReportRequest' }),
);
export type SubmitReportRequest = z.infer<typeof SubmitReportRequest>;

/**
 * Any printable string up to a sane length: a malformed code is a miss like any other, never a
 * hint. Control and bidirectional formatting characters are refused as in every request string;
 * no code holds one, so the refusal says nothing about which codes exist.
 */
export const ReceiptLookupRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ receiptCode: plainString(200) })
    .register(z.globalRegistry, { id: 'ReceiptLookupRequest' }),
);

/**
 * A receipt to check. The shape is checked here (a missing or extra member, a non-string: 400);
 * whether the members are the ones signed is the verification's answer (`valid: false`), so each
 * string is only bounded, never matched against a pattern.
 */
export const VerifyReceiptRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      receipt: z.strictObject({
        reportId: plainString(100),
        submittedAt: plainString(40),
        contentHash: plainString(128),
        keyId: plainString(200),
        signature: plainString(200),
      }),
    })
    .register(z.globalRegistry, { id: 'VerifyReceiptRequest' }),
);

export const IdempotencyKeyHeader = /* @__PURE__ */ schema(() => plainString(128).check(z.minLength(8)));

export const ListReportsQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({
    status: z.literal('UNREGISTERED'),
    /** By submission time: oldest first (asc, the default: it has waited longest) or newest first. */
    order: z.optional(z.enum(listOrders)),
    ...pageQuery,
  }),
);

/** 不予受理: why the report is outside the commission's remit (on the audit trail, not shown to the reporter). */
export const DeclineReportRequest = /* @__PURE__ */ schema(() =>
  z.strictObject({ reason: text(500) }).register(z.globalRegistry, { id: 'DeclineReportRequest' }),
);

/** 移交 of a report not yet registered to another commission of the deployment (GET /commissions). */
export const TransferReportRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ toCommissionId: CommissionId, reason: text(500) })
    .register(z.globalRegistry, { id: 'TransferReportRequest' }),
);

/** A reporter confirms the phone with the code texted to it (shared/domain/identity-verification.ts). */
export const VerifyPhoneRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      receiptCode: plainString(200),
      code: z.string().check(z.trim(), z.regex(/^\d{6}$/, { error: 'must be the 6-digit code' })),
    })
    .register(z.globalRegistry, { id: 'VerifyPhoneRequest' }),
);

export const ResendPhoneCodeRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ receiptCode: plainString(200) })
    .register(z.globalRegistry, { id: 'ResendPhoneCodeRequest' }),
);

/** Staff who met or called the reporter record it (核实身份), with a note of what was checked. */
export const IdentityVerificationRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ method: z.enum(['IN_PERSON', 'PHONE_CALL']), note: text(1000) })
    .register(z.globalRegistry, { id: 'IdentityVerificationRequest' }),
);
