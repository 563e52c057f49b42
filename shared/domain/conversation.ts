/**
 * The conversation between the commission and a reporter (与举报人沟通), and the result feedback
 * (办理结果反馈) a real-name reporter is owed once the clue concludes (docs/domain.md). Pure: the
 * handlers load the report, its clue and any open feedback deadline, these decide, and the message
 * store commits. The text of a message is never part of a decision's facts or events: it is sealed
 * by the store and only ever opened for the reporter (by receipt code) and the staff handling it.
 */

import type { HistoryFacts } from './audit.ts';
import { addWorkingDays } from './calendar.ts';
import type { Clue } from './clue.ts';
import type { DeadlinePolicy } from './deadlines.ts';
import { DomainError, forbidden, type Message } from './errors.ts';
import { type DomainEvent, domainEvent } from './events.ts';
import { newId } from './ids.ts';
import type { Actor } from './roles.ts';

/** The longest message either side may send, in characters (docs/api.md). */
export const messageLimits = { text: 2000 } as const;

/** Working days from the conclusion within which a real-name reporter is told the result. */
export const defaultFeedbackWorkingDays = 15;

export type MessageFrom = 'COMMISSION' | 'REPORTER';

/** A message as stored, without its text (sealed beside it, see shared/store/messages.ts). */
export interface ConversationMessage {
  messageId: string;
  reportId: string;
  from: MessageFrom;
  at: string;
  /** The staff member who wrote it; never shown to the reporter. */
  author?: string | undefined;
  /** The commission's message telling the reporter the result (结果反馈). */
  result?: boolean | undefined;
}

/** The result feedback a real-name report is owed after its clue concluded. */
export interface ResultFeedback {
  reportId: string;
  clueId: string;
  concludedAt: string;
  feedbackBy: string;
  status: 'PENDING' | 'MET';
  metAt?: string | undefined;
  messageId?: string | undefined;
}

/** What the decisions need of the report. */
export interface ReportForMessage {
  reportId: string;
  /** DECLINED (不予受理) stays intake's, who may still explain the decision to the reporter. */
  status: 'UNREGISTERED' | 'REGISTERED' | 'DECLINED';
  clueId?: string | undefined;
}

/** What the decisions need of the report's clue, once it has one. */
export type ClueForMessage = Pick<Clue, 'clueId' | 'status' | 'assignee'>;

/**
 * Who handles a report, and may write to and read from its reporter: intake until it is registered;
 * then the clue's assigned investigator and the approvers. Anyone else: 403.
 */
export const handlerRole = (
  report: ReportForMessage,
  clue: ClueForMessage | undefined,
  actor: Actor,
): HistoryFacts['role'] => {
  if (report.status === 'UNREGISTERED' || report.status === 'DECLINED') {
    if (actor.roles.includes('intake')) return 'intake';
  } else if (clue) {
    if (actor.roles.includes('approver')) return 'approver';
    if (actor.roles.includes('investigator') && clue.assignee === actor.userId) return 'investigator';
  }
  throw forbidden({
    zh: '您不是该举报的承办人员，无权查看或发送沟通信息',
    en: 'Only the staff handling this report may read or send its messages',
  });
};

/** The reporter answers through the receipt code: the message, and whose queue shows it unread. */
export const decideReporterMessage = (report: ReportForMessage, now: Date) => ({
  message: {
    messageId: newId('msg'),
    reportId: report.reportId,
    from: 'REPORTER',
    at: now.toISOString(),
  } satisfies ConversationMessage,
  /** The clue whose list marks the answer unread, once the report is registered. */
  clueId: report.clueId,
});

const trailOf = ({ clueId, reportId }: ReportForMessage): { clueId: string } | { reportId: string } =>
  clueId ? { clueId } : { reportId };

const noResultToGive: Message = {
  zh: '该举报所涉线索尚未办结，不能发送办理结果反馈',
  en: 'The clue of this report has not concluded; there is no result to give yet',
};

/**
 * A message from the commission to the reporter. It goes on the clue's audit trail (the report's
 * before registration) without its text, and ReporterMessageSent tells the notifier that there is
 * news, again without the text. A result message (`result`) is only for a concluded clue and
 * meets the report's open feedback deadline, if it has one.
 */
export const decideStaffMessage = (
  input: {
    report: ReportForMessage;
    clue: ClueForMessage | undefined;
    feedback: ResultFeedback | undefined;
    result: boolean;
  },
  acting: { actor: Actor; now: Date },
) => {
  const { report, clue, feedback } = input;
  const role = handlerRole(report, clue, acting.actor);
  if (input.result && clue?.status !== 'CONCLUDED')
    throw new DomainError('INVALID_TRANSITION', noResultToGive);
  const at = acting.now.toISOString();
  const message: ConversationMessage = {
    messageId: newId('msg'),
    reportId: report.reportId,
    from: 'COMMISSION',
    at,
    author: acting.actor.userId,
    ...(input.result ? { result: true } : {}),
  };
  const meets = input.result && feedback?.status === 'PENDING' ? feedback : undefined;
  const facts: HistoryFacts = {
    at,
    actor: acting.actor.userId,
    role,
    action: input.result ? 'send-result-feedback' : 'send-reporter-message',
    details: {
      reportId: report.reportId,
      messageId: message.messageId,
      ...(meets ? { feedbackBy: meets.feedbackBy } : {}),
    },
  };
  const event: DomainEvent<'ReporterMessageSent'> = domainEvent(
    'ReporterMessageSent',
    { reportId: report.reportId, messageId: message.messageId, at },
    at,
  );
  return {
    message,
    facts,
    event,
    /** The audit trail it goes on: the clue's once registered, else the report's. */
    trail: trailOf(report),
    feedbackMet: meets && { ...meets, status: 'MET' as const, metAt: at, messageId: message.messageId },
  };
};

/**
 * At approve-conclusion: each real-name report of the clue is owed the result within so many
 * working days of the conclusion. Anonymous reporters read the result through their receipt code.
 */
export const feedbackDeadlines = (clue: Clue, policy: DeadlinePolicy): ResultFeedback[] => {
  const concludedAt = clue.conclusion?.concludedAt;
  if (clue.status !== 'CONCLUDED' || !concludedAt) return [];
  const days = policy.resultFeedbackWorkingDays ?? defaultFeedbackWorkingDays;
  const feedbackBy = addWorkingDays(new Date(concludedAt), days, policy.calendar).toISOString();
  return clue.reports
    .filter((r) => r.reporterKind === 'REAL_NAME')
    .map((r) => ({ reportId: r.reportId, clueId: clue.clueId, concludedAt, feedbackBy, status: 'PENDING' }));
};

/** One entry of the conversation as the reporter reads it. */
export interface ConversationEntry {
  messageId: string;
  from: MessageFrom;
  text: string;
  at: string;
}

/**
 * The reporter's conversation: the commission's fixed status texts (受理, 移送, …) as messages from
 * the commission, and the written messages of both sides, oldest first.
 */
export const conversationOf = (
  statusTexts: readonly { at: string; text: string }[],
  written: readonly ConversationEntry[],
): ConversationEntry[] =>
  [
    ...statusTexts.map((s, i) => ({
      messageId: `status-${i + 1}`,
      from: 'COMMISSION' as const,
      text: s.text,
      at: s.at,
    })),
    ...written,
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
