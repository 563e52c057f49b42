/**
 * The overdue sweep's decision (docs/domain.md, deadlines): given an item of the deadline index and
 * the time, whether its deadline has passed unalerted, and if so the alert — the deadline, the
 * facts for the audit trail, the event for the commission alerts topic. Each deadline is alerted
 * once: the item records `kind@at` (deadlineKey) and leaves the due partition of the index.
 */
import type { HistoryFacts } from './audit.ts';
import { type Clue, nextDeadline } from './clue.ts';
import { type Deadline, deadlineKey } from './deadlines.ts';
import { type DomainEvent, domainEvent } from './events.ts';
import type { ClearanceStatus } from './vocabulary.ts';

interface Alerted {
  /** The deadline alerted last (kind@at), if any. */
  alertedDeadline?: string | undefined;
}

/** What the sweep reads from the deadline index, by entity. */
export type DueItem = Alerted &
  (
    | { entity: 'Clue'; clue: Clue }
    | {
        entity: 'Report';
        reportId: string;
        submittedAt: string;
        status: string;
        acknowledgeBy?: string | undefined;
        /** A report transferred in (transfer.ts): when the receiving commission must take it up. */
        takeUpBy?: string | undefined;
      }
    | { entity: 'Clearance'; clearanceId: string; clueId: string; status: ClearanceStatus; decideBy: string }
    | {
        entity: 'FollowUp';
        followUpId: string;
        clearanceId: string;
        clueId: string;
        status: string;
        dueAt: string;
      }
    | { entity: 'ResultFeedback'; reportId: string; clueId: string; status: string; feedbackBy: string }
  );

/**
 * The deadline each entity other than a clue keeps, and the states in which it still runs: a
 * report until it is registered, a clearance until it is decided, a visit until it is recorded.
 * The alert is written only if the item is still so (the clue's own version guards a clue).
 */
export const runningDeadlines = {
  Report: { kind: 'ACKNOWLEDGE', field: 'acknowledgeBy', statuses: ['UNREGISTERED'] },
  Clearance: { kind: 'DECIDE', field: 'decideBy', statuses: ['AWAITING_CONSENT', 'CONSENTED'] },
  FollowUp: { kind: 'FOLLOW_UP', field: 'dueAt', statuses: ['PENDING'] },
  ResultFeedback: { kind: 'RESULT_FEEDBACK', field: 'feedbackBy', statuses: ['PENDING'] },
} as const;

/**
 * A report transferred in from another commission keeps this deadline instead of the
 * acknowledgement (the hand-over told its reporter where it went): 5 working days to take it up.
 */
export const takeUpDeadline = { kind: 'TAKE_UP', field: 'takeUpBy', statuses: ['UNREGISTERED'] } as const;

export type StillDue = (typeof runningDeadlines)[keyof typeof runningDeadlines] | typeof takeUpDeadline;

/** The deadline an item other than a clue keeps, and the states in which it runs. */
const runningOf = (due: Exclude<DueItem, { entity: 'Clue' }>): StillDue =>
  due.entity === 'Report' && due.takeUpBy ? takeUpDeadline : runningDeadlines[due.entity];

export interface OverdueAlert {
  deadline: Deadline;
  /** What the item records, so that this deadline is not alerted again. */
  alertedDeadline: string;
  /** The audit trail the alert goes on: the clue's, or the report's while it has none. */
  trail: { clueId: string } | { reportId: string };
  /** For items other than clues: the state that must still hold when the alert is written. */
  stillDue?: StillDue;
  facts: HistoryFacts;
  event: DomainEvent;
}

const deadlineOf = (due: DueItem): Deadline | undefined => {
  if (due.entity === 'Clue') return nextDeadline(due.clue);
  const running = runningOf(due);
  const statuses: readonly string[] = running.statuses;
  if (!statuses.includes(due.status)) return undefined;
  const at =
    due.entity === 'Report'
      ? (due.takeUpBy ?? due.acknowledgeBy)
      : due.entity === 'Clearance'
        ? due.decideBy
        : due.entity === 'ResultFeedback'
          ? due.feedbackBy
          : due.dueAt;
  return at ? { kind: running.kind, at } : undefined;
};

/** The alert's event and the trail it goes on, by entity. */
const alertOf = (due: DueItem, deadline: Deadline, at: string) => {
  switch (due.entity) {
    case 'Clue': {
      const { clueId, status, assignee, registeredAt } = due.clue;
      const payload = { clueId, deadline, status, assignee, registeredAt };
      return { trail: { clueId }, event: domainEvent('ClueOverdue', payload, at) };
    }
    case 'Report': {
      const payload = { reportId: due.reportId, submittedAt: due.submittedAt, deadline };
      return { trail: { reportId: due.reportId }, event: domainEvent('ReportOverdue', payload, at) };
    }
    case 'Clearance': {
      const payload = { clearanceId: due.clearanceId, clueId: due.clueId, status: due.status, deadline };
      return { trail: { clueId: due.clueId }, event: domainEvent('ClearanceDecisionOverdue', payload, at) };
    }
    case 'FollowUp': {
      const { followUpId, clearanceId, clueId } = due;
      const payload = { followUpId, clearanceId, clueId, deadline };
      return { trail: { clueId }, event: domainEvent('FollowUpDue', payload, at) };
    }
    case 'ResultFeedback': {
      const payload = { reportId: due.reportId, clueId: due.clueId, deadline };
      return { trail: { clueId: due.clueId }, event: domainEvent('ResultFeedbackOverdue', payload, at) };
    }
  }
};

/** The alert for an item whose deadline has passed and was not alerted yet; otherwise nothing. */
export const overdueAlert = (due: DueItem, now: Date): OverdueAlert | undefined => {
  const deadline = deadlineOf(due);
  const at = now.toISOString();
  if (!deadline || deadline.at >= at || due.alertedDeadline === deadlineKey(deadline)) return undefined;
  return {
    deadline,
    alertedDeadline: deadlineKey(deadline),
    ...alertOf(due, deadline, at),
    ...(due.entity === 'Clue' ? {} : { stillDue: runningOf(due) }),
    facts: { at, actor: 'overdue-sweep', role: 'system', action: 'deadline-alert', details: { ...deadline } },
  };
};
