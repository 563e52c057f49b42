/**
 * A report (检举控告) as the public submits it, and what intake makes of it: an identifier, a
 * timeline starting at RECEIVED, and the ReportSubmitted event. The reporter's identity is not
 * part of the report record in the clear; see shared/crypto/vault.ts and reporter.ts.
 */

import type { HistoryFacts } from './audit.ts';
import type { Escalation } from './commission.ts';
import { acknowledgeBy, type DeadlinePolicy } from './deadlines.ts';
import { type DisclosurePolicy, type PublicOutcome, publicOutcome } from './disclosure.ts';
import { DomainError, type Message } from './errors.ts';
import { type DomainEvent, domainEvent } from './events.ts';
import type { Finding } from './findings.ts';
import { newId } from './ids.ts';
import { generateReceiptCode } from './receipt-code.ts';
import { identityOf, newsContactOf } from './reporter.ts';
import type { Actor } from './roles.ts';
import { type ClueStatus, type ReporterStage, reporterStageOf } from './stages.ts';
import { type ReportTransfer, transferMessage } from './transfer.ts';
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
  /**
   * The commission it was sent to (shared/domain/commission.ts). Reports stored before there were
   * several commissions have none: they belong to the single one (`commissionOf`).
   */
  commissionId?: string | undefined;
  /**
   * Sent above the commission it was addressed to, and why (a report about that commission's own
   * leadership: `routeReport`). Staff of the receiving commission see it in the queue.
   */
  escalation?: Escalation | undefined;
  /** Hand-overs between commissions, oldest first (transfer.ts); the last names where it is now. */
  transfers?: ReportTransfer[] | undefined;
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
    /** Where it goes (shared/store/commissions.ts `destination`), and why if sent up a level. */
    commissionId?: string | undefined;
    escalation?: Escalation | undefined;
  },
  now: Date,
  policy: DeadlinePolicy,
  channel: ReportChannel = 'ONLINE',
) => {
  const { accused, category, allegations, reporter, commissionId } = submission;
  const reporterKind = reporter.anonymous ? 'ANONYMOUS' : 'REAL_NAME';
  const received = receiveReport({ accused, category, allegations, reporterKind }, now, channel);
  const report: Report = {
    ...received,
    ...(commissionId ? { commissionId } : {}),
    ...(submission.escalation ? { escalation: submission.escalation } : {}),
  };
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

/** What the reporter is told at each disposal, in words that fit it (2020 rules, art. 17). */
const statusMessages: Partial<Record<ReporterStage, Message>> = {
  ACCEPTED: { zh: '您的检举控告已受理。', en: 'Your report has been accepted.' },
  TRANSFERRED: {
    zh: '您的检举控告已按规定转交有管辖权的机关办理。',
    en: 'Your report was passed to the authority competent for it.',
  },
  NOT_ACCEPTED: {
    zh: '经审查，您反映的问题不属于本机关受理范围，决定不予受理。您可以向有管辖权的机关反映。',
    en: 'The matters reported are outside this commission’s remit, so the report was not accepted. You may report them to the competent authority.',
  },
  CLOSED: {
    zh: '您反映的问题经研究已予以了结。如有新的情况或证据，可以继续反映。',
    en: 'The matters reported were considered and the case was closed. If there is new information or evidence, you may report again.',
  },
  REFERRED: {
    zh: '您反映的问题已按规定移送审查调查，将依规依纪依法处理。',
    en: 'The matters reported were referred for formal investigation and will be dealt with according to the rules and the law.',
  },
};

/** 不予受理: intake declines a report that no clue has taken in, with the reason for the record. */
export const decideDecline = (
  report: { reportId: string; status: string },
  reason: string,
  actor: Actor,
  now: Date,
): { entry: TimelineEntry; facts: HistoryFacts; event: DomainEvent<'ReportDeclined'> } => {
  if (report.status !== 'UNREGISTERED') {
    throw new DomainError('INVALID_TRANSITION', {
      zh: '该举报已受理或已决定不予受理，不能再作不予受理处理',
      en: 'This report was already registered or declined',
    });
  }
  const at = now.toISOString();
  return {
    entry: { at, stage: 'NOT_ACCEPTED' },
    facts: {
      at,
      actor: actor.userId,
      role: actor.roles.includes('intake') ? 'intake' : 'approver',
      action: 'decline-report',
      reason,
      details: { reportId: report.reportId },
    },
    event: domainEvent('ReportDeclined', { reportId: report.reportId, at }, at),
  };
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
  // Without a clue, the report's own timeline tells: RECEIVED, or NOT_ACCEPTED once declined.
  const stage = clue ? reporterStageOf(clue.status) : (report.timeline.at(-1)?.stage ?? 'RECEIVED');
  // A hand-over inside the deployment names the receiving commission (its name, never a member's).
  const handedTo = (at: string) => report.transfers?.find((t) => t.at === at)?.toName;
  const messages = timeline
    .filter((entry) => statusMessages[entry.stage])
    .map((entry) => {
      const to = entry.stage === 'TRANSFERRED' ? handedTo(entry.at) : undefined;
      return { at: entry.at, text: to ? transferMessage(to) : (statusMessages[entry.stage] as Message) };
    });
  const outcome =
    clue?.status === 'CONCLUDED' && clue.outcome && clue.concludedAt
      ? { ...publicOutcome(clue.outcome, policy), concludedAt: clue.concludedAt }
      : undefined;
  return { reportId: report.reportId, stage, timeline, ...(outcome ? { outcome } : {}), messages };
};
