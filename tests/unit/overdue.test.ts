/** The overdue sweep's decision: which passed deadline is alerted, once, with which event and trail. */
import { describe, expect, it } from 'vitest';
import type { Clue } from '../../shared/domain/clue.ts';
import { type DueItem, overdueAlert } from '../../shared/domain/overdue.ts';

const now = new Date('2026-06-01T00:00:00Z');
const past = '2026-05-01T00:00:00.000Z';
const future = '2026-07-01T00:00:00.000Z';

const clue = (concludeBy: string | undefined) =>
  ({
    clueId: 'clu_1',
    status: 'UNDER_VERIFICATION',
    assignee: 'inv-1',
    registeredAt: '2026-01-01T00:00:00.000Z',
    ...(concludeBy ? { concludeBy } : {}),
  }) as unknown as Clue;

const report = (extra: Partial<DueItem> = {}): DueItem =>
  ({
    entity: 'Report',
    reportId: 'rpt_1',
    submittedAt: '2026-04-01T00:00:00.000Z',
    status: 'UNREGISTERED',
    acknowledgeBy: past,
    ...extra,
  }) as DueItem;
const clearance: DueItem = {
  entity: 'Clearance',
  clearanceId: 'clr_1',
  clueId: 'clu_1',
  status: 'CONSENTED',
  decideBy: past,
};
const followUp: DueItem = {
  entity: 'FollowUp',
  followUpId: 'flw_1',
  clearanceId: 'clr_1',
  clueId: 'clu_1',
  status: 'PENDING',
  dueAt: past,
};

describe('the overdue decision', () => {
  it.each([
    ['Clue', { entity: 'Clue', clue: clue(past) } as DueItem, 'ClueOverdue', 'CONCLUDE', { clueId: 'clu_1' }],
    ['Report', report(), 'ReportOverdue', 'ACKNOWLEDGE', { reportId: 'rpt_1' }],
    ['Clearance', clearance, 'ClearanceDecisionOverdue', 'DECIDE', { clueId: 'clu_1' }],
    ['FollowUp', followUp, 'FollowUpDue', 'FOLLOW_UP', { clueId: 'clu_1' }],
  ] as const)('alerts a passed %s deadline on its trail, as the system', (_, due, type, kind, trail) => {
    const alert = overdueAlert(due, now);
    expect(alert).toMatchObject({
      deadline: { kind, at: past },
      alertedDeadline: `${kind}@${past}`,
      trail,
      facts: {
        actor: 'overdue-sweep',
        role: 'system',
        action: 'deadline-alert',
        details: { kind, at: past },
      },
      event: { type, occurredAt: now.toISOString(), deadline: { kind, at: past } },
    });
    // Only items other than clues are written on condition that their deadline still runs.
    expect(alert?.stillDue === undefined).toBe(due.entity === 'Clue');
  });

  it('says nothing before the deadline, after it was alerted, or for a clue with no deadline', () => {
    expect(overdueAlert(report({ acknowledgeBy: future }), now)).toBeUndefined();
    expect(overdueAlert(report({ alertedDeadline: `ACKNOWLEDGE@${past}` }), now)).toBeUndefined();
    expect(overdueAlert({ entity: 'Clue', clue: clue(undefined) }, now)).toBeUndefined();
  });

  it('alerts a moved deadline again: the key is kind and time', () => {
    expect(
      overdueAlert(report({ alertedDeadline: 'ACKNOWLEDGE@2026-04-20T00:00:00.000Z' }), now),
    ).toBeDefined();
  });

  it('says nothing once the item left the states in which its deadline runs', () => {
    expect(overdueAlert(report({ status: 'REGISTERED' }), now)).toBeUndefined();
    expect(overdueAlert({ ...clearance, status: 'DECLINED' }, now)).toBeUndefined();
    expect(overdueAlert({ ...followUp, status: 'DONE' }, now)).toBeUndefined();
  });

  it('keeps the stillDue condition to the states in which the deadline runs', () => {
    expect(overdueAlert(clearance, now)?.stillDue).toEqual({
      kind: 'DECIDE',
      field: 'decideBy',
      statuses: ['AWAITING_CONSENT', 'CONSENTED'],
    });
  });
});
