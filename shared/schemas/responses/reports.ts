/**
 * Response bodies of the reports routes. Only the OpenAPI document (shared/http/openapi.ts) builds
 * them; the handlers and the web pages import their types alone, so no Lambda (and no page)
 * constructs these.
 */
import * as z from 'zod';
import { escalationReasons } from '../../domain/commission.ts';
import { identityStatuses } from '../../domain/identity-verification.ts';
import { reporterStages } from '../../domain/stages.ts';
import { reportCategories } from '../../domain/vocabulary.ts';
import { Accused, Allegation } from '../reports.ts';
import { ReporterAttachment } from './attachments.ts';
import { page } from './common.ts';

export const SignedReceipt = z
  .object({
    reportId: z.string(),
    submittedAt: z.iso.datetime(),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
    keyId: z.string(),
    signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
  })
  .meta({
    id: 'SignedReceipt',
    description:
      'ES256 over the canonical JSON of {reportId, submittedAt, contentHash}; contentHash is the hex SHA-256 of the canonical JSON of {accused, category, allegations, reporterKind} as received',
  });

export const SubmitReportResponse = z
  .object({
    reportId: z.string(),
    receiptCode: z.string(),
    submittedAt: z.iso.datetime(),
    receipt: SignedReceipt,
    /** The commission the report went to (the one above the chosen one, for a report about its leaders). */
    commission: z
      .object({
        commissionId: z.string(),
        name: z.string(),
        /** Set when the report went above the commission chosen: the one whose leaders it names. */
        escalatedFrom: z.string().optional(),
      })
      .optional(),
  })
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
    /** The conversation: the commission's status texts and the messages of both sides, oldest first. */
    messages: z.array(
      z.object({
        messageId: z.string(),
        from: z.enum(['COMMISSION', 'REPORTER']),
        text: z.string(),
        at: z.iso.datetime(),
      }),
    ),
    /** Once the report is concluded or closed: whether, and until when, the reporter may object. */
    objection: z
      .object({
        status: z.enum(['ALLOWED', 'WINDOW_CLOSED', 'OPEN', 'UPHELD', 'REOPENED']),
        until: z.iso.datetime().optional(),
      })
      .optional(),
    /** Real-name reports only: whether the phone (or staff) confirmed the reporter's identity. */
    identityStatus: z.enum(identityStatuses).optional(),
    /** The evidence files sent with the report, with whether each was accepted. */
    attachments: z.array(ReporterAttachment),
  })
  .meta({ id: 'ReceiptLookupResponse' });
export type ReceiptLookupResponse = z.infer<typeof ReceiptLookupResponse>;

/** What staff see of a report in the queue: never the reporter's identity. */
export const ReportSummary = z
  .object({
    reportId: z.string(),
    /** 案件编号 (信访件); absent on reports received before case numbers (show the id then). */
    caseNumber: z.string().optional(),
    submittedAt: z.iso.datetime(),
    accused: Accused,
    category: z.enum(reportCategories),
    allegations: z.array(Allegation),
    reporterKind: z.enum(['ANONYMOUS', 'REAL_NAME']),
    /** The reporter has a live accuser flag: shown to staff for triage; the report is handled as any other. */
    reporterFlag: z.object({ level: z.string(), status: z.string(), flagId: z.string() }).optional(),
    /** Real-name reports only: only a verified report counts toward its reporter's record. */
    identityStatus: z.enum(identityStatuses).optional(),
    /** Sent here from the commission below, whose own leadership it names (报送上一级). */
    escalation: z.object({ fromCommissionId: z.string(), reason: z.enum(escalationReasons) }).optional(),
    status: z.literal('UNREGISTERED'),
    /** Transferred in from another commission: where from, when, why, and their case number. */
    transferredFrom: z
      .object({
        commissionId: z.string(),
        name: z.string(),
        at: z.iso.datetime(),
        reason: z.string(),
        caseNumber: z.string().optional(),
      })
      .optional(),
    /** A report transferred in must be taken up (registered, declined or passed on) by then. */
    takeUpBy: z.iso.datetime().optional(),
    /** The reporter's answers no handler has read yet. */
    unreadMessages: z.number().optional(),
  })
  .meta({ id: 'ReportSummary' });
export type ReportSummary = z.infer<typeof ReportSummary>;

export const ReportList = page(ReportSummary).meta({ id: 'ReportList' });

export const DeclinedReport = z
  .object({ reportId: z.string(), status: z.literal('DECLINED'), declinedAt: z.iso.datetime() })
  .meta({ id: 'DeclinedReport' });

/** A report handed to another commission: where, when, and by when that one must take it up. */
export const TransferredReport = z
  .object({
    reportId: z.string(),
    status: z.literal('TRANSFERRED'),
    transferredAt: z.iso.datetime(),
    toCommissionId: z.string(),
    to: z.string().meta({ description: 'The receiving commission’s name' }),
    takeUpBy: z.iso.datetime(),
  })
  .meta({ id: 'TransferredReport' });

export const VerifyReceiptResponse = z.object({ valid: z.boolean() }).meta({ id: 'VerifyReceiptResponse' });

/** A report's identity state as its reporter or staff see it: never the phone or the name. */
export const IdentityStatusResponse = z
  .object({
    reportId: z.string(),
    identityStatus: z.enum(identityStatuses),
  })
  .meta({ id: 'IdentityStatusResponse' });

/** A new code is on its way (to the phone given at submission, which is not shown back). */
export const PhoneCodeSentResponse = z
  .object({ sent: z.literal(true), expiresAt: z.iso.datetime() })
  .meta({ id: 'PhoneCodeSentResponse' });
