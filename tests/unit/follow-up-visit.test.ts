/** Recording the follow-up visit (回访): who may, once, and what goes on the audit trail. */
import { describe, expect, it } from 'vitest';
import { decideFollowUpVisit, type FollowUp } from '../../shared/domain/clearance-steps.ts';

const pending: FollowUp = {
  followUpId: 'flw_1',
  clearanceId: 'clr_1',
  clueId: 'clu_1',
  cadre: { name: '张三', position: '局长', organization: '某县某局' },
  dueAt: '2026-12-01T00:00:00.000Z',
  status: 'PENDING',
};
const now = new Date('2026-12-02T08:00:00.000Z');
const investigator = { userId: 'inv-1', roles: ['investigator' as const] };

describe('recording a follow-up visit', () => {
  it('records the visit by the clue’s investigator, dated now unless given, on the trail', () => {
    const { followUp, facts } = decideFollowUpVisit(pending, {
      notes: '已回访，本人表示满意',
      actor: investigator,
      investigator: 'inv-1',
      now,
    });
    expect(followUp).toEqual({
      ...pending,
      status: 'DONE',
      notes: '已回访，本人表示满意',
      visitedAt: now.toISOString(),
      visitedBy: 'inv-1',
    });
    expect(facts).toMatchObject({ actor: 'inv-1', role: 'investigator', action: 'record-follow-up' });
  });

  it('refuses another investigator (403) and a visit recorded already (409)', () => {
    const input = { notes: 'n', actor: { userId: 'inv-2', roles: ['investigator' as const] }, now };
    expect(() => decideFollowUpVisit(pending, { ...input, investigator: 'inv-1' })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() =>
      decideFollowUpVisit(
        { ...pending, status: 'DONE' },
        { ...input, actor: investigator, investigator: 'inv-1' },
      ),
    ).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it('lets an approver record it, in the approver’s role', () => {
    const approver = { userId: 'apr-1', roles: ['approver' as const] };
    const { facts } = decideFollowUpVisit(pending, {
      notes: 'n',
      actor: approver,
      investigator: 'inv-1',
      now,
    });
    expect(facts.role).toBe('approver');
  });
});
