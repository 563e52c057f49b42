import { describe, expect, it } from 'vitest';
import {
  type AccuserFlag,
  contestFlag,
  decideFlag,
  revealableReport,
} from '../../shared/domain/accuser-flag.ts';
import {
  type AccuserRecord,
  conclusionsForRecords,
  emptyRecord,
  mostSeriousLiveFlag,
  proposalsToExtend,
  type RecordedConclusion,
  recordConclusion,
} from '../../shared/domain/accuser-record.ts';
import { creditExportCsv, creditExportItem } from '../../shared/domain/credit-export.ts';
import { type DomainEvent, domainEvent, topicOf } from '../../shared/domain/events.ts';
import type { Finding } from '../../shared/domain/findings.ts';
import { type ConcludedReport, defaultFlagPolicy, matterKey } from '../../shared/domain/flag-policy.ts';

/** Every evidence report verified by staff: what confirming a FABRICATION flag needs. */
const staffVerified = () => 'STAFF_VERIFIED' as const;
const policy = defaultFlagPolicy;
const approver = { userId: 'appr-1', roles: ['approver' as const] };
const intake = { userId: 'intake-1', roles: ['intake' as const] };

let serial = 0;
const entry = (outcome: Finding, concludedAt: string, matters = [`事项${++serial}`]): ConcludedReport => ({
  reportId: `rpt_${++serial}`,
  clueId: `clu_${serial}`,
  outcome,
  concludedAt: `${concludedAt}T00:00:00.000Z`,
  accusedKey: 'cadre-a',
  matterKeys: matters.map((m) => matterKey('cadre-a', m)),
});

/** Records `report` as the worker does: the open proposals it would extend are loaded first. */
const record = (state: { record: AccuserRecord; flags: AccuserFlag[] }, report: ConcludedReport) => {
  const wanted = proposalsToExtend(state.record, report, policy);
  const open = state.flags.filter((f) => wanted.includes(f.flagId));
  return recordConclusion({ record: state.record, open }, report, policy, new Date(report.concludedAt));
};

/** The state after a decision was committed: the record, and every flag at its newest version. */
const committed = (state: { record: AccuserRecord; flags: AccuserFlag[] }, decided: RecordedConclusion) => ({
  record: decided.record,
  flags: [...state.flags.filter((f) => !decided.flags.some((d) => d.flagId === f.flagId)), ...decided.flags],
});

const routed = (events: readonly DomainEvent[]) => events.map((e) => [e.type, topicOf(e)]);

describe('recording a conclusion on an accuser record', () => {
  const start = () => ({ record: emptyRecord('fp-1'), flags: [] as AccuserFlag[] });

  it('a second UNTRUE finding on the same matter proposes exactly one flag, to events only', () => {
    const first = record(start(), entry('UNTRUE', '2026-01-01', ['收受购物卡']));
    expect(first).toMatchObject({ flags: [], events: [], record: { version: 1 } });
    const second = record(
      committed(start(), first as RecordedConclusion),
      entry('UNTRUE', '2026-02-01', ['收受购物卡']),
    );
    expect(second?.flags).toHaveLength(1);
    expect(second?.flags[0]).toMatchObject({
      level: 'WATCH',
      status: 'PROPOSED',
      version: 1,
      fingerprint: 'fp-1',
    });
    expect(second?.record.flags.WATCH).toEqual({ flagId: second?.flags[0]?.flagId, status: 'PROPOSED' });
    expect(routed(second?.events ?? [])).toEqual([['FlagProposed', 'events']]);
  });

  it('extends the open proposal at a level instead of proposing a second one', () => {
    let state = start();
    for (const at of ['2026-01-01', '2026-02-01']) {
      state = committed(state, record(state, entry('UNTRUE', at, ['违规用车'])) as RecordedConclusion);
    }
    const [watch] = state.flags;
    const third = record(state, entry('UNTRUE', '2026-03-01', ['违规用车'])) as RecordedConclusion;
    // The third repeat proposes REPEATED_UNTRUE anew, and the open WATCH takes the new evidence.
    expect(third.flags.map((f) => [f.level, f.version]).sort()).toEqual([
      ['REPEATED_UNTRUE', 1],
      ['WATCH', 2],
    ]);
    const extended = third.flags.find((f) => f.level === 'WATCH');
    expect(extended?.flagId).toBe(watch?.flagId);
    expect(extended?.evidence).toHaveLength(3);
    expect(extended?.steps.at(-1)?.step).toBe('EVIDENCE_ADDED');
    expect(third.record.flags.WATCH?.flagId).toBe(watch?.flagId);
    expect(routed(third.events)).toEqual([['FlagProposed', 'events']]);
  });

  it('a redelivered conclusion changes nothing', () => {
    const fabricated = entry('FABRICATED', '2026-01-01');
    const first = record(start(), fabricated) as RecordedConclusion;
    const after = committed(start(), first);
    expect(proposalsToExtend(after.record, fabricated, policy)).toEqual([]);
    expect(record(after, fabricated)).toBeUndefined();
  });

  it('a FABRICATED finding proposes FABRICATION and alerts at once', () => {
    const decided = record(start(), entry('FABRICATED', '2026-01-01')) as RecordedConclusion;
    expect(decided.flags.map((f) => f.level)).toEqual(['FABRICATION']);
    expect(routed(decided.events)).toEqual([
      ['FlagProposed', 'events'],
      ['FabricationFlagProposed', 'alerts'],
    ]);
  });

  it('takes only real-name reports with an outcome from a concluded clue', () => {
    const concluded = domainEvent(
      'ClueConcluded',
      {
        clueId: 'clu_9',
        concludedAt: '2026-01-01T00:00:00.000Z',
        registeredAt: '2025-12-01T00:00:00.000Z',
        daysToConclude: 31,
        overallFinding: 'UNTRUE',
        accused: { name: '某某', organization: '某局' },
        allegations: [
          {
            allegationId: 'a1',
            reportId: 'r1',
            summary: '收受购物卡',
            finding: 'UNTRUE',
            predatesTenure: false,
          },
          {
            allegationId: 'a2',
            reportId: 'r2',
            summary: '违规用车',
            finding: 'UNTRUE',
            predatesTenure: false,
          },
        ],
        reports: [
          { reportId: 'r1', reporterKind: 'REAL_NAME', reporterFingerprint: 'fp-1', outcome: 'UNTRUE' },
          { reportId: 'r2', reporterKind: 'ANONYMOUS', outcome: 'UNTRUE' },
          { reportId: 'r3', reporterKind: 'REAL_NAME', reporterFingerprint: 'fp-3' },
        ],
      },
      '2026-01-01T00:00:00.000Z',
    );
    expect(conclusionsForRecords(concluded, 'cadre-a')).toEqual([
      {
        fingerprint: 'fp-1',
        entry: {
          reportId: 'r1',
          clueId: 'clu_9',
          outcome: 'UNTRUE',
          concludedAt: '2026-01-01T00:00:00.000Z',
          accusedKey: 'cadre-a',
          matterKeys: [matterKey('cadre-a', '收受购物卡')],
        },
      },
    ]);
  });
});

describe('review steps of a flag', () => {
  const fabrication = () =>
    (
      record(
        { record: emptyRecord('fp-2'), flags: [] },
        entry('FABRICATED', '2026-01-01'),
      ) as RecordedConclusion
    ).flags[0] as AccuserFlag;
  const now = new Date('2026-02-01T00:00:00Z');

  it('a confirmed FABRICATION flag raises FlagConfirmed to alerts, with its audit facts', () => {
    const step = decideFlag(fabrication(), 'CONFIRM', '证据确凿', approver, now, policy, staffVerified);
    expect(step.flag).toMatchObject({
      status: 'CONFIRMED',
      version: 2,
      expiresAt: '2031-02-01T00:00:00.000Z',
    });
    expect(routed(step.events)).toEqual([
      ['FlagStatusChanged', 'events'],
      ['FlagConfirmed', 'alerts'],
    ]);
    expect(step.events[1]).toMatchObject({ flagId: step.flag.flagId, reporterRef: step.flag.reporterRef });
    expect(step.facts).toEqual({
      at: now.toISOString(),
      actor: 'appr-1',
      role: 'approver',
      action: 'flag-confirm',
      reason: '证据确凿',
      fromStatus: 'PROPOSED',
      toStatus: 'CONFIRMED',
    });
  });

  it('a dismissal raises no alert; a contest is recorded in the role that took it in', () => {
    const dismissed = decideFlag(fabrication(), 'DISMISS', '证据不足', approver, now, policy, staffVerified);
    expect(routed(dismissed.events)).toEqual([['FlagStatusChanged', 'events']]);
    expect(dismissed.flag).toMatchObject({
      status: 'DISMISSED',
      confirmedAt: undefined,
      expiresAt: undefined,
    });
    const confirmed = decideFlag(
      fabrication(),
      'CONFIRM',
      '证据确凿',
      approver,
      now,
      policy,
      staffVerified,
    ).flag;
    const contested = contestFlag(confirmed, '本人申诉', { userId: 'x', roles: ['auditor', 'intake'] }, now);
    expect(contested.flag).toMatchObject({ status: 'PROPOSED', version: 3, expiresAt: undefined });
    expect(contested.facts).toMatchObject({ role: 'intake', action: 'flag-contested', toStatus: 'PROPOSED' });
  });

  it('opens an identity only for a confirmed, live FABRICATION flag, from the fabricated report', () => {
    const proposed = fabrication();
    expect(() => revealableReport(proposed, now)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    const confirmed = decideFlag(proposed, 'CONFIRM', '证据确凿', approver, now, policy, staffVerified).flag;
    expect(revealableReport(confirmed, now)).toBe(proposed.evidence[0]?.reportId);
    expect(() => revealableReport(confirmed, new Date('2031-02-02T00:00:00Z'))).toThrow();
    const reopened = contestFlag(confirmed, '申诉', intake, now).flag;
    expect(() => revealableReport(reopened, now)).toThrow();
  });

  it('triage sees the most serious live flag only', () => {
    const record: AccuserRecord = {
      ...emptyRecord('fp-3'),
      flags: {
        WATCH: { flagId: 'flg_w', status: 'PROPOSED' },
        FABRICATION: { flagId: 'flg_f', status: 'CONFIRMED', expiresAt: '2027-01-01T00:00:00.000Z' },
        REPEATED_UNTRUE: { flagId: 'flg_r', status: 'DISMISSED' },
      },
    };
    expect(mostSeriousLiveFlag(record, now)).toEqual({
      level: 'FABRICATION',
      status: 'CONFIRMED',
      flagId: 'flg_f',
    });
    expect(mostSeriousLiveFlag(record, new Date('2027-06-01T00:00:00Z'))?.level).toBe('WATCH');
    expect(mostSeriousLiveFlag(emptyRecord('fp-4'), now)).toBeUndefined();
  });

  it('exports evidence as lists in evidence order, quoting what a CSV cell needs', () => {
    const confirmed = decideFlag(
      fabrication(),
      'CONFIRM',
      '证据确凿',
      approver,
      now,
      policy,
      staffVerified,
    ).flag;
    const item = creditExportItem({ ...confirmed, reporterRef: 'R-"A",B' });
    const [header, row] = creditExportCsv([item]).split('\n');
    expect(header).toBe(
      'reporterRef,level,confirmedAt,expiresAt,reportIds,clueIds,findings,concludedAt,otherCommissionFindings',
    );
    expect(row).toBe(
      `"R-""A"",B",FABRICATION,${now.toISOString()},2031-02-01T00:00:00.000Z,` +
        `${confirmed.evidence[0]?.reportId},${confirmed.evidence[0]?.clueId},FABRICATED,2026-01-01T00:00:00.000Z,`,
    );
  });
});
