/**
 * Opening an identity (查看举报人身份信息): a reporter's or an accuser's identity is opened only for a
 * stated reason, on the audit trail, and at most a few times per staff member and day, whichever
 * route opens it. The day is the commission's calendar day (China time), so the budget frees at
 * local midnight, not at 08:00 in the morning.
 */
import { chinaDate, endOfChinaDay } from './calendar.ts';
import { DomainError } from './errors.ts';

export interface BudgetDay {
  /** YYYY-MM-DD in China time: the key of the day's budget. */
  day: string;
  /** The first instant of the next day, when the budget frees. */
  freesAt: Date;
}

export const budgetDay = (now: Date): BudgetDay => {
  const day = chinaDate(now);
  return { day, freesAt: new Date(endOfChinaDay(day).getTime() + 1) };
};

/** The day's budget is spent: 429 with the seconds until it frees (at least one). */
export const identityBudgetSpent = (perDay: number, now: Date): DomainError =>
  new DomainError(
    'RATE_LIMITED',
    {
      zh: `今日查看身份信息已达 ${perDay} 次上限，请次日再办理`,
      en: `You have opened ${perDay} identities today, the daily limit; this resets at midnight China time`,
    },
    undefined,
    Math.max(1, Math.ceil((budgetDay(now).freesAt.getTime() - now.getTime()) / 1000)),
  );
