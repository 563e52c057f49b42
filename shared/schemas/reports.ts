/** The intake contract: submitting a report and following it with a receipt code (CONTRACT.md). */
import * as z from 'zod';
import { reportCategories } from '../domain/report.ts';
import { isValidResidentId } from '../domain/resident-id.ts';
import { reporterStages } from '../domain/stages.ts';
import { page, pageQuery, text } from './common.ts';

export const limits = {
  /** Bodies above this are refused with 413 before anyone parses them. */
  bodyBytes: 256 * 1024,
  allegations: 20,
  summary: 200,
  details: 2000,
} as const;

const isoDate = z.iso.date();

export const Accused = z
  .strictObject({
    name: text(50),
    position: text(100),
    organization: text(100),
    region: text(100).optional(),
  })
  .meta({ id: 'Accused' });

export const Allegation = z
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
  .meta({ id: 'Allegation' });

export const ResidentIdNumber = z
  .string()
  .trim()
  .length(18)
  .refine(isValidResidentId, { message: 'not a valid PRC resident ID number (GB 11643 checksum)' });

export const MobileNumber = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, { message: 'must be an 11-digit mainland mobile number' });

export const Reporter = z
  .discriminatedUnion('anonymous', [
    z.strictObject({ anonymous: z.literal(true) }),
    z.strictObject({
      anonymous: z.literal(false),
      name: text(50),
      idNumber: ResidentIdNumber,
      phone: MobileNumber,
    }),
  ])
  .meta({ id: 'Reporter' });

export const SubmitReportRequest = z
  .strictObject({
    accused: Accused,
    category: z.enum(reportCategories),
    allegations: z.array(Allegation).min(1).max(limits.allegations),
    reporter: Reporter,
    notifyMe: z.strictObject({ email: z.email().max(254) }).optional(),
  })
  .meta({ id: 'SubmitReportRequest' });
export type SubmitReportRequest = z.infer<typeof SubmitReportRequest>;

export const SubmitReportResponse = z
  .object({ reportId: z.string(), receiptCode: z.string(), submittedAt: z.iso.datetime() })
  .meta({ id: 'SubmitReportResponse' });
export type SubmitReportResponse = z.infer<typeof SubmitReportResponse>;

/** Any string up to a sane length: a malformed code is a miss like any other, never a hint. */
export const ReceiptLookupRequest = z
  .strictObject({ receiptCode: z.string().max(200) })
  .meta({ id: 'ReceiptLookupRequest' });

const Stage = z.enum(reporterStages);

export const ReceiptLookupResponse = z
  .object({
    reportId: z.string(),
    stage: Stage,
    timeline: z.array(z.object({ at: z.iso.datetime(), stage: Stage })),
    outcome: z
      .object({
        result: z.enum([
          'SUBSTANTIATED',
          'PARTLY_SUBSTANTIATED',
          'INCONCLUSIVE',
          'UNTRUE',
          'FABRICATED',
          'NOT_SUBSTANTIATED',
        ]),
        text: z.string(),
        concludedAt: z.iso.datetime(),
      })
      .optional(),
    messages: z.array(z.object({ at: z.iso.datetime(), text: z.string() })),
  })
  .meta({ id: 'ReceiptLookupResponse' });
export type ReceiptLookupResponse = z.infer<typeof ReceiptLookupResponse>;

export const IdempotencyKeyHeader = z.string().min(8).max(128);

export const ListReportsQuery = z.strictObject({ status: z.literal('UNREGISTERED'), ...pageQuery });

/** What staff see of a report in the queue: never the reporter's identity. */
export const ReportSummary = z
  .object({
    reportId: z.string(),
    submittedAt: z.iso.datetime(),
    accused: Accused,
    category: z.enum(reportCategories),
    allegations: z.array(Allegation),
    reporterKind: z.enum(['ANONYMOUS', 'REAL_NAME']),
    /** The reporter has a live accuser flag: shown to staff for triage; the report is handled as any other. */
    reporterFlag: z.object({ level: z.string(), status: z.string(), flagId: z.string() }).optional(),
    status: z.literal('UNREGISTERED'),
  })
  .meta({ id: 'ReportSummary' });
export type ReportSummary = z.infer<typeof ReportSummary>;

export const ReportList = page(ReportSummary).meta({ id: 'ReportList' });
