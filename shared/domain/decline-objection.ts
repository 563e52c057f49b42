/**
 * 异议 to a decline before registration (不予受理): the report has no clue, so the objection is
 * kept on the report and its own audit trail (REPORT#id). Once per decline, within the window
 * after it (objection.ts `standingAgainst`). An approver upholds the decline (the reporter is
 * told it stands) or reopens the report: it goes back to the intake queue unregistered, to be
 * registered or declined again; a new decline is a new decision, open to a new objection.
 */
import type { HistoryFacts } from './audit.ts';
import { DomainError, type Message, notFound } from './errors.ts';
import { type DomainEvent, domainEvent } from './events.ts';
import {
  type ClueObjection,
  type ObjectableConclusion,
  type ObjectionDecision,
  type ObjectionStanding,
  objectionMessages,
  refusalOf,
  standingAgainst,
} from './objection.ts';
import type { TimelineEntry } from './report.ts';
import type { Actor } from './roles.ts';

/** What these decisions need of a report. */
export interface DeclinedReportState {
  reportId: string;
  status: string;
  declinedAt?: string | undefined;
  objections?: ClueObjection[] | undefined;
}

/** The decline a reporter can object to, while the report stands declined. */
export const declineOf = (report: DeclinedReportState): ObjectableConclusion | undefined =>
  report.status === 'DECLINED' && report.declinedAt
    ? { stage: 'NOT_ACCEPTED', at: report.declinedAt }
    : undefined;

export const declineStanding = (
  report: DeclinedReportState,
  now: Date,
  windowDays: number,
): ObjectionStanding =>
  standingAgainst(declineOf(report), report.objections, report.reportId, now, windowDays);

/** What the reporter is told of the answer to an objection to a decline. */
export const declineObjectionMessages: Record<'LODGED' | 'UPHELD' | 'REOPENED', Message> = {
  LODGED: objectionMessages.LODGED,
  UPHELD: {
    zh: '经复核，原不予受理决定并无不当，予以维持。',
    en: 'Your objection has been reviewed: the decision not to accept the report stands.',
  },
  REOPENED: {
    zh: '经复核，决定撤销原不予受理决定，您的检举控告将重新进行受理审查。',
    en: 'Your objection has been reviewed: the decision not to accept the report was withdrawn, and the report will be considered for acceptance again.',
  },
};

/** The reporter's timeline of the objections to declines of this report, oldest first. */
export const declineObjectionTimeline = (report: DeclinedReportState) =>
  (report.objections ?? []).flatMap((o) => [
    { at: o.lodgedAt, text: declineObjectionMessages.LODGED },
    ...(o.status !== 'OPEN' && o.decidedAt
      ? [{ at: o.decidedAt, text: declineObjectionMessages[o.status] }]
      : []),
  ]);

export interface DeclineObjectionLodging {
  objection: ClueObjection;
  objections: ClueObjection[];
  windowEndsAt: string;
  facts: HistoryFacts;
  event: DomainEvent<'DeclineObjectionLodged'>;
}

/** The reporter objects to the decline: refused outside the window or when one was lodged. */
export const decideDeclineObjectionLodging = (
  report: DeclinedReportState,
  input: { objectionId: string; windowDays: number },
  now: Date,
): DeclineObjectionLodging => {
  const standing = declineStanding(report, now, input.windowDays);
  const refusal = refusalOf(standing);
  if (refusal || standing.kind !== 'ALLOWED') throw refusal;
  const at = now.toISOString();
  const { reportId } = report;
  const objection: ClueObjection = {
    objectionId: input.objectionId,
    reportId,
    conclusionAt: standing.conclusion.at,
    lodgedAt: at,
    status: 'OPEN',
  };
  const { objectionId, conclusionAt: declinedAt } = objection;
  return {
    objection,
    objections: [...(report.objections ?? []), objection],
    windowEndsAt: standing.until,
    facts: {
      at,
      actor: 'reporter',
      role: 'public',
      action: 'objection-lodged',
      details: { objectionId, reportId, conclusionAt: declinedAt, stage: 'NOT_ACCEPTED' },
    },
    event: domainEvent('DeclineObjectionLodged', { objectionId, reportId, declinedAt }, at),
  };
};

export interface DeclineObjectionDecision {
  objection: ClueObjection;
  objections: ClueObjection[];
  /** REOPEN: the report's timeline goes back to RECEIVED and it returns to the intake queue. */
  reopened?: TimelineEntry | undefined;
  facts: HistoryFacts;
  event: DomainEvent<'DeclineObjectionDecided'>;
}

/** An approver answers: the decline stands (UPHOLD) or the report is taken back in (REOPEN). */
export const decideDeclineObjection = (
  report: DeclinedReportState,
  input: { objectionId: string; decision: ObjectionDecision; reason: string },
  acting: { actor: Actor; now: Date },
): DeclineObjectionDecision => {
  const objection = report.objections?.find((o) => o.objectionId === input.objectionId);
  if (!objection) throw notFound({ zh: '未找到该异议', en: 'No such objection' });
  if (objection.status !== 'OPEN') {
    throw new DomainError('INVALID_TRANSITION', {
      zh: '该异议已作出复核决定',
      en: 'This objection has already been decided',
    });
  }
  // An open objection belongs to the decline in force: the report cannot have moved on without it.
  if (declineOf(report)?.at !== objection.conclusionAt) {
    throw new DomainError('INVALID_TRANSITION', {
      zh: '该举报的处理状态已发生变化，请刷新后重试',
      en: 'The report has changed meanwhile',
    });
  }
  const at = acting.now.toISOString();
  const reopen = input.decision === 'REOPEN';
  const decided: ClueObjection = { ...objection, status: reopen ? 'REOPENED' : 'UPHELD', decidedAt: at };
  return {
    objection: decided,
    objections: (report.objections ?? []).map((o) => (o.objectionId === decided.objectionId ? decided : o)),
    reopened: reopen ? { at, stage: 'RECEIVED' } : undefined,
    facts: {
      at,
      actor: acting.actor.userId,
      role: 'approver',
      action: reopen ? 'objection-reopened' : 'objection-upheld',
      ...(reopen ? { fromStatus: 'DECLINED', toStatus: 'UNREGISTERED' } : {}),
      reason: input.reason,
      details: {
        objectionId: objection.objectionId,
        reportId: report.reportId,
        conclusionAt: objection.conclusionAt,
      },
    },
    event: domainEvent(
      'DeclineObjectionDecided',
      { objectionId: objection.objectionId, reportId: report.reportId, decision: input.decision },
      at,
    ),
  };
};
