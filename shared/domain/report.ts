/**
 * A report (检举控告) as the public submits it, and what intake makes of it: an identifier, a
 * timeline starting at RECEIVED, and the ReportSubmitted event. The reporter's identity is not
 * part of the report record in the clear; see shared/crypto/vault.ts and reporter.ts.
 */
import { newId } from './ids.ts';
import { type ClueStatus, type ReporterStage, reporterStageOf } from './stages.ts';

export const reportCategories = ['CORRUPTION', 'DISCIPLINE', 'DERELICTION', 'WORK_STYLE', 'OTHER'] as const;
export type ReportCategory = (typeof reportCategories)[number];

export interface Accused {
  name: string;
  position: string;
  organization: string;
  region?: string | undefined;
}

export interface Allegation {
  summary: string;
  details?: string | undefined;
  incidentFrom?: string | undefined;
  incidentTo?: string | undefined;
}

export type ReporterKind = 'ANONYMOUS' | 'REAL_NAME';

export interface TimelineEntry {
  at: string;
  stage: ReporterStage;
}

export interface ReportSubmission {
  accused: Accused;
  category: ReportCategory;
  allegations: Allegation[];
  reporterKind: ReporterKind;
}

export interface Report extends ReportSubmission {
  reportId: string;
  submittedAt: string;
  timeline: TimelineEntry[];
}

export interface ReportSubmitted {
  eventId: string;
  type: 'ReportSubmitted';
  occurredAt: string;
  reportId: string;
  category: ReportCategory;
  reporterKind: ReporterKind;
  allegationCount: number;
}

export const receiveReport = (submission: ReportSubmission, now: Date): Report => {
  const submittedAt = now.toISOString();
  return {
    ...submission,
    reportId: newId('rpt'),
    submittedAt,
    timeline: [{ at: submittedAt, stage: 'RECEIVED' }],
  };
};

/** The event carries no identity and no allegation text: subscribers fetch what they may see. */
export const reportSubmitted = (report: Report): ReportSubmitted => ({
  eventId: newId('evt'),
  type: 'ReportSubmitted',
  occurredAt: report.submittedAt,
  reportId: report.reportId,
  category: report.category,
  reporterKind: report.reporterKind,
  allegationCount: report.allegations.length,
});

/** A report as the receipt lookup shows it to its reporter: stages and messages, nothing internal. */
export interface ReporterView {
  reportId: string;
  stage: ReporterStage;
  timeline: TimelineEntry[];
  outcome?: Record<string, unknown>;
  messages: { at: string; text: string }[];
}

export const reporterView = (
  report: Report & {
    clueStatus?: ClueStatus;
    messages?: { at: string; text: string }[];
    outcome?: Record<string, unknown>;
  },
): ReporterView => ({
  reportId: report.reportId,
  stage: reporterStageOf(report.clueStatus),
  timeline: report.timeline,
  ...(report.outcome ? { outcome: report.outcome } : {}),
  messages: report.messages ?? [],
});
