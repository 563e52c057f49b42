/**
 * Response bodies of the reports routes. Only the OpenAPI document (shared/http/openapi.ts) builds
 * them; the handlers and the web pages import their types alone, so no Lambda (and no page)
 * constructs these.
 */
import * as z from 'zod';
import { reportCategories } from '../../domain/report.ts';
import { reporterStages } from '../../domain/stages.ts';
import { Accused, Allegation } from '../reports.ts';
import { page } from './common.ts';

export const SubmitReportResponse = z
  .object({ reportId: z.string(), receiptCode: z.string(), submittedAt: z.iso.datetime() })
  .meta({ id: 'SubmitReportResponse' });
export type SubmitReportResponse = z.infer<typeof SubmitReportResponse>;

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
