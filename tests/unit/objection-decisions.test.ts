/**
 * Objections (异议) decided on the clue (shared/domain/clue-decisions.ts, objection.ts): when one may
 * be lodged, what UPHOLD and REOPEN do to the clue, and what the statistics and accuser records take
 * back when a conclusion is reopened.
 */
import { describe, expect, it } from 'vitest';
import { takes } from '../../shared/contract/workers.ts';
import { emptyRecord, recordConclusion, recordReopening } from '../../shared/domain/accuser-record.ts';
import type { Clue } from '../../shared/domain/clue.ts';
import {
  type Acting,
  decideAction,
  decideObjectionDecision,
  decideObjectionLodging,
  decideRegistration,
} from '../../shared/domain/clue-decisions.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { defaultFlagPolicy } from '../../shared/domain/flag-policy.ts';
import { objectionForReporter } from '../../shared/domain/objection.ts';
import { statsDelta } from '../../shared/domain/stats.ts';
import { plainDeadlinePolicy as policy } from '../support/fixtures.ts';

const t0 = new Date('2026-03-02T02:00:00Z');
const later = (days: number) => new Date(t0.getTime() + days * 86_400_000);
const as = (userId: string, role: 'intake' | 'investigator' | 'approver', now = t0): Acting => ({
  actor: { userId, roles: [role] },
  role,
  now,
});

const report = {
  reportId: 'rpt_1',
  accused: { name: '张三', position: '副局长', organization: '能源局' },
  allegations: [{ summary: '收受礼金' }, { summary: '违规报销' }],
  reporterKind: 'REAL_NAME' as const,
  reporterFingerprint: 'fp-1',
};

const codeOf = (decide: () => unknown): string => {
  try {
    decide();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'decided';
};

/** A clue registered, verified and concluded UNTRUE on every allegation, at t0. */
const concluded = (): { clue: Clue; events: DomainEvent[] } => {
  let clue = decideRegistration(
    { clueId: 'clu_1', reports: [report], policy },
    as('intake-1', 'intake'),
  ).clue;
  const step = (command: Parameters<typeof decideAction>[1]['command'], acting: Acting) => {
    const decided = decideAction(clue, { command, expectedVersion: clue.version, policy }, acting);
    clue = decided.clue;
    return decided.events;
  };
  step({ action: 'assign', assignee: 'inv-1' }, as('intake-1', 'intake'));
  step({ action: 'start-verification' }, as('inv-1', 'investigator'));
  step(
    {
      action: 'propose-conclusion',
      summary: '不属实',
      findings: clue.allegations.map((a) => ({
        allegationId: a.allegationId,
        finding: 'UNTRUE' as const,
        reason: '经调阅会议记录和财务凭证，所反映事项与事实不符，属误听误信。',
      })),
    },
    as('inv-1', 'investigator'),
  );
  const events = step({ action: 'approve-conclusion' }, as('appr-1', 'approver'));
  return { clue, events };
};

const lodge = (clue: Clue, now = later(1), objectionId = 'obj_1') =>
  decideObjectionLodging(clue, { objectionId, reportId: 'rpt_1', windowDays: 30 }, now);

describe('lodging an objection', () => {
  it('is refused before the report is concluded', () => {
    const open = decideRegistration({ clueId: 'clu_2', reports: [report], policy }, as('intake-1', 'intake'));
    expect(codeOf(() => lodge(open.clue))).toBe('INVALID_TRANSITION');
    expect(objectionForReporter(open.clue, 'rpt_1', t0, 30)).toBeUndefined();
  });

  it('is allowed until the window ends, and refused the moment after', () => {
    const { clue } = concluded();
    const end = later(30);
    expect(lodge(clue, end).windowEndsAt).toBe(end.toISOString());
    expect(codeOf(() => lodge(clue, new Date(end.getTime() + 1)))).toBe('OBJECTION_WINDOW_CLOSED');
  });

  it('records the objection on the clue, without the reason, and refuses a second one', () => {
    const { clue } = concluded();
    const lodged = lodge(clue);
    expect(lodged.clue.version).toBe(clue.version + 1);
    expect(lodged.facts).toMatchObject({ action: 'objection-lodged', role: 'public', actor: 'reporter' });
    expect(lodged.events.map((e) => e.type)).toEqual(['ObjectionLodged']);
    // The reporter's reason is never given to the decision: it is sealed on the Objection item only.
    expect(lodged.facts.reason).toBeUndefined();
    expect(JSON.stringify(lodged.events)).not.toMatch(/reason/);
    expect(codeOf(() => lodge(lodged.clue, later(2), 'obj_2'))).toBe('OBJECTION_EXISTS');
    expect(objectionForReporter(lodged.clue, 'rpt_1', later(2), 30)).toEqual({ status: 'OPEN' });
  });
});

describe('deciding an objection', () => {
  it('UPHOLD keeps the conclusion and answers the objection once', () => {
    const { clue } = concluded();
    const { clue: objected } = lodge(clue);
    const input = { objectionId: 'obj_1', decision: 'UPHOLD' as const, reason: '维持', policy };
    const upheld = decideObjectionDecision(objected, input, as('appr-2', 'approver', later(3)));
    expect(upheld.clue.status).toBe('CONCLUDED');
    expect(upheld.clue.conclusion).toEqual(clue.conclusion);
    expect(upheld.settled.map((o) => o.status)).toEqual(['UPHELD']);
    expect(upheld.events.map((e) => e.type)).toEqual(['ObjectionDecided']);
    expect(codeOf(() => decideObjectionDecision(upheld.clue, input, as('appr-2', 'approver')))).toBe(
      'INVALID_TRANSITION',
    );
    expect(
      codeOf(() =>
        decideObjectionDecision(upheld.clue, { ...input, objectionId: 'obj_9' }, as('a', 'approver')),
      ),
    ).toBe('NOT_FOUND');
  });

  it('REOPEN takes the clue back to verification with a fresh deadline, keeping the conclusion aside', () => {
    const { clue, events } = concluded();
    const { clue: objected } = lodge(clue);
    const input = { objectionId: 'obj_1', decision: 'REOPEN' as const, reason: '新证据', policy };
    const reopened = decideObjectionDecision(objected, input, as('appr-2', 'approver', later(3)));
    expect(reopened.clue).toMatchObject({ status: 'UNDER_VERIFICATION', assignee: 'inv-1' });
    expect(reopened.clue.conclusion).toBeUndefined();
    expect(reopened.clue.concludeBy).toBeDefined();
    expect((reopened.clue.concludeBy as string) > later(3).toISOString()).toBe(true);
    expect(reopened.clue.reopenedConclusions).toEqual([
      expect.objectContaining({ objectionId: 'obj_1', overallFinding: 'UNTRUE', reopenedBy: 'appr-2' }),
    ]);
    expect(reopened.clue.stageTimeline.at(-1)?.stage).toBe('UNDER_VERIFICATION');
    expect(reopened.facts).toMatchObject({
      action: 'objection-reopened',
      fromStatus: 'CONCLUDED',
      toStatus: 'UNDER_VERIFICATION',
      reason: '新证据',
    });
    expect(reopened.events.map((e) => e.type)).toEqual([
      'ClueStatusChanged',
      'ClueReopened',
      'ObjectionDecided',
    ]);
    expect(JSON.stringify(reopened.events)).not.toContain('新证据');

    // The statistics take back exactly what the conclusion added.
    const sum = (list: DomainEvent[]) => {
      const total: Record<string, number> = {};
      for (const e of list)
        for (const [k, v] of Object.entries(statsDelta(e))) total[k] = (total[k] ?? 0) + v;
      return total;
    };
    const net = sum([...events, ...reopened.events]);
    for (const key of ['finding_UNTRUE', 'allegation_UNTRUE', 'status_CONCLUDED'])
      expect(net[key] ?? 0, key).toBe(0);
  });
});

describe('a report that was not accepted (了结)', () => {
  it('may be objected to, and reopening takes the clue back to registration when it had no investigator', () => {
    const registered = decideRegistration(
      { clueId: 'clu_3', reports: [report], policy },
      as('intake-1', 'intake'),
    );
    const closed = decideAction(
      registered.clue,
      { command: { action: 'close', reason: '不属于本机关管辖' }, expectedVersion: 1, policy },
      as('intake-1', 'intake'),
    ).clue;
    const lodged = lodge(closed);
    expect(lodged.objection.conclusionAt).toBe(t0.toISOString());
    const input = { objectionId: 'obj_1', decision: 'REOPEN' as const, reason: '属本机关管辖', policy };
    const reopened = decideObjectionDecision(lodged.clue, input, as('appr-1', 'approver', later(2)));
    expect(reopened.clue.status).toBe('REGISTERED');
    expect(reopened.clue.reopenedConclusions).toBeUndefined();
    // No conclusion was counted, so there is nothing for the statistics or the records to take back.
    expect(reopened.events.map((e) => e.type)).toEqual(['ClueStatusChanged', 'ObjectionDecided']);
  });
});

describe('the accuser-records stream filter', () => {
  it('takes ClueConcluded and ClueReopened, and nothing else', () => {
    const filter = { newImage: { entity: 'OutboxEvent', type: ['ClueConcluded', 'ClueReopened'] } };
    const record = (type: string) => ({
      eventName: 'INSERT',
      dynamodb: { NewImage: { entity: { S: 'OutboxEvent' }, type: { S: type } } },
    });
    expect(takes(filter, record('ClueConcluded'))).toBe(true);
    expect(takes(filter, record('ClueReopened'))).toBe(true);
    expect(takes(filter, record('ObjectionLodged'))).toBe(false);
  });
});

describe('accuser records and a reopened conclusion', () => {
  it('take the report off the record and withdraw the flag that rests on it; concluding again counts once', () => {
    const entry = (outcome: 'FABRICATED', concludedAt: string) => ({
      reportId: 'rpt_1',
      clueId: 'clu_1',
      outcome,
      concludedAt,
      accusedKey: 'k',
      matterKeys: ['m'],
    });
    const first = recordConclusion(
      { record: emptyRecord('fp-1'), open: [] },
      entry('FABRICATED', t0.toISOString()),
      defaultFlagPolicy,
      t0,
    );
    if (!first) throw new Error('recorded');
    const [flag] = first.flags;
    if (!flag) throw new Error('proposed');
    const reopened = recordReopening({ record: first.record, flags: [flag] }, 'rpt_1', later(3));
    if (!reopened) throw new Error('reopened');
    expect(reopened.record.reports).toEqual([]);
    expect(reopened.withdrawn.map((w) => [w.flag.status, w.flag.steps.at(-1)?.step])).toEqual([
      ['DISMISSED', 'WITHDRAWN'],
    ]);
    expect(reopened.record.flags.FABRICATION?.status).toBe('DISMISSED');
    // A redelivered ClueReopened changes nothing.
    expect(recordReopening({ record: reopened.record, flags: [] }, 'rpt_1', later(4))).toBeUndefined();

    const again = recordConclusion(
      { record: reopened.record, open: [] },
      entry('FABRICATED', later(20).toISOString()),
      defaultFlagPolicy,
      later(20),
    );
    expect(again?.record.reports).toHaveLength(1);
    expect(again?.flags.map((f) => [f.level, f.status, f.evidence.length])).toEqual([
      ['FABRICATION', 'PROPOSED', 1],
    ]);
  });
});
