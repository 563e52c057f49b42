/**
 * Deadlines (docs/domain.md), configurable per commission: acknowledgement of a real-name report in 15
 * working days, conclusion within 3 months of registration, one extension of up to 90 days.
 */
import { addMonths, addWorkingDays, type WorkingCalendar } from './calendar.ts';

export interface DeadlinePolicy {
  acknowledgeWorkingDays: number;
  concludeMonths: number;
  maxExtensionDays: number;
  calendar: WorkingCalendar;
  /** Result feedback to a real-name reporter after the conclusion (default 15, conversation.ts). */
  resultFeedbackWorkingDays?: number;
}

/**
 * Acknowledge a real-name report, conclude a clue, decide a clearance, visit after clearance, tell
 * a real-name reporter the result.
 */
/** TAKE_UP: a report transferred in from another commission, to be taken up (shared/domain/transfer.ts). */
export type DeadlineKind =
  | 'ACKNOWLEDGE'
  | 'CONCLUDE'
  | 'DECIDE'
  | 'FOLLOW_UP'
  | 'RESULT_FEEDBACK'
  | 'TAKE_UP';

export interface Deadline {
  kind: DeadlineKind;
  at: string;
}

export const acknowledgeBy = (submittedAt: Date, policy: DeadlinePolicy): string =>
  addWorkingDays(submittedAt, policy.acknowledgeWorkingDays, policy.calendar).toISOString();

export const concludeBy = (registeredAt: Date, policy: DeadlinePolicy): string =>
  addMonths(registeredAt, policy.concludeMonths).toISOString();

/** The key that makes an alert happen once per clue and deadline. */
export const deadlineKey = (deadline: Deadline): string => `${deadline.kind}@${deadline.at}`;

export const isOverdue = (deadline: Deadline | undefined, now: Date): boolean =>
  deadline !== undefined && deadline.at < now.toISOString();
