/**
 * Response bodies of the clues routes. Only the OpenAPI document (shared/http/openapi.ts) builds
 * them; the handlers and the web pages import their types alone, so no Lambda (and no page)
 * constructs these.
 */
import * as z from 'zod';
import { findings } from '../../domain/findings.ts';
import { identityStatuses } from '../../domain/identity-verification.ts';
import { clueStatuses, reporterStages } from '../../domain/stages.ts';
import { inquiryForms, reportCategories } from '../../domain/vocabulary.ts';
import { Accused, Allegation } from '../reports.ts';
import { page } from './common.ts';

const HistoryEntry = z
  .object({
    seq: z.number(),
    at: z.string(),
    actor: z.string(),
    role: z.string(),
    action: z.string(),
    fromStatus: z.string().optional(),
    toStatus: z.string().optional(),
    reason: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    prevMac: z.string(),
    mac: z.string(),
    // Format 2 (shared/domain/audit.ts): a reporter's personal data, erasable under retention.
    format: z.literal(2).optional(),
    personalOf: z.string().optional().meta({ description: 'The report whose erasure removes `personal`' }),
    personalDigest: z.string().optional(),
    personal: z
      .object({ reason: z.string().optional(), details: z.record(z.string(), z.unknown()).optional() })
      .optional(),
    personalErasedAt: z
      .string()
      .optional()
      .meta({ description: '个人信息已按保存期限删除: when the personal part was erased' }),
  })
  .meta({ id: 'HistoryEntry' });

const ReporterFlag = z.object({ level: z.string(), status: z.string(), flagId: z.string() });

// The clue's proposal, conclusion, rejections and extension, as shared/domain/clue.ts declares them.
const FindingEntry = z.object({ allegationId: z.string(), finding: z.enum(findings), reason: z.string() });
const Proposal = z.object({
  findings: z.array(FindingEntry),
  summary: z.string(),
  proposedBy: z.string(),
  proposedAt: z.string(),
});
const Conclusion = Proposal.extend({
  approvedBy: z.string(),
  concludedAt: z.string(),
  comment: z.string().optional(),
  overallFinding: z.enum(findings),
  reportOutcomes: z.record(z.string(), z.enum(findings)),
  daysToConclude: z.number(),
});
const Rejection = z.object({
  reason: z.string(),
  rejectedBy: z.string(),
  rejectedAt: z.string(),
  proposedBy: z.string(),
  findings: z.array(z.object({ allegationId: z.string(), finding: z.enum(findings) })),
});
const Extension = z.object({
  days: z.number(),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  approvedDays: z.number().optional(),
  approvedBy: z.string().optional(),
  approvedAt: z.string().optional(),
});

export const ClueSummary = z
  .object({
    clueId: z.string(),
    /** 案件编号; absent on clues registered before case numbers (show the id then). */
    caseNumber: z.string().optional(),
    status: z.enum(clueStatuses),
    version: z.number(),
    registeredAt: z.string(),
    accused: Accused,
    cadreId: z.string().optional(),
    assignee: z.string().optional(),
    reportCount: z.number(),
    allegationCount: z.number(),
    /** Its reports' categories, each once; absent on clues registered before they were kept. */
    categories: z.array(z.enum(reportCategories)).optional(),
    deadline: z
      .object({ kind: z.string(), at: z.string(), overdue: z.boolean(), daysLeft: z.number() })
      .optional(),
    overallFinding: z.enum(findings).optional(),
    /** Reporters' answers no handler has read yet (in the clue list). */
    unreadMessages: z.number().optional(),
    /** The earliest open result-feedback deadline of its real-name reports (in the clue list). */
    resultFeedback: z.object({ at: z.string(), overdue: z.boolean() }).optional(),
  })
  .meta({ id: 'ClueSummary' });

export const Clue = ClueSummary.extend({
  reports: z.array(
    z.object({
      reportId: z.string(),
      caseNumber: z.string().optional(),
      submittedAt: z.string(),
      acceptedAt: z.string(),
      category: z.enum(reportCategories),
      reporterKind: z.enum(['ANONYMOUS', 'REAL_NAME']),
      reporterFlag: ReporterFlag.optional(),
      /** The reporter's answers no handler has read yet. */
      unreadMessages: z.number().optional(),
      /** Real-name reports only: only a verified report counts toward its reporter's record. */
      identityStatus: z.enum(identityStatuses).optional(),
      /** 保存期限: the report's personal data (identity, messages, files) was erased then. */
      erasedAt: z.string().optional(),
    }),
  ),
  // One object with the allegation's fields and the clue's, not an intersection: Allegation is
  // strict (no other members), so `allOf` with it could never be satisfied.
  allegations: z.array(
    z.object({
      ...Allegation.shape,
      allegationId: z.string(),
      reportId: z.string(),
      predatesTenure: z.boolean().optional(),
    }),
  ),
  history: z.array(HistoryEntry),
  deadlines: z.object({
    concludeBy: z.string().optional(),
    suspended: z.boolean(),
    extension: Extension.optional(),
  }),
  proposal: Proposal.optional(),
  conclusion: Conclusion.optional(),
  rejections: z.array(Rejection).optional(),
  /** Where a transferred clue went: a body's name, or a commission's (with its id below). */
  transferredTo: z.string().optional(),
  /** A transfer to a commission of the deployment: its reports are in that commission's intake queue. */
  transferredToCommissionId: z.string().optional(),
  talkInquiry: z
    .object({
      form: z.enum(inquiryForms),
      record: z.string(),
      explanation: z.string().meta({ description: 'The cadre’s explanation (谈话函询)' }),
      recordedBy: z.string(),
      recordedAt: z.string(),
    })
    .optional(),
  /** Objections (异议) its reporters lodged, and conclusions an objection reopened. */
  objections: z
    .array(
      z.object({
        objectionId: z.string(),
        reportId: z.string(),
        conclusionAt: z.string(),
        lodgedAt: z.string(),
        status: z.enum(['OPEN', 'UPHELD', 'REOPENED']),
        decidedAt: z.string().optional(),
      }),
    )
    .optional(),
  reopenedConclusions: z
    .array(
      z.object({
        concludedAt: z.string(),
        approvedBy: z.string(),
        overallFinding: z.string(),
        objectionId: z.string(),
        reopenedAt: z.string(),
        reopenedBy: z.string(),
      }),
    )
    .optional(),
  reporterFlag: ReporterFlag.optional(),
  reporterStages: z.array(z.object({ at: z.string(), stage: z.enum(reporterStages) })),
  similarOpenClues: z
    .array(
      z.object({
        clueId: z.string(),
        caseNumber: z.string().optional(),
        status: z.string(),
        registeredAt: z.string(),
      }),
    )
    .optional(),
}).meta({ id: 'Clue' });

export const ClueList = page(ClueSummary).meta({ id: 'ClueList' });

export const ChainVerification = z
  .object({
    valid: z.boolean(),
    entries: z.number(),
    brokenAt: z.number().optional(),
    problem: z.string().optional(),
  })
  .meta({ id: 'ChainVerification' });

export const ReporterIdentity = z
  .object({
    reportId: z.string(),
    name: z.string().optional(),
    idNumber: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
    erasedAt: z
      .string()
      .optional()
      .meta({ description: '个人信息已按保存期限删除: the identity was erased then; nothing is returned' }),
  })
  .meta({ id: 'ReporterIdentity' });

export const Suggestions = z.object({ items: z.array(ClueSummary) }).meta({ id: 'ClueSuggestions' });
