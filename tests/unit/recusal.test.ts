/**
 * 回避 (shared/domain/recusal.ts): who may record it, what it bars, what happens to an assignee who
 * steps aside, and who may lift it (解除回避) and what a lifted one still does (nothing).
 */

import { describe, expect, it } from 'vitest';
import type { Clue } from '../../shared/domain/clue.ts';
import {
  type Acting,
  decideAction,
  decideIdentityOpening,
  decideRegistration,
} from '../../shared/domain/clue-decisions.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { isIdShaped } from '../../shared/domain/ids.ts';
import {
  assertNoConflict,
  conflictOf,
  decideRecusal,
  decideRecusalLift,
  type Recusal,
  recusalLimits,
  recusalRequestMessages,
  recusalRequestTimeline,
} from '../../shared/domain/recusal.ts';
import { newsFor } from '../../shared/domain/reporter-news.ts';
import { liftedRecusalEntity, recusalEntity } from '../../shared/store/recusals.ts';
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
  recusalId: `rcs_${userId}`,
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

describe('lifting a recusal (解除回避)', () => {
  const liftReason = '经核实，该同志与被反映人的亲属关系已不存在，解除回避。';
  const lifting = { actor: approver.actor, now };
  const liftedOf = (userId: string): Recusal => ({
    ...recusalOf(userId),
    lifted: { by: 'appr-9', at: now.toISOString(), reason: liftReason },
  });

  it('lets an approver lift a member’s recusal, kept with who lifted it, when and why, on the audit trail', () => {
    // Prepare
    const recusals = [recusalOf('inv-1'), recusalOf('inv-2')];

    // Act
    const decided = decideRecusalLift(
      verifying,
      { recusals },
      { recusalId: 'rcs_inv-1', reason: liftReason },
      lifting,
    );

    // Assess
    expect(decided.lifted).toEqual({
      ...recusalOf('inv-1'),
      lifted: { by: 'appr-1', at: now.toISOString(), reason: liftReason },
    });
    expect(decided.recusal).toEqual(recusalOf('inv-1'));
    expect(decided.clue).toBe(verifying);
    expect(decided.facts).toMatchObject({
      action: 'recusal-lifted',
      actor: 'appr-1',
      role: 'approver',
      reason: liftReason,
      details: { userId: 'inv-1', recusalId: 'rcs_inv-1', kind: 'DECLARED' },
    });
    expect(decided.events).toEqual([
      expect.objectContaining({ type: 'ClueRecusalLifted', userId: 'inv-1', recusalId: 'rcs_inv-1' }),
    ]);
    expect(JSON.stringify(decided.events)).not.toContain('亲属关系已不存在');
  });

  it('lets no one but an approver lift one, not even the member whose recusal it is', () => {
    const recusals = [recusalOf('inv-1')];
    const input = { recusalId: 'rcs_inv-1', reason: liftReason };
    const byMember = refusal(() =>
      decideRecusalLift(verifying, { recusals }, input, { actor: investigator.actor, now }),
    );
    expect(byMember.code).toBe('FORBIDDEN');
    expect(byMember.zh).toContain('审批人');
    const byIntake = refusal(() =>
      decideRecusalLift(verifying, { recusals }, input, { actor: intake.actor, now }),
    );
    expect(byIntake.code).toBe('FORBIDDEN');
  });

  it('refuses an approver lifting their own recusal, or any while barred from the clue', () => {
    // Prepare: appr-1 stepped aside, and so did inv-1 (then: appr-1 related to the clue's cadre instead).
    const recusals = [recusalOf('appr-1'), recusalOf('inv-1')];

    // Act
    const own = refusal(() =>
      decideRecusalLift(verifying, { recusals }, { recusalId: 'rcs_appr-1', reason: liftReason }, lifting),
    );
    const other = refusal(() =>
      decideRecusalLift(verifying, { recusals }, { recusalId: 'rcs_inv-1', reason: liftReason }, lifting),
    );
    const related = refusal(() =>
      decideRecusalLift(
        verifying,
        { recusals: [recusalOf('inv-1')], relations: [{ userId: 'appr-1' }] },
        { recusalId: 'rcs_inv-1', reason: liftReason },
        lifting,
      ),
    );

    // Assess
    expect(own.code).toBe('CONFLICT_OF_INTEREST');
    expect(other.code).toBe('CONFLICT_OF_INTEREST');
    expect(related.code).toBe('CONFLICT_OF_INTEREST');
  });

  it('answers an unknown recusal with 404 and a lifted one with 409', () => {
    const recusals = [liftedOf('inv-1'), recusalOf('inv-2')];
    const unknown = refusal(() =>
      decideRecusalLift(verifying, { recusals }, { recusalId: 'rcs_nobody', reason: liftReason }, lifting),
    );
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.zh).toContain('回避');
    const again = refusal(() =>
      decideRecusalLift(verifying, { recusals }, { recusalId: 'rcs_inv-1', reason: liftReason }, lifting),
    );
    expect(again.code).toBe('INVALID_TRANSITION');
    expect(again.zh).toContain('已经解除');
  });

  it('bars nobody once lifted: the member may be assigned and act, and may step aside again', () => {
    // Prepare
    const conflicts = { recusals: [liftedOf('inv-1')] };

    // Act
    const reassigned = decideAction(
      registered,
      { command: { action: 'assign', assignee: 'inv-1' }, expectedVersion: 1, policy, conflicts },
      intake,
    );
    const again = decideRecusal(registered, conflicts.recusals, { userId: 'inv-1', reason }, investigator);

    // Assess
    expect(conflictOf('inv-1', conflicts)).toBeUndefined();
    expect(() => assertNoConflict('inv-1', conflicts)).not.toThrow();
    expect(reassigned.clue.assignee).toBe('inv-1');
    expect(again.recusal).toMatchObject({ userId: 'inv-1', kind: 'DECLARED' });
    expect(again.recusal.recusalId).not.toBe('rcs_inv-1');
    expect(again.recusal.recusalId).toMatch(/^rcs_[A-Za-z0-9_-]{22}$/);
  });

  it('counts lifted recusals towards the bound on a clue', () => {
    const full = Array.from({ length: recusalLimits.perClue }, (_, n) => liftedOf(`inv-x${n}`));
    const refused = refusal(() => decideRecusal(registered, full, { userId: 'inv-1', reason }, investigator));
    expect(refused.code).toBe('INVALID_TRANSITION');
    expect(
      decideRecusal(registered, full.slice(1), { userId: 'inv-1', reason }, investigator).recusal,
    ).toBeDefined();
  });
});

describe('recusals as stored', () => {
  it('gives a recusal recorded before ids one the lift route accepts, the same at every read', () => {
    // Prepare: an item written before recusals had ids.
    const { recusalId: _none, ...old } = recusalOf('inv-1');
    const item = { ...recusalEntity.key('clu_1', 'inv-1'), entity: 'Recusal', ...old };

    // Act
    const read = recusalEntity.fromItem(item);
    const again = recusalEntity.fromItem(item);
    const other = recusalEntity.fromItem({ ...item, recordedAt: '2026-03-03T00:00:00.000Z' });

    // Assess
    expect(isIdShaped('recusalId', read.recusalId)).toBe(true);
    expect(again.recusalId).toBe(read.recusalId);
    expect(other.recusalId).not.toBe(read.recusalId);
    expect(recusalEntity.fromItem(recusalEntity.item(recusalOf('inv-2'))).recusalId).toBe('rcs_inv-2');
  });

  it('keeps a lifted recusal under its own key in the range the clue is loaded with', () => {
    const lifted = { ...recusalOf('inv-1'), lifted: { by: 'appr-1', at: now.toISOString(), reason } };
    const item = liftedRecusalEntity.item(lifted);
    expect(item.SK).toBe('CLUE#RECUSAL-LIFTED#rcs_inv-1');
    const sortKey = String(item.SK);
    expect(sortKey > 'CLUE' && sortKey < 'HEAD').toBe(true);
    expect(item.PK).toBe(recusalEntity.key('clu_1', 'inv-1').PK);
    expect(liftedRecusalEntity.fromItem(item)).toEqual(lifted);
  });
});

describe('a recusal a reporter asked for', () => {
  const request = { messageId: 'msg_asked', reportId: 'rpt_1' };
  const liftReason = '经核实，该同志与被反映人并无亲属关系，解除回避。';
  const later = new Date(now.getTime() + 3_600_000);

  it('names the request and its report on the recusal, the audit trail and the event, so that reporter is told', () => {
    // Act
    const decided = decideRecusal(verifying, [], { userId: 'inv-1', reason, request }, approver);

    // Assess
    expect(decided.recusal).toMatchObject({
      kind: 'RECORDED',
      requestMessageId: 'msg_asked',
      requestReportId: 'rpt_1',
    });
    expect(decided.facts.details).toMatchObject({ requestMessageId: 'msg_asked', requestReportId: 'rpt_1' });
    const recorded = decided.events.find((e) => e.type === 'ClueRecusalRecorded');
    expect(recorded).toMatchObject({ requestReportId: 'rpt_1' });
    expect(newsFor(recorded as NonNullable<typeof recorded>)).toEqual({ reportIds: ['rpt_1'] });
  });

  it('is an approver’s decision: the member named in it may not declare it as their own', () => {
    const own = () => decideRecusal(verifying, [], { userId: 'inv-1', reason, request }, investigator);
    expect(refusal(own)).toMatchObject({ code: 'FORBIDDEN', zh: expect.stringContaining('审批人') });
  });

  it('tells the reporter when it is lifted; a member’s own declaration lifted tells nobody', () => {
    // Prepare
    const asked = decideRecusal(verifying, [], { userId: 'inv-1', reason, request }, approver).recusal;
    const own = decideRecusal(
      verifying,
      [],
      { userId: 'inv-2', reason },
      as('inv-2', 'investigator'),
    ).recusal;
    const lift = (recusal: Recusal, clue: Clue = verifying) =>
      decideRecusalLift(
        clue,
        { recusals: [asked, own] },
        { recusalId: recusal.recusalId, reason: liftReason },
        { actor: as('appr-2', 'approver').actor, now: later },
      ).events[0] as NonNullable<ReturnType<typeof decideRecusalLift>['events'][0]>;

    // Act
    const liftedAsked = lift(asked);
    const liftedOwn = lift(own);
    const liftedAfterHandOver = lift(asked, {
      ...verifying,
      status: 'TRANSFERRED',
      transferredToCommissionId: 'county-b',
    });

    // Assess
    expect(liftedAsked).toMatchObject({ type: 'ClueRecusalLifted', requestReportId: 'rpt_1' });
    expect(newsFor(liftedAsked)).toEqual({ reportIds: ['rpt_1'] });
    expect(liftedOwn).not.toHaveProperty('requestReportId');
    expect(newsFor(liftedOwn)).toBeUndefined();
    // The report left with the clue's hand-over: its reporter follows it at the receiver.
    expect(newsFor(liftedAfterHandOver)).toBeUndefined();
    expect(JSON.stringify([liftedAsked, liftedOwn])).not.toContain('亲属关系');
  });

  it('shows its reporter the grant and the lift, in fixed words naming nobody; nothing of other recusals', () => {
    // Prepare
    const asked = decideRecusal(verifying, [], { userId: 'inv-1', reason, request }, approver).recusal;
    const lifted: Recusal = {
      ...asked,
      lifted: { by: 'appr-2', at: later.toISOString(), reason: liftReason },
    };
    const own = recusalOf('inv-2');
    const forOther = { ...asked, recusalId: 'rcs_other', requestReportId: 'rpt_2' };

    // Act
    const standing = recusalRequestTimeline([asked, own, forOther], 'rpt_1');
    const afterLift = recusalRequestTimeline([lifted, own, forOther], 'rpt_1');

    // Assess
    expect(standing).toEqual([{ at: now.toISOString(), text: recusalRequestMessages.RECORDED }]);
    expect(afterLift).toEqual([
      { at: now.toISOString(), text: recusalRequestMessages.RECORDED },
      { at: later.toISOString(), text: recusalRequestMessages.LIFTED },
    ]);
    expect(recusalRequestTimeline([own], own.userId)).toEqual([]);
    for (const text of Object.values(recusalRequestMessages)) {
      expect(text.zh).toMatch(/^(您提出的回避申请|经审查，您提出的回避申请)/);
      expect(text.en).toMatch(/recusal/);
      expect(`${text.zh}${text.en}`).not.toMatch(/inv-|appr-|表兄弟|亲属/);
    }
  });

  it('answers one request once, however many members stepped aside on it; lifted when none stands', () => {
    // Prepare: two members recused on the same request, the second a minute later.
    const first = decideRecusal(verifying, [], { userId: 'inv-1', reason, request }, approver).recusal;
    const second: Recusal = { ...first, recusalId: 'rcs_second', userId: 'inv-2' };
    const liftedAt = (at: Date) => ({ by: 'appr-2', at: at.toISOString(), reason: liftReason });
    const evenLater = new Date(later.getTime() + 60_000);

    // Act
    const both = recusalRequestTimeline([first, second], 'rpt_1');
    const oneLifted = recusalRequestTimeline([{ ...first, lifted: liftedAt(later) }, second], 'rpt_1');
    const bothLifted = recusalRequestTimeline(
      [
        { ...first, lifted: liftedAt(evenLater) },
        { ...second, lifted: liftedAt(later) },
      ],
      'rpt_1',
    );

    // Assess: the reporter cannot count the members from what they read.
    expect(both).toEqual([{ at: now.toISOString(), text: recusalRequestMessages.RECORDED }]);
    expect(oneLifted).toEqual(both);
    expect(bothLifted).toEqual([
      { at: now.toISOString(), text: recusalRequestMessages.RECORDED },
      { at: evenLater.toISOString(), text: recusalRequestMessages.LIFTED },
    ]);
  });
});
