/** The clue workflow contract (CONTRACT.md commission routes). */
import * as z from 'zod';
import { findings } from '../domain/findings.ts';
import { reportCategories } from '../domain/report.ts';
import { clueStatuses, reporterStages } from '../domain/stages.ts';
import { page, pageQuery, text } from './common.ts';
import { Accused, Allegation } from './reports.ts';

const id = z.string().min(1).max(64);
const version = z.number().int().positive();
const reason = text(500);

export const RegisterClueRequest = z
  .strictObject({ reportIds: z.array(id).min(1).max(20), cadreId: id.optional() })
  .meta({ id: 'RegisterClueRequest' });

export const MergeReportRequest = z
  .strictObject({ reportId: id, expectedVersion: version })
  .meta({ id: 'MergeReportRequest' });

export const LinkCadreRequest = z
  .strictObject({ cadreId: id, expectedVersion: version })
  .meta({ id: 'LinkCadreRequest' });

const FindingEntry = z.strictObject({ allegationId: id.max(100), finding: z.enum(findings), reason });

/** Each action's payload (CONTRACT.md action table), told apart by `action`. */
export const ClueActionRequest = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('assign'), expectedVersion: version, assignee: text(128) }),
    z.strictObject({ action: z.literal('start-verification'), expectedVersion: version }),
    z.strictObject({
      action: z.literal('propose-conclusion'),
      expectedVersion: version,
      findings: z.array(FindingEntry).min(1).max(100),
      summary: text(2000),
    }),
    z.strictObject({
      action: z.literal('approve-conclusion'),
      expectedVersion: version,
      comment: text(1000).optional(),
    }),
    z.strictObject({ action: z.literal('reject-conclusion'), expectedVersion: version, reason }),
    z.strictObject({
      action: z.literal('request-extension'),
      expectedVersion: version,
      days: z.number().int().min(1).max(90),
      reason,
    }),
    z.strictObject({
      action: z.literal('approve-extension'),
      expectedVersion: version,
      days: z.number().int().min(1).max(90),
      reason,
    }),
    z.strictObject({ action: z.literal('shelve'), expectedVersion: version, reason }),
    z.strictObject({ action: z.literal('resume'), expectedVersion: version, reason }),
    z.strictObject({ action: z.literal('transfer'), expectedVersion: version, reason, to: text(200) }),
    z.strictObject({ action: z.literal('close'), expectedVersion: version, reason }),
  ])
  .meta({ id: 'ClueActionRequest' });
export type ClueActionRequest = z.infer<typeof ClueActionRequest>;

export const ListCluesQuery = z
  .strictObject({
    status: z.enum(clueStatuses).optional(),
    assignee: text(128).optional(),
    overdue: z.enum(['true']).optional(),
    ...pageQuery,
  })
  .refine((q) => q.status || q.assignee || q.overdue, {
    message: 'give status, assignee or overdue=true',
    path: ['status'],
  });

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
  })
  .meta({ id: 'HistoryEntry' });

const ReporterFlag = z.object({ level: z.string(), status: z.string(), flagId: z.string() });

export const ClueSummary = z
  .object({
    clueId: z.string(),
    status: z.enum(clueStatuses),
    version: z.number(),
    registeredAt: z.string(),
    accused: Accused,
    cadreId: z.string().optional(),
    assignee: z.string().optional(),
    reportCount: z.number(),
    allegationCount: z.number(),
    deadline: z
      .object({ kind: z.string(), at: z.string(), overdue: z.boolean(), daysLeft: z.number() })
      .optional(),
    overallFinding: z.enum(findings).optional(),
  })
  .meta({ id: 'ClueSummary' });

export const Clue = ClueSummary.extend({
  reports: z.array(
    z.object({
      reportId: z.string(),
      submittedAt: z.string(),
      acceptedAt: z.string(),
      category: z.enum(reportCategories),
      reporterKind: z.enum(['ANONYMOUS', 'REAL_NAME']),
      reporterFlag: ReporterFlag.optional(),
    }),
  ),
  allegations: z.array(
    Allegation.and(
      z.object({ allegationId: z.string(), reportId: z.string(), predatesTenure: z.boolean().optional() }),
    ),
  ),
  history: z.array(HistoryEntry),
  deadlines: z.object({
    concludeBy: z.string().optional(),
    suspended: z.boolean(),
    extension: z.record(z.string(), z.unknown()).optional(),
  }),
  proposal: z.record(z.string(), z.unknown()).optional(),
  conclusion: z.record(z.string(), z.unknown()).optional(),
  rejections: z.array(z.record(z.string(), z.unknown())).optional(),
  transferredTo: z.string().optional(),
  reporterFlag: ReporterFlag.optional(),
  reporterStages: z.array(z.object({ at: z.string(), stage: z.enum(reporterStages) })),
  similarOpenClues: z
    .array(z.object({ clueId: z.string(), status: z.string(), registeredAt: z.string() }))
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

export const RevealIdentityRequest = z
  .strictObject({ reason: text(1000) })
  .meta({ id: 'RevealIdentityRequest' });
export const ReporterIdentity = z
  .object({
    reportId: z.string(),
    name: z.string().optional(),
    idNumber: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
  })
  .meta({ id: 'ReporterIdentity' });

export const Suggestions = z.object({ items: z.array(ClueSummary) }).meta({ id: 'ClueSuggestions' });
