/** The conversation's decisions: who may write, what a result message meets, what is owed at conclusion. */
import { describe, expect, it } from 'vitest';
import { calendarOf } from '../../shared/domain/calendar.ts';
import type { Clue } from '../../shared/domain/clue.ts';
import {
  conversationOf,
  decideReporterMessage,
  decideStaffMessage,
  feedbackDeadlines,
  handlerRole,
  type ResultFeedback,
} from '../../shared/domain/conversation.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { overdueAlert } from '../../shared/domain/overdue.ts';
import type { Actor } from '../../shared/domain/roles.ts';
import { plainDeadlinePolicy } from '../support/fixtures.ts';

const now = new Date('2026-06-01T02:00:00Z');
const intake: Actor = { userId: 'intake-1', roles: ['intake'] };
const assignee: Actor = { userId: 'inv-1', roles: ['investigator'] };
const otherInvestigator: Actor = { userId: 'inv-2', roles: ['investigator'] };
const approver: Actor = { userId: 'appr-1', roles: ['approver'] };

const waiting = { reportId: 'rpt_1', status: 'UNREGISTERED' as const };
const registered = { reportId: 'rpt_1', status: 'REGISTERED' as const, clueId: 'clu_1' };
const clue = (status: Clue['status'] = 'UNDER_VERIFICATION') => ({
  clueId: 'clu_1',
  status,
  assignee: 'inv-1',
});

const refusal = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'other';
  }
};

describe('handlerRole', () => {
  it('is intake before registration, and the assignee or an approver after', () => {
    expect(handlerRole(waiting, undefined, intake)).toBe('intake');
    expect(refusal(() => handlerRole(waiting, undefined, approver))).toBe('FORBIDDEN');
    expect(refusal(() => handlerRole(registered, clue(), intake))).toBe('FORBIDDEN');
    expect(handlerRole(registered, clue(), assignee)).toBe('investigator');
    expect(refusal(() => handlerRole(registered, clue(), otherInvestigator))).toBe('FORBIDDEN');
    expect(handlerRole(registered, clue(), approver)).toBe('approver');
  });
});

describe('decideStaffMessage', () => {
  const pending: ResultFeedback = {
    reportId: 'rpt_1',
    clueId: 'clu_1',
    concludedAt: '2026-05-20T02:00:00.000Z',
    feedbackBy: '2026-06-10T02:00:00.000Z',
    status: 'PENDING',
  };

  it('puts the message on the clue’s trail and in an event, neither carrying the text', () => {
    const decision = decideStaffMessage(
      { report: registered, clue: clue(), feedback: undefined, result: false },
      { actor: assignee, now },
    );
    expect(decision.trail).toEqual({ clueId: 'clu_1' });
    expect(decision.facts).toMatchObject({ action: 'send-reporter-message', role: 'investigator' });
    expect(decision.event).toMatchObject({
      type: 'ReporterMessageSent',
      reportId: 'rpt_1',
      messageId: decision.message.messageId,
      at: now.toISOString(),
    });
    expect(decision.message).toMatchObject({ from: 'COMMISSION', author: 'inv-1' });
    expect(decision.message.messageId).toMatch(/^msg_/);
    expect(decision.feedbackMet).toBeUndefined();
  });

  it('goes on the report’s own trail before registration', () => {
    const decision = decideStaffMessage(
      { report: waiting, clue: undefined, feedback: undefined, result: false },
      { actor: intake, now },
    );
    expect(decision.trail).toEqual({ reportId: 'rpt_1' });
  });

  it('meets an open feedback deadline with a result message only, and refuses one before conclusion', () => {
    const input = { report: registered, clue: clue('CONCLUDED'), feedback: pending };
    expect(
      decideStaffMessage({ ...input, result: false }, { actor: approver, now }).feedbackMet,
    ).toBeUndefined();
    const result = decideStaffMessage({ ...input, result: true }, { actor: approver, now });
    expect(result.feedbackMet).toMatchObject({ status: 'MET', metAt: now.toISOString() });
    expect(result.facts).toMatchObject({
      action: 'send-result-feedback',
      details: { feedbackBy: pending.feedbackBy },
    });
    const again = { ...input, feedback: { ...pending, status: 'MET' as const }, result: true };
    expect(decideStaffMessage(again, { actor: approver, now }).feedbackMet).toBeUndefined();
    expect(
      refusal(() =>
        decideStaffMessage(
          { ...input, clue: clue('UNDER_VERIFICATION'), result: true },
          { actor: approver, now },
        ),
      ),
    ).toBe('INVALID_TRANSITION');
  });
});

describe('decideReporterMessage', () => {
  it('marks the answer unread on the clue once registered', () => {
    expect(decideReporterMessage(registered, now)).toMatchObject({
      clueId: 'clu_1',
      message: { from: 'REPORTER' },
    });
    expect(decideReporterMessage(waiting, now).clueId).toBeUndefined();
  });
});

describe('feedbackDeadlines', () => {
  const concluded = {
    clueId: 'clu_1',
    status: 'CONCLUDED',
    conclusion: { concludedAt: '2026-06-01T02:00:00.000Z' },
    reports: [
      { reportId: 'rpt_named', reporterKind: 'REAL_NAME' },
      { reportId: 'rpt_anon', reporterKind: 'ANONYMOUS' },
    ],
  } as unknown as Clue;

  it('owes the result to real-name reporters only, 15 working days after the conclusion', () => {
    const owed = feedbackDeadlines(concluded, plainDeadlinePolicy);
    expect(owed.map((f) => f.reportId)).toEqual(['rpt_named']);
    // Monday 1 June + 15 working days = the end of Monday 22 June, Beijing time.
    expect(owed[0]).toMatchObject({ status: 'PENDING', feedbackBy: '2026-06-22T15:59:59.999Z' });
  });

  it('follows the configured number of days and the holiday calendar', () => {
    const policy = {
      ...plainDeadlinePolicy,
      resultFeedbackWorkingDays: 5,
      calendar: calendarOf(['2026-06-03'], []),
    };
    expect(feedbackDeadlines(concluded, policy)[0]?.feedbackBy).toBe('2026-06-09T15:59:59.999Z');
  });

  it('owes nothing for a clue that has not concluded', () => {
    expect(feedbackDeadlines({ ...concluded, status: 'CLOSED' }, plainDeadlinePolicy)).toEqual([]);
  });

  it('is alerted once when it passes unmet, and not once met', () => {
    const due = {
      entity: 'ResultFeedback' as const,
      reportId: 'rpt_named',
      clueId: 'clu_1',
      status: 'PENDING',
      feedbackBy: '2026-06-22T02:00:00.000Z',
    };
    const later = new Date('2026-06-23T00:00:00Z');
    const alert = overdueAlert(due, later);
    expect(alert).toMatchObject({
      trail: { clueId: 'clu_1' },
      event: { type: 'ResultFeedbackOverdue', deadline: { kind: 'RESULT_FEEDBACK' } },
    });
    expect(overdueAlert({ ...due, alertedDeadline: alert?.alertedDeadline }, later)).toBeUndefined();
    expect(overdueAlert({ ...due, status: 'MET' }, later)).toBeUndefined();
    expect(overdueAlert(due, now)).toBeUndefined();
  });
});

describe('conversationOf', () => {
  it('keeps the status texts as the commission’s, between the written messages, oldest first', () => {
    const merged = conversationOf(
      [{ at: '2026-06-02T00:00:00.000Z', text: '您的举报已受理。' }],
      [
        { messageId: 'msg_b', from: 'REPORTER', text: '好的', at: '2026-06-03T00:00:00.000Z' },
        { messageId: 'msg_a', from: 'COMMISSION', text: '请补充', at: '2026-06-01T00:00:00.000Z' },
      ],
    );
    expect(merged.map((m) => [m.from, m.text])).toEqual([
      ['COMMISSION', '请补充'],
      ['COMMISSION', '您的举报已受理。'],
      ['REPORTER', '好的'],
    ]);
  });
});
