/** The decisions about a clue (shared/domain/clue-decisions.ts): what each refuses, and what it records. */

import { describe, expect, it } from 'vitest';
import {
  type Acting,
  decideAction,
  decideCadreLink,
  decideIdentityOpening,
  decideMerge,
  decideRegistration,
  reportsToRegister,
} from '../../shared/domain/clue-decisions.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import type { Cadre } from '../../shared/domain/tenure.ts';
import { plainDeadlinePolicy } from '../support/fixtures.ts';

const policy = plainDeadlinePolicy;
const now = new Date('2026-03-02T02:00:00Z');
const intake: Acting = { actor: { userId: 'intake-1', roles: ['intake'] }, role: 'intake', now };

const accused = { name: '张三', position: '副局长', organization: '能源局' };
const report = (reportId: string, status = 'UNREGISTERED', incidentTo = '2019-06-30') => ({
  reportId,
  status,
  accused,
  allegations: [{ summary: '收受礼金', incidentTo }],
  reporterKind: 'ANONYMOUS' as const,
});
/** In the post named by the reports since 2020: incidents before that are old debt. */
const cadre: Cadre = {
  cadreId: 'cad_1',
  name: '张三',
  posts: [{ position: '副局长', organization: '能源局', from: '2020-01-01' }],
};

const registered = decideRegistration({ clueId: 'clu_1', reports: [report('rpt_1')], policy }, intake);
const clue = registered.clue;

const codeOf = (decide: () => unknown): string => {
  try {
    decide();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'decided';
};

describe('reports to register', () => {
  it('keeps the order the request names them in', () => {
    const found = [report('rpt_2'), report('rpt_1')];
    expect(reportsToRegister(['rpt_1', 'rpt_2'], found).map((r) => r.reportId)).toEqual(['rpt_1', 'rpt_2']);
  });

  it('refuses a report that does not exist, naming it', () => {
    expect(() => reportsToRegister(['rpt_1', 'rpt_9'], [report('rpt_1')])).toThrow(/rpt_9/);
    expect(codeOf(() => reportsToRegister(['rpt_9'], []))).toBe('NOT_FOUND');
  });

  it('refuses a report another clue took, naming it', () => {
    const found = [report('rpt_1'), report('rpt_2', 'REGISTERED')];
    expect(() => reportsToRegister(['rpt_1', 'rpt_2'], found)).toThrow(/rpt_2/);
    expect(codeOf(() => reportsToRegister(['rpt_2'], found))).toBe('INVALID_TRANSITION');
  });
});

describe('registration', () => {
  it('registers every report, records who registered them, and counts old debt in the event', () => {
    const decision = decideRegistration(
      {
        clueId: 'clu_2',
        reports: [report('rpt_1'), report('rpt_2', 'UNREGISTERED', '2021-01-01')],
        cadre,
        policy,
      },
      intake,
    );
    expect(decision.registers).toEqual(['rpt_1', 'rpt_2']);
    expect(decision.facts).toMatchObject({ actor: 'intake-1', role: 'intake', action: 'register' });
    expect(decision.events[0]).toMatchObject({
      clueId: 'clu_2',
      reportIds: ['rpt_1', 'rpt_2'],
      predatesTenure: 1,
    });
  });
});

describe('a decision at a version the clue has left', () => {
  const stale = clue.version + 1;
  it('is VERSION_CONFLICT for every use case that names a version', () => {
    const command = { action: 'assign' as const, assignee: 'inv-1' };
    expect(codeOf(() => decideAction(clue, { command, expectedVersion: stale, policy }, intake))).toBe(
      'VERSION_CONFLICT',
    );
    const merge = { report: report('rpt_2'), cadre: undefined, expectedVersion: stale };
    expect(codeOf(() => decideMerge(clue, merge, intake))).toBe('VERSION_CONFLICT');
    expect(codeOf(() => decideCadreLink(clue, { cadre, expectedVersion: stale }, intake))).toBe(
      'VERSION_CONFLICT',
    );
  });
});

describe('merging a report', () => {
  it('registers the report into the clue and marks its old debt against the cadre read', () => {
    const merge = { report: report('rpt_2'), cadre, expectedVersion: clue.version };
    const decision = decideMerge(clue, merge, intake);
    expect(decision.clue.version).toBe(clue.version + 1);
    expect(decision.registers).toEqual(['rpt_2']);
    expect(decision.events[0]).toMatchObject({ clueId: 'clu_1', delta: 1 });
    expect(decision.facts).toMatchObject({ action: 'merge-report', details: { reportId: 'rpt_2' } });
  });

  it('refuses a finished clue', () => {
    const closed = { ...clue, status: 'CLOSED' as const };
    const merge = { report: report('rpt_2'), cadre: undefined, expectedVersion: clue.version };
    expect(codeOf(() => decideMerge(closed, merge, intake))).toBe('INVALID_TRANSITION');
  });
});

describe('linking a cadre', () => {
  it('marks the allegations that predate the post, and says by how many the count moved', () => {
    const decision = decideCadreLink(clue, { cadre, expectedVersion: clue.version }, intake);
    expect(decision.clue).toMatchObject({ cadreId: 'cad_1', version: clue.version + 1 });
    expect(decision.clue.allegations[0]?.predatesTenure).toBe(true);
    expect(decision.events[0]).toMatchObject({ clueId: 'clu_1', delta: 1 });
    expect(decision.facts.details).toEqual({ cadreId: 'cad_1', predatesTenure: 1 });
  });

  it('refuses a finished clue', () => {
    const concluded = { ...clue, status: 'CONCLUDED' as const };
    expect(codeOf(() => decideCadreLink(concluded, { cadre, expectedVersion: clue.version }, intake))).toBe(
      'INVALID_TRANSITION',
    );
  });
});

describe('opening a reporter identity', () => {
  it('leaves the clue as it is and puts the opening and its reason on the record', () => {
    const approver: Acting = { actor: { userId: 'app-1', roles: ['approver'] }, role: 'approver', now };
    const input = { reportId: 'rpt_1', hadIdentity: true, reason: '核实需要联系举报人' };
    const decision = decideIdentityOpening(clue, input, approver);
    expect(decision.clue).toBe(clue);
    expect(decision.events).toEqual([]);
    expect(decision.facts).toMatchObject({
      actor: 'app-1',
      action: 'reveal-reporter-identity',
      reason: input.reason,
    });
  });
});
