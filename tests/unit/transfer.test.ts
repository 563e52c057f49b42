/** Transfers between commissions: the receiver, the take-up deadline, the alert, the reporter's words. */
import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarOf } from '../../shared/domain/calendar.ts';
import { overdueAlert } from '../../shared/domain/overdue.ts';
import { reporterView } from '../../shared/domain/report.ts';
import { entriesOfClue, readingBasis } from '../../shared/domain/retention.ts';
import { assertMayReceive, decideEscalation, transferTargetOf } from '../../shared/domain/transfer.ts';

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
  it('refuses an unknown commission (400 on the field, as the portal does) and the sender itself (409)', () => {
    expect(() => transferTargetOf('nowhere', 'county-a', undefined)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ path: 'body.toCommissionId', code: 'unknown_commission' })],
      }),
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

  it('never goes back to the commission whose own leaders it concerns', () => {
    const aboutCityLeaders = {
      reportId: 'rpt_2',
      status: 'UNREGISTERED',
      escalation: { fromCommissionId: 'city-jia', reason: 'COMMISSION_LEADERSHIP' as const },
    };
    const refused = () => decideEscalation(aboutCityLeaders, actor, context);
    expect(refused).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    expect(refused).toThrow(
      expect.objectContaining({ text: expect.objectContaining({ zh: expect.stringContaining('领导班子') }) }),
    );
    // To any other commission it may go; a clue holding it is checked the same way.
    expect(
      decideEscalation(aboutCityLeaders, actor, { ...context, to: context.from }).handOver.transfer,
    ).toMatchObject({ toCommissionId: 'county-a' });
    expect(() => assertMayReceive([{}, aboutCityLeaders], context.to)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    expect(() => assertMayReceive([{}, aboutCityLeaders], context.from)).not.toThrow();
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

describe('the retention index across a transfer', () => {
  const clue = (over: Record<string, unknown>) => ({
    clueId: 'clu_1',
    version: 5,
    status: 'TRANSFERRED' as const,
    reports: [{ reportId: 'rpt_1' }],
    stageTimeline: [{ at: '2026-04-01T00:00:00Z', stage: 'TRANSFERRED' as const }],
    ...over,
  });

  it("leaves a transferred report's entry to the receiver, and orders readings by time across clues", () => {
    // The sender's clue, transferred within the deployment, speaks for none of its reports.
    expect(
      entriesOfClue(clue({ transferredToCommissionId: 'city-jia' }), 'county-a', '2026-04-01T00:00:00Z'),
    ).toEqual([]);
    // Transferred to a body outside the system, its reports stay with it (not ended).
    expect(
      entriesOfClue(clue({ transferredTo: '某县公安局' }), 'county-a', '2026-04-01T00:00:00Z'),
    ).toMatchObject([{ reportId: 'rpt_1', ended: false }]);
    // The receiver's clue at version 2, later, comes after the sender's clue at version 5.
    const sender = readingBasis('2026-04-01T00:00:00.000Z', 5);
    const receiver = entriesOfClue(
      clue({
        clueId: 'clu_2',
        version: 2,
        status: 'CLOSED',
        stageTimeline: [{ at: '2026-04-03T00:00:00.000Z', stage: 'CLOSED' }],
      }),
      'city-jia',
      '2026-04-03T00:00:00.000Z',
    )[0];
    expect(receiver).toMatchObject({ ended: true, commissionId: 'city-jia' });
    expect(sender < (receiver?.basis ?? '')).toBe(true);
    // Within one instant, the version decides; version 10 comes after version 9.
    expect(readingBasis('2026-04-03T00:00:00.000Z', 9) < readingBasis('2026-04-03T00:00:00.000Z', 10)).toBe(
      true,
    );
  });
});
