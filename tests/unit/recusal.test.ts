/** 回避 (shared/domain/recusal.ts): who may record it, what it bars, and what happens to an assignee who steps aside. */

import { describe, expect, it } from 'vitest';
import type { Clue } from '../../shared/domain/clue.ts';
import {
  type Acting,
  decideAction,
  decideIdentityOpening,
  decideRegistration,
} from '../../shared/domain/clue-decisions.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { assertNoConflict, conflictOf, decideRecusal, type Recusal } from '../../shared/domain/recusal.ts';
import { plainDeadlinePolicy as policy } from '../support/fixtures.ts';

const now = new Date('2026-03-02T02:00:00Z');
const as = (userId: string, role: 'intake' | 'investigator' | 'approver'): Acting => ({
  actor: { userId, roles: [role] },
  role,
  now,
});
const intake = as('intake-1', 'intake');
const investigator = as('inv-1', 'investigator');
const approver = as('appr-1', 'approver');

const registered = decideRegistration(
  {
    clueId: 'clu_1',
    reports: [
      {
        reportId: 'rpt_1',
        accused: { name: '张三', position: '副局长', organization: '能源局' },
        allegations: [{ summary: '收受礼金' }],
        reporterKind: 'ANONYMOUS',
      },
    ],
    policy,
  },
  intake,
).clue;
const assigned: Clue = { ...registered, status: 'ASSIGNED', assignee: 'inv-1', version: 2 };
const verifying: Clue = { ...assigned, status: 'UNDER_VERIFICATION', version: 3 };
const reason = '本人与被反映人系表兄弟关系，申请回避。';

const refusal = (decide: () => unknown): { code: string; zh?: string } => {
  try {
    decide();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, zh: error.text.zh };
    throw error;
  }
  return { code: 'decided' };
};

const recusalOf = (userId: string): Recusal => ({
  clueId: 'clu_1',
  userId,
  kind: 'DECLARED',
  reason,
  recordedBy: userId,
  recordedAt: now.toISOString(),
});

describe('recording a recusal', () => {
  it('lets a member declare their own, in any role, and puts who and why on the audit trail', () => {
    const decided = decideRecusal(registered, [], { userId: 'intake-1', reason }, intake);
    expect(decided.recusal).toMatchObject({ userId: 'intake-1', kind: 'DECLARED', recordedBy: 'intake-1' });
    expect(decided.facts).toMatchObject({
      action: 'recusal',
      reason,
      details: { userId: 'intake-1', kind: 'DECLARED' },
    });
    expect(decided.clue).toBe(registered);
  });

  it('lets only an approver record one for someone else', () => {
    expect(refusal(() => decideRecusal(registered, [], { userId: 'inv-1', reason }, intake)).code).toBe(
      'FORBIDDEN',
    );
    const recorded = decideRecusal(registered, [], { userId: 'inv-1', reason }, approver);
    expect(recorded.recusal).toMatchObject({ kind: 'RECORDED', recordedBy: 'appr-1' });
  });

  it('refuses a recused approver recording one for someone else', () => {
    const recused = () =>
      decideRecusal(registered, [recusalOf('appr-1')], { userId: 'inv-2', reason }, approver);
    expect(refusal(recused).code).toBe('CONFLICT_OF_INTEREST');
  });

  it('refuses a second recusal of the same member', () => {
    const again = () =>
      decideRecusal(registered, [recusalOf('inv-2')], { userId: 'inv-2', reason }, approver);
    expect(refusal(again).code).toBe('INVALID_TRANSITION');
  });

  it('never puts the reason into the event', () => {
    const decided = decideRecusal(verifying, [], { userId: 'inv-1', reason }, investigator);
    expect(JSON.stringify(decided.events)).not.toContain('表兄弟');
    expect(decided.events.at(-1)).toMatchObject({ type: 'ClueRecusalRecorded', assigneeCleared: true });
  });
});

describe('an assignee who steps aside', () => {
  it('sends an assigned clue back to the registration queue without an assignee', () => {
    const decided = decideRecusal(assigned, [], { userId: 'inv-1', reason }, investigator);
    expect(decided.clue).toMatchObject({ status: 'REGISTERED', assignee: undefined, version: 3 });
    expect(decided.events.map((e) => e.type)).toEqual(['ClueStatusChanged', 'ClueRecusalRecorded']);
  });

  it('leaves a clue in verification where it is, to be assigned again from there', () => {
    const decided = decideRecusal(verifying, [], { userId: 'inv-1', reason }, investigator);
    expect(decided.clue).toMatchObject({ status: 'UNDER_VERIFICATION', assignee: undefined });
    const conflicts = { recusals: [recusalOf('inv-1')] };
    const input = {
      command: { action: 'assign', assignee: 'inv-2' } as const,
      expectedVersion: 4,
      policy,
      conflicts,
    };
    const reassigned = decideAction(decided.clue, input, intake);
    expect(reassigned.clue).toMatchObject({ status: 'UNDER_VERIFICATION', assignee: 'inv-2' });
  });

  it('still refuses reassigning a clue in verification that has its assignee', () => {
    const input = { command: { action: 'assign', assignee: 'inv-2' } as const, expectedVersion: 3, policy };
    expect(refusal(() => decideAction(verifying, input, intake)).code).toBe('INVALID_TRANSITION');
  });
});

describe('what a conflict bars', () => {
  const conflicts = { recusals: [recusalOf('inv-1')], relations: [{ userId: 'inv-3' }] };

  it('names the reason: stepped aside, or related to the cadre', () => {
    expect(conflictOf('inv-1', conflicts)).toBe('RECUSED');
    expect(conflictOf('inv-3', conflicts)).toBe('RELATED');
    expect(conflictOf('inv-2', conflicts)).toBeUndefined();
    expect(() => assertNoConflict('inv-2', conflicts)).not.toThrow();
  });

  it('refuses every action of a recused member before anything else, even at a stale version', () => {
    const input = {
      command: { action: 'start-verification' } as const,
      expectedVersion: 1,
      policy,
      conflicts,
    };
    const refused = refusal(() => decideAction(assigned, input, investigator));
    expect(refused.code).toBe('CONFLICT_OF_INTEREST');
    expect(refused.zh).toContain('回避');
  });

  it('refuses assigning a recused or related member, at assignment', () => {
    for (const assignee of ['inv-1', 'inv-3']) {
      const input = {
        command: { action: 'assign', assignee } as const,
        expectedVersion: 1,
        policy,
        conflicts,
      };
      expect(refusal(() => decideAction(registered, input, intake)).code).toBe('CONFLICT_OF_INTEREST');
    }
    const input = {
      command: { action: 'assign', assignee: 'inv-2' } as const,
      expectedVersion: 1,
      policy,
      conflicts,
    };
    expect(decideAction(registered, input, intake).clue.assignee).toBe('inv-2');
  });

  it('refuses an identity opening by a member related to the cadre', () => {
    const related = as('inv-3', 'approver');
    const input = { reportId: 'rpt_1', hadIdentity: true, reason: '核查需要', conflicts };
    expect(refusal(() => decideIdentityOpening(registered, input, related)).code).toBe(
      'CONFLICT_OF_INTEREST',
    );
    expect(decideIdentityOpening(registered, input, approver).facts.action).toBe('reveal-reporter-identity');
  });
});
