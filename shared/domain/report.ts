/**
 * A report (检举控告) as the public submits it, and what intake makes of it: an identifier, a
 * timeline starting at RECEIVED, and the ReportSubmitted event. The reporter's identity is not
 * part of the report record in the clear; see shared/crypto/vault.ts and reporter.ts.
 */

import { acknowledgeBy, type DeadlinePolicy } from './deadlines.ts';
import { type DisclosurePolicy, type PublicOutcome, publicOutcome } from './disclosure.ts';
import type { Message } from './errors.ts';
import { type DomainEvent, domainEvent } from './events.ts';
import type { Finding } from './findings.ts';
import { newId } from './ids.ts';
import { generateReceiptCode } from './receipt-code.ts';
import { identityOf, newsContactOf } from './reporter.ts';
import { type ClueStatus, type ReporterStage, reporterStageOf } from './stages.ts';
import type { ReportCategory, ReportChannel, ReporterKind } from './vocabulary.ts';

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
  /**
   * How it came in (ONLINE, or taken at the counter). Not part of the content the receipt hashes:
   * the receipt proves what was reported, the channel is the commission's own record. Reports
   * stored before channels were recorded have none: they came in ONLINE.
   */
  channel?: ReportChannel | undefined;
}

export type ReportSubmitted = DomainEvent<'ReportSubmitted'>;

export const receiveReport = (
  submission: ReportSubmission,
  now: Date,
  channel: ReportChannel = 'ONLINE',
): Report => {
  const submittedAt = now.toISOString();
  return {
    ...submission,
    reportId: newId('rpt'),
    submittedAt,
    timeline: [{ at: submittedAt, stage: 'RECEIVED' }],
    channel,
  };
};

/** The event carries no identity and no allegation text: subscribers fetch what they may see. */
export const reportSubmitted = (report: Report): ReportSubmitted =>
  domainEvent(
    'ReportSubmitted',
    {
      reportId: report.reportId,
      category: report.category,
      reporterKind: report.reporterKind,
      allegationCount: report.allegations.length,
      channel: report.channel ?? 'ONLINE',
    },
    report.submittedAt,
  );

/**
 * What intake makes of a submission: the report, the receipt code its reporter keeps, the identity
 * to seal, where news of it may be sent (sealed apart, for the notifier alone: reporter-news.ts),
 * the event and, for a real-name reporter, when they are owed word of acceptance. `channel` is
 * ONLINE for the portal, or how a report taken at the counter came in.
 */
export const receiveSubmission = (
  submission: Omit<ReportSubmission, 'reporterKind'> & {
    reporter: Parameters<typeof identityOf>[0];
    notifyMe?: { email: string } | undefined;
  },
  now: Date,
  policy: DeadlinePolicy,
  channel: ReportChannel = 'ONLINE',
) => {
  const { accused, category, allegations, reporter } = submission;
  const reporterKind = reporter.anonymous ? 'ANONYMOUS' : 'REAL_NAME';
  const report = receiveReport({ accused, category, allegations, reporterKind }, now, channel);
  return {
    report,
    receiptCode: generateReceiptCode(),
    identity: identityOf(reporter, submission.notifyMe),
    newsContact: newsContactOf(submission.notifyMe),
    event: reportSubmitted(report),
    acknowledgeBy: reporter.anonymous ? undefined : acknowledgeBy(now, policy),
  };
};

/** A report as the receipt lookup shows it to its reporter: stages and messages, nothing internal. */
export interface ReporterView {
  reportId: string;
  stage: ReporterStage;
  timeline: TimelineEntry[];
  outcome?: { result: PublicOutcome; text: Message; concludedAt: string };
  messages: { at: string; text: Message }[];
}

/** What the lookup needs of the report's clue, if a clue has taken it in. */
export interface ClueForReporter {
  status: ClueStatus;
  stageTimeline: TimelineEntry[];
  acceptedAt: string;
  outcome?: Finding | undefined;
  concludedAt?: string | undefined;
}

const statusMessages: Partial<Record<ReporterStage, Message>> = {
  ACCEPTED: { zh: '您的举报已受理。', en: 'Your report has been accepted.' },
  TRANSFERRED: {
    zh: '您的举报已移送有关机关处理。',
    en: 'Your report was transferred to the competent authority.',
  },
  NOT_ACCEPTED: {
    zh: '您反映的问题不属于本机关受理范围，已了结。',
    en: 'The matters reported are outside the remit of this commission; the report was closed.',
  },
};

export const reporterView = (
  report: Report,
  clue: ClueForReporter | undefined,
  policy: DisclosurePolicy,
): ReporterView => {
  const timeline: TimelineEntry[] = [...report.timeline];
  if (clue) {
    // A report merged into a running clue joins its timeline from the moment it was accepted.
    timeline.push({ at: clue.acceptedAt, stage: 'ACCEPTED' });
    timeline.push(...clue.stageTimeline.filter((entry) => entry.at > clue.acceptedAt));
  }
  const stage = reporterStageOf(clue?.status);
  const messages = timeline
    .filter((entry) => statusMessages[entry.stage])
    .map((entry) => ({ at: entry.at, text: statusMessages[entry.stage] as Message }));
  const outcome =
    clue?.status === 'CONCLUDED' && clue.outcome && clue.concludedAt
      ? { ...publicOutcome(clue.outcome, policy), concludedAt: clue.concludedAt }
      : undefined;
  return { reportId: report.reportId, stage, timeline, ...(outcome ? { outcome } : {}), messages };
};
