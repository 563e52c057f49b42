/** Transfers between commissions: the receiver, the take-up deadline, the alert, the reporter's words. */
import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarOf } from '../../shared/domain/calendar.ts';
import { overdueAlert } from '../../shared/domain/overdue.ts';
import { reporterView } from '../../shared/domain/report.ts';
import { decideEscalation, transferTargetOf } from '../../shared/domain/transfer.ts';

const now = new Date('2026-04-30T02:00:00Z');
const calendar = calendarOf(['2026-05-01', '2026-05-04', '2026-05-05'], []);
const context = {
  from: { commissionId: 'county-a', name: '甲市A县纪委监委' },
  to: { commissionId: 'city-jia', name: '甲市纪委监委' },
  reason: '反映本机关负责人问题',
  now,
  calendar,
};
const actor = { userId: 'intake-a', roles: ['intake'] } as never;

describe('transfer target', () => {
  it('refuses an unknown commission (404) and the sender itself (409)', () => {
    expect(() => transferTargetOf('nowhere', 'county-a', undefined)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() => transferTargetOf('county-a', 'county-a', { name: 'x' })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    expect(transferTargetOf('city-jia', 'county-a', { name: '甲市纪委监委' })).toEqual(context.to);
  });
});

describe('escalation of a waiting report', () => {
  it("is due 5 working days on in the receiver's calendar, and only while unregistered", () => {
    const report = { reportId: 'rpt_1', status: 'UNREGISTERED', caseNumber: '〔2026〕A县信访第0001号' };
    const decided = decideEscalation(report, actor, context);
    // 30 Apr, then 1, 4, 5 May are holidays: 6, 7, 8, 11, 12 May.
    expect(decided.handOver.takeUpBy).toBe(addWorkingDays(now, 5, calendar).toISOString());
    expect(decided.handOver.takeUpBy.startsWith('2026-05-12')).toBe(true);
    expect(decided.handOver.transfer).toMatchObject({
      fromCaseNumber: report.caseNumber,
      toName: '甲市纪委监委',
    });
    expect(decided.event).toMatchObject({ reportIds: ['rpt_1'] });
    expect(() => decideEscalation({ ...report, status: 'REGISTERED' }, actor, context)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });

  it('is alerted as TAKE_UP once past due, not before', () => {
    const takeUpBy = '2026-05-12T15:59:59.999Z';
    const due = {
      entity: 'Report',
      reportId: 'rpt_1',
      submittedAt: now.toISOString(),
      status: 'UNREGISTERED',
      takeUpBy,
    } as const;
    expect(overdueAlert(due, new Date('2026-05-12T10:00:00Z'))).toBeUndefined();
    expect(overdueAlert(due, new Date('2026-05-13T00:00:00Z'))?.deadline).toEqual({
      kind: 'TAKE_UP',
      at: takeUpBy,
    });
  });

  it("tells the reporter the receiver's name", () => {
    const decided = decideEscalation({ reportId: 'rpt_1', status: 'UNREGISTERED' }, actor, context);
    const report = {
      reportId: 'rpt_1',
      submittedAt: '2026-04-29T00:00:00Z',
      timeline: [{ at: '2026-04-29T00:00:00Z', stage: 'RECEIVED' as const }, ...decided.handOver.entries],
      transfers: [decided.handOver.transfer],
    } as never;
    const view = reporterView(report, undefined, { showFindings: true } as never);
    expect(view.stage).toBe('TRANSFERRED');
    expect(view.messages.at(-1)?.text.zh).toContain('甲市纪委监委');
  });
});
