import { describe, expect, it } from 'vitest';
import {
  actionRules,
  applyAction,
  type Clue,
  type ClueAction,
  type ClueCommand,
  clueActions,
  registerClue,
} from '../../shared/domain/clue.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { type Role, roles } from '../../shared/domain/roles.ts';
import { type ClueStatus, clueStatuses } from '../../shared/domain/stages.ts';
import { plainDeadlinePolicy } from '../support/fixtures.ts';

const policy = plainDeadlinePolicy;
const now = new Date('2026-03-02T02:00:00Z');

const base = registerClue({
  clueId: 'clu_1',
  reports: [
    {
      reportId: 'rpt_1',
      accused: { name: '张三', position: '副局长', organization: '能源局' },
      allegations: [{ summary: '收受礼金' }],
      reporterKind: 'ANONYMOUS',
    },
  ],
  actor: { userId: 'intake-1', roles: ['intake'] },
  now,
  policy,
});

const reason = '经调阅会议记录和财务凭证核实，所反映事项与事实不符。';
const commands: Record<ClueAction, ClueCommand> = {
  assign: { action: 'assign', assignee: 'inv-1' },
  'start-verification': { action: 'start-verification' },
  'talk-inquiry': {
    action: 'talk-inquiry',
    form: 'TALK',
    record: '约谈张三同志，就反映的收受礼金问题听取说明。',
    explanation: '张三同志说明：所收物品系亲属馈赠自产农产品，已登记。',
  },
  'propose-conclusion': {
    action: 'propose-conclusion',
    summary: '不属实',
    findings: [{ allegationId: 'rpt_1-a1', finding: 'UNTRUE', reason }],
  },
  'approve-conclusion': { action: 'approve-conclusion' },
  'reject-conclusion': { action: 'reject-conclusion', reason },
  'request-extension': { action: 'request-extension', days: 30, reason },
  'approve-extension': { action: 'approve-extension', days: 30, reason },
  shelve: { action: 'shelve', reason },
  resume: { action: 'resume', reason },
  transfer: { action: 'transfer', reason, to: '某市纪委监委' },
  close: { action: 'close', reason },
  'refer-for-investigation': { action: 'refer-for-investigation', reason },
};

/** A clue in `status`, assigned to inv-1, proposed by inv-1, with an extension requested by inv-1. */
const clueIn = (status: ClueStatus): Clue => ({
  ...base,
  status,
  assignee: 'inv-1',
  proposal: {
    findings: [{ allegationId: 'rpt_1-a1', finding: 'UNTRUE', reason }],
    summary: 's',
    proposedBy: 'inv-1',
    proposedAt: now.toISOString(),
  },
  extension: { days: 30, reason, requestedBy: 'inv-1', requestedAt: now.toISOString() },
  shelvedFrom: status === 'SHELVED' ? 'ASSIGNED' : undefined,
});

/** The people who meet each action's person rule, per role. */
const actorFor = (role: Role) => ({
  userId: role === 'investigator' ? 'inv-1' : `${role}-9`,
  roles: [role] as Role[],
});

const expected = (status: ClueStatus, action: ClueAction, role: Role): 'allow' | 403 | 409 => {
  const rule = actionRules[action];
  if (!rule.roles.includes(role)) return 403;
  if (!rule.from.includes(status)) return 409;
  // request-extension is refused when one exists; the fixture has one requested already.
  if (action === 'request-extension') return 409;
  return 'allow';
};

describe('the clue state machine', () => {
  const triples = clueStatuses.flatMap((status) =>
    clueActions.flatMap((action) => roles.map((role) => [status, action, role] as const)),
  );

  it('has a rule for every action in the contract', () => {
    expect(Object.keys(actionRules).sort()).toEqual([...clueActions].sort());
    expect(triples).toHaveLength(10 * 13 * roles.length);
    expect(roles).toContain('administrator');
  });

  it.each(triples)('%s + %s by %s', (status, action, role) => {
    const outcome = expected(status, action, role);
    const run = () => applyAction(clueIn(status), commands[action], actorFor(role), { now, policy });
    if (outcome === 'allow') {
      expect(run().clue.version).toBe(base.version + 1);
    } else {
      expect(run).toThrow(DomainError);
      try {
        run();
      } catch (error) {
        expect((error as DomainError).status).toBe(outcome);
      }
    }
  });

  it('moves through the happy path with the right statuses and events', () => {
    const investigator = { userId: 'inv-1', roles: ['investigator'] as Role[] };
    const steps: [ClueAction, { userId: string; roles: Role[] }, ClueStatus][] = [
      ['assign', { userId: 'i', roles: ['intake'] }, 'ASSIGNED'],
      ['start-verification', investigator, 'UNDER_VERIFICATION'],
      ['propose-conclusion', investigator, 'CONCLUSION_PROPOSED'],
      ['approve-conclusion', { userId: 'a', roles: ['approver'] }, 'CONCLUDED'],
    ];
    let clue: Clue = base;
    const events: string[] = [];
    for (const [action, actor, status] of steps) {
      const outcome = applyAction(clue, commands[action], actor, { now, policy });
      clue = outcome.clue;
      events.push(...outcome.events.map((e) => e.type));
      expect(clue.status).toBe(status);
    }
    expect(events).toEqual([
      'ClueStatusChanged',
      'ClueStatusChanged',
      'ClueStatusChanged',
      'ClueStatusChanged',
      'ClueConcluded',
    ]);
    expect(clue.conclusion).toMatchObject({
      overallFinding: 'UNTRUE',
      reportOutcomes: { rpt_1: 'UNTRUE' },
      approvedBy: 'a',
    });
    expect(clue.concludeBy).toBeUndefined();
    expect(clue.stageTimeline.map((s) => s.stage)).toEqual(['ACCEPTED', 'UNDER_VERIFICATION', 'CONCLUDED']);
  });

  it('disposes by a talk or letter inquiry (谈话函询): the explanation recorded, then concluded or verified', () => {
    const investigator = { userId: 'inv-1', roles: ['investigator'] as Role[] };
    const assigned = applyAction(
      base,
      commands.assign,
      { userId: 'i', roles: ['intake'] },
      { now, policy },
    ).clue;
    const inquired = applyAction(assigned, commands['talk-inquiry'], investigator, { now, policy });
    expect(inquired.clue.status).toBe('TALK_INQUIRY');
    expect(inquired.clue.talkInquiry).toMatchObject({ form: 'TALK', recordedBy: 'inv-1' });
    // The audit trail records that it was taken, not its content.
    expect(inquired.history).toMatchObject({ action: 'talk-inquiry', details: { form: 'TALK' } });
    expect(JSON.stringify(inquired.history)).not.toContain('亲属馈赠');
    // The reporter sees the matter being handled, as under verification.
    expect(inquired.clue.stageTimeline.at(-1)?.stage).toBe('UNDER_VERIFICATION');
    const concluded = applyAction(inquired.clue, commands['propose-conclusion'], investigator, {
      now,
      policy,
    });
    expect(concluded.clue.status).toBe('CONCLUSION_PROPOSED');
    const escalated = applyAction(inquired.clue, commands['start-verification'], investigator, {
      now,
      policy,
    });
    expect(escalated.clue.status).toBe('UNDER_VERIFICATION');
    expect(escalated.history.details).toEqual({ escalatedFrom: 'talk-inquiry' });
  });

  it('tells the reporter a closed matter (予以了结) and a referral apart from not accepting it', () => {
    const approver = { userId: 'a', roles: ['approver'] as Role[] };
    const closed = applyAction(base, commands.close, approver, { now, policy }).clue;
    expect(closed.stageTimeline.at(-1)?.stage).toBe('CLOSED');
    const referred = applyAction(base, commands['refer-for-investigation'], approver, { now, policy }).clue;
    expect(referred).toMatchObject({ status: 'REFERRED', concludeBy: undefined });
    expect(referred.stageTimeline.at(-1)?.stage).toBe('REFERRED');
    expect(() =>
      applyAction(
        base,
        commands['refer-for-investigation'],
        { userId: 'i', roles: ['intake'] },
        { now, policy },
      ),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('refuses the approver who proposed (four eyes) and the requester approving their own extension', () => {
    const both = { userId: 'inv-1', roles: ['investigator', 'approver'] as Role[] };
    expect(() =>
      applyAction(clueIn('CONCLUSION_PROPOSED'), commands['approve-conclusion'], both, { now, policy }),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() =>
      applyAction(clueIn('UNDER_VERIFICATION'), commands['approve-extension'], both, { now, policy }),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});
