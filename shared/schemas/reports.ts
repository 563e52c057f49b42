/** The intake contract: submitting a report and following it with a receipt code (CONTRACT.md). */
import * as z from 'zod';
import { reportCategories } from '../domain/report.ts';
import { isValidResidentId } from '../domain/resident-id.ts';
import { pageQuery, schema, text } from './common.ts';

export const limits = {
  /** Bodies above this are refused with 413 before anyone parses them. */
  bodyBytes: 262_144, // 256 KiB
  allegations: 20,
  summary: 200,
  details: 2000,
} as const;

const isoDate = /* @__PURE__ */ schema(() => z.iso.date());

export const Accused = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      name: text(50),
      position: text(100),
      organization: text(100),
      region: text(100).optional(),
    })
    .meta({ id: 'Accused' }),
);

export const Allegation = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      summary: text(limits.summary),
      details: text(limits.details).optional(),
      incidentFrom: isoDate.optional(),
      incidentTo: isoDate.optional(),
    })
    .refine((a) => !a.incidentFrom || !a.incidentTo || a.incidentFrom <= a.incidentTo, {
      message: 'incidentFrom must not be after incidentTo',
      path: ['incidentTo'],
    })
    .meta({ id: 'Allegation' }),
);

export const ResidentIdNumber = /* @__PURE__ */ schema(() =>
  z
    .string()
    .trim()
    .length(18)
    .refine(isValidResidentId, { message: 'not a valid PRC resident ID number (GB 11643 checksum)' }),
);

export const MobileNumber = /* @__PURE__ */ schema(() =>
  z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/, { message: 'must be an 11-digit mainland mobile number' }),
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
    .meta({ id: 'Reporter' }),
);

export const SubmitReportRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      accused: Accused,
      category: z.enum(reportCategories),
      allegations: z.array(Allegation).min(1).max(limits.allegations),
      reporter: Reporter,
      notifyMe: z.strictObject({ email: z.email().max(254) }).optional(),
    })
    .meta({ id: 'SubmitReportRequest' }),
);
export type SubmitReportRequest = z.infer<typeof SubmitReportRequest>;

/** Any string up to a sane length: a malformed code is a miss like any other, never a hint. */
export const ReceiptLookupRequest = /* @__PURE__ */ schema(() =>
  z.strictObject({ receiptCode: z.string().max(200) }).meta({ id: 'ReceiptLookupRequest' }),
);

export const IdempotencyKeyHeader = /* @__PURE__ */ schema(() => z.string().min(8).max(128));

export const ListReportsQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ status: z.literal('UNREGISTERED'), ...pageQuery }),
);
