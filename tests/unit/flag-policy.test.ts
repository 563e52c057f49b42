import { describe, expect, it } from 'vitest';
import { contestFlag, decideFlag, isLive } from '../../shared/domain/accuser-flag.ts';
import type { Finding } from '../../shared/domain/findings.ts';
import {
  type ConcludedReport,
  defaultFlagPolicy,
  type FlagLevel,
  matterKey,
  proposalsFor,
  reporterRef,
} from '../../shared/domain/flag-policy.ts';

let serial = 0;
/** Every evidence report verified by staff: what confirming a FABRICATION flag needs. */
const staffVerified = () => 'STAFF_VERIFIED' as const;
const report = (
  outcome: Finding,
  concludedAt: string,
  accused = 'cadre-a',
  summaries = [`事项${++serial}`],
): ConcludedReport => ({
  reportId: `rpt_${++serial}`,
  clueId: `clu_${serial}`,
  outcome,
  concludedAt: `${concludedAt}T00:00:00.000Z`,
  accusedKey: accused,
  matterKeys: summaries.map((s) => matterKey(accused, s)),
});

const levels = (earlier: ConcludedReport[], newest: ConcludedReport): FlagLevel[] =>
  proposalsFor(earlier, newest, defaultFlagPolicy).map((p) => p.level);

describe('the flag policy', () => {
  it.each<[string, () => FlagLevel[], FlagLevel[]]>([
    ['a single untrue finding proposes nothing', () => levels([], report('UNTRUE', '2026-01-01')), []],
    [
      'two untrue findings in the window propose nothing',
      () => levels([report('UNTRUE', '2025-06-01')], report('UNTRUE', '2026-01-01')),
      [],
    ],
    [
      'three untrue findings in 24 months propose REPEATED_UNTRUE',
      () =>
        levels(
          [report('UNTRUE', '2024-03-01'), report('UNTRUE', '2025-06-01')],
          report('UNTRUE', '2026-01-01'),
        ),
      ['REPEATED_UNTRUE'],
    ],
    [
      'three untrue findings, one outside the window, propose nothing',
      () =>
        levels(
          [report('UNTRUE', '2023-12-31'), report('UNTRUE', '2025-06-01')],
          report('UNTRUE', '2026-01-01'),
        ),
      [],
    ],
    [
      'a fabrication proposes FABRICATION at once',
      () => levels([], report('FABRICATED', '2026-01-01')),
      ['FABRICATION'],
    ],
    [
      'a substantiated report proposes nothing',
      () =>
        levels(
          [report('UNTRUE', '2025-01-01'), report('UNTRUE', '2025-02-01')],
          report('SUBSTANTIATED', '2026-01-01'),
        ),
      [],
    ],
    [
      'a partly substantiated report proposes nothing',
      () => levels([], report('PARTLY_SUBSTANTIATED', '2026-01-01')),
      [],
    ],
    [
      'an inconclusive outcome proposes nothing',
      () =>
        levels(
          [report('UNTRUE', '2025-01-01'), report('UNTRUE', '2025-02-01')],
          report('INCONCLUSIVE', '2026-01-01'),
        ),
      [],
    ],
    [
      'repeating a concluded matter with no new allegation proposes WATCH',
      () =>
        levels(
          [report('UNTRUE', '2025-01-01', 'cadre-a', ['违规收受购物卡'])],
          report('UNTRUE', '2026-01-01', 'cadre-a', ['违规 收受购物卡。']),
        ),
      ['WATCH'],
    ],
    [
      'a repeated matter with a new allegation proposes nothing',
      () =>
        levels(
          [report('UNTRUE', '2025-01-01', 'cadre-a', ['违规收受购物卡'])],
          report('UNTRUE', '2026-01-01', 'cadre-a', ['违规收受购物卡', '公车私用']),
        ),
      [],
    ],
    [
      'the same matter about another cadre is not a repetition',
      () =>
        levels(
          [report('UNTRUE', '2025-01-01', 'cadre-a', ['违规收受购物卡'])],
          report('UNTRUE', '2026-01-01', 'cadre-b', ['违规收受购物卡']),
        ),
      [],
    ],
    [
      'repeating a fabricated matter as a fabrication proposes both',
      () =>
        levels(
          [report('FABRICATED', '2025-01-01', 'cadre-a', ['伪造的事项'])],
          report('FABRICATED', '2026-01-01', 'cadre-a', ['伪造的事项']),
        ),
      ['FABRICATION', 'WATCH'],
    ],
  ])('%s', (_case, run, expected) => {
    expect(run()).toEqual(expected);
  });

  it('takes the evidence of every report that makes the case', () => {
    const earlier = [report('UNTRUE', '2024-03-01'), report('UNTRUE', '2025-06-01')];
    const newest = report('UNTRUE', '2026-01-01');
    const [proposal] = proposalsFor(earlier, newest, defaultFlagPolicy);
    expect(proposal?.evidence.map((e) => e.reportId)).toEqual([...earlier, newest].map((e) => e.reportId));
  });

  it('follows a configured threshold and window', () => {
    const strict = { ...defaultFlagPolicy, untrueThreshold: 2, windowMonths: 6 };
    expect(
      proposalsFor([report('UNTRUE', '2025-09-01')], report('UNTRUE', '2026-01-01'), strict).map(
        (p) => p.level,
      ),
    ).toEqual(['REPEATED_UNTRUE']);
    expect(proposalsFor([report('UNTRUE', '2025-05-01')], report('UNTRUE', '2026-01-01'), strict)).toEqual(
      [],
    );
  });

  it('names reporters by a stable pseudonym that does not show the fingerprint', () => {
    const fingerprint = 'a'.repeat(64);
    expect(reporterRef(fingerprint)).toBe(reporterRef(fingerprint));
    expect(reporterRef(fingerprint)).not.toBe(reporterRef('b'.repeat(64)));
    expect(reporterRef(fingerprint)).not.toContain('aaaa');
  });
});

describe('flag decisions', () => {
  const approver = { userId: 'appr-1', roles: ['approver' as const] };
  const proposed = {
    flagId: 'flg_1',
    level: 'FABRICATION' as const,
    status: 'PROPOSED' as const,
    version: 1,
    fingerprint: 'fp-1',
    reporterRef: 'R-AAAAA-BBBBB',
    evidence: [],
    proposedAt: '2026-01-01T00:00:00.000Z',
    steps: [],
  };

  it('expire five years after confirmation and then stop counting', () => {
    const { flag: confirmed } = decideFlag(
      proposed,
      'CONFIRM',
      '证据确凿',
      approver,
      new Date('2026-01-01T00:00:00Z'),
      defaultFlagPolicy,
      staffVerified,
    );
    expect(confirmed.expiresAt).toBe('2031-01-01T00:00:00.000Z');
    expect(isLive(confirmed, new Date('2030-12-31T00:00:00Z'))).toBe(true);
    expect(isLive(confirmed, new Date('2031-01-02T00:00:00Z'))).toBe(false);
  });

  it('are taken once, by an approver; a contest reopens review', () => {
    const { flag: dismissed } = decideFlag(
      proposed,
      'DISMISS',
      '证据不足',
      approver,
      new Date(),
      defaultFlagPolicy,
      staffVerified,
    );
    expect(() =>
      decideFlag(dismissed, 'CONFIRM', '再次', approver, new Date(), defaultFlagPolicy, staffVerified),
    ).toThrow();
    expect(() =>
      decideFlag(
        proposed,
        'CONFIRM',
        'x',
        { userId: 'i', roles: ['intake'] },
        new Date(),
        defaultFlagPolicy,
        staffVerified,
      ),
    ).toThrow();
    // The person's appeal never revives a dismissed flag.
    expect(() =>
      contestFlag(dismissed, '本人申诉', { userId: 'intake-1', roles: ['intake'] }, new Date()),
    ).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    const { flag: confirmed } = decideFlag(
      proposed,
      'CONFIRM',
      '证据确凿',
      approver,
      new Date(),
      defaultFlagPolicy,
      staffVerified,
    );
    const { flag: reopened } = contestFlag(
      confirmed,
      '本人申诉',
      { userId: 'intake-1', roles: ['intake'] },
      new Date(),
    );
    expect(reopened).toMatchObject({ status: 'PROPOSED', expiresAt: undefined });
    expect(() =>
      contestFlag(reopened, '再次申诉', { userId: 'intake-1', roles: ['intake'] }, new Date()),
    ).toThrow();
  });
});
