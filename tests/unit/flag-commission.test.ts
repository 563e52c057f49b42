/**
 * Which commission a flag belongs to, and what its reviewers see of other commissions' findings:
 * the record is the person's, across commissions; the flag is the commission's whose finding
 * tipped the record over the threshold; other commissions' evidence is shown by reference only.
 */
import { describe, expect, it } from 'vitest';
import {
  type AccuserFlag,
  decideFlag,
  flagCommissionOf,
  flagView,
  revealableReport,
} from '../../shared/domain/accuser-flag.ts';
import {
  type AccuserRecord,
  countedConclusion,
  countedConclusions,
  emptyRecord,
  proposalsToExtend,
  type RecordedConclusion,
  recordConclusion,
} from '../../shared/domain/accuser-record.ts';
import { creditExportCsv, creditExportItem } from '../../shared/domain/credit-export.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import type { Finding } from '../../shared/domain/findings.ts';
import { type ConcludedReport, defaultFlagPolicy, matterKey } from '../../shared/domain/flag-policy.ts';

const policy = defaultFlagPolicy;
const approver = { userId: 'appr-a', roles: ['approver' as const] };
let serial = 0;

const finding = (
  commissionId: string | undefined,
  outcome: Finding,
  concludedAt: string,
  caseNumber?: string,
): ConcludedReport => ({
  reportId: `rpt_${commissionId ?? 'old'}_${++serial}`,
  clueId: `clu_${commissionId ?? 'old'}_${serial}`,
  outcome,
  concludedAt: `${concludedAt}T00:00:00.000Z`,
  accusedKey: `cadre-${serial}`,
  matterKeys: [matterKey(`cadre-${serial}`, `事项${serial}`)],
  ...(commissionId ? { commissionId } : {}),
  ...(caseNumber ? { caseNumber } : {}),
});

type State = { record: AccuserRecord; flags: AccuserFlag[] };

/** Records each finding in order as the worker does, committing what each decided. */
const recordAll = (...findings: ConcludedReport[]): State =>
  findings.reduce<State>(
    (state, entry) => {
      const wanted = proposalsToExtend(state.record, entry, policy);
      const open = state.flags.filter((f) => wanted.includes(f.flagId));
      const decided = recordConclusion(
        { record: state.record, open },
        entry,
        policy,
        new Date(entry.concludedAt),
      );
      const { record, flags } = decided as RecordedConclusion;
      return {
        record,
        flags: [...state.flags.filter((f) => !flags.some((d) => d.flagId === f.flagId)), ...flags],
      };
    },
    { record: emptyRecord('fp-x'), flags: [] },
  );

describe('which commission a flag belongs to', () => {
  it('is the commission whose finding tipped the record over the threshold, whoever made the earlier ones', () => {
    // Act
    const tippedByB = recordAll(
      finding('county-a', 'UNTRUE', '2026-01-01'),
      finding('county-a', 'UNTRUE', '2026-02-01'),
      finding('county-b', 'UNTRUE', '2026-03-01'),
    );
    const tippedByA = recordAll(
      finding('county-b', 'UNTRUE', '2026-01-01'),
      finding('county-b', 'UNTRUE', '2026-02-01'),
      finding('county-a', 'UNTRUE', '2026-03-01'),
    );

    // Assess
    expect(tippedByB.flags.map((f) => [f.level, f.commissionId])).toEqual([['REPEATED_UNTRUE', 'county-b']]);
    expect(tippedByA.flags.map((f) => [f.level, f.commissionId])).toEqual([['REPEATED_UNTRUE', 'county-a']]);
    // The record is the person's: it counts every commission's findings.
    expect(tippedByB.record.reports.map((r) => r.commissionId)).toEqual(['county-a', 'county-a', 'county-b']);
  });

  it("stays with the commission that raised it when another commission's finding extends it", () => {
    // Act
    const state = recordAll(
      finding('county-a', 'UNTRUE', '2026-01-01'),
      finding('county-a', 'UNTRUE', '2026-02-01'),
      finding('county-a', 'UNTRUE', '2026-03-01'),
      finding('county-b', 'UNTRUE', '2026-04-01'),
    );

    // Assess
    expect(state.flags).toHaveLength(1);
    expect(state.flags[0]?.commissionId).toBe('county-a');
    expect(state.flags[0]?.evidence.map((e) => e.commissionId)).toEqual([
      'county-a',
      'county-a',
      'county-a',
      'county-b',
    ]);
  });

  it('is the single commission for a finding recorded before there were commissions', () => {
    expect(flagCommissionOf({})).toBe('default');
    expect(recordAll(finding(undefined, 'FABRICATED', '2026-01-01')).flags[0]?.commissionId).toBe('default');
  });

  it("counts only a verified reporter's report, as its commission's finding with its case number", () => {
    // Prepare
    const entry = finding(undefined, 'UNTRUE', '2026-01-01');
    const conclusion = { fingerprint: 'fp-y', entry };
    const report = (identityStatus: 'UNVERIFIED' | 'PHONE_VERIFIED') => ({
      reportId: entry.reportId,
      identityStatus,
      commissionId: 'county-b',
      caseNumber: '〔2026〕乙县纪委信访第0007号',
    });

    // Act
    const unverified = countedConclusion(conclusion, report('UNVERIFIED'));
    const verified = countedConclusion(conclusion, report('PHONE_VERIFIED'));
    const missing = countedConclusions([conclusion], []);

    // Assess
    expect(unverified).toBeUndefined();
    expect(missing).toEqual([]);
    expect(verified?.entry).toMatchObject({
      commissionId: 'county-b',
      caseNumber: '〔2026〕乙县纪委信访第0007号',
    });
  });
});

describe("a flag's evidence from other commissions", () => {
  const own = finding('county-a', 'FABRICATED', '2026-03-01');
  const elsewhere = finding('county-b', 'FABRICATED', '2026-02-01', '〔2026〕乙县纪委信访第0003号');
  const flag: AccuserFlag = {
    ...(recordAll(own).flags[0] as AccuserFlag),
    evidence: [own, elsewhere],
  };
  const names = (id: string) => ({ 'county-b': '甲市B县纪委监委' })[id] ?? id;

  it('shows its own commission evidence as it is and the other only by reference', () => {
    // Act
    const view = flagView(flag, () => 'STAFF_VERIFIED', names);

    // Assess
    expect(view.commissionId).toBe('county-a');
    expect(view.evidence).toEqual([
      {
        reportId: own.reportId,
        clueId: own.clueId,
        finding: 'FABRICATED',
        concludedAt: own.concludedAt,
        identityStatus: 'STAFF_VERIFIED',
      },
      {
        byReference: true,
        commission: { commissionId: 'county-b', name: '甲市B县纪委监委' },
        finding: 'FABRICATED',
        concludedAt: elsewhere.concludedAt,
        caseNumber: '〔2026〕乙县纪委信访第0003号',
        identityStatus: 'STAFF_VERIFIED',
      },
    ]);
    const text = JSON.stringify(view);
    expect(text).not.toContain(elsewhere.reportId);
    expect(text).not.toContain(elsewhere.clueId);
    expect(text).not.toContain('fp-x');
  });

  it("refuses to confirm FABRICATION while the other commission's report is unverified, citing it by reference", () => {
    // Prepare
    const statusOf = (reportId: string) => (reportId === own.reportId ? 'STAFF_VERIFIED' : 'PHONE_VERIFIED');

    // Act
    const refused = (() => {
      try {
        decideFlag(flag, 'CONFIRM', '证据确凿', approver, new Date('2026-04-01'), policy, statusOf);
      } catch (error) {
        return error;
      }
    })() as DomainError;
    const confirmed = decideFlag(
      flag,
      'CONFIRM',
      '证据确凿',
      approver,
      new Date('2026-04-01'),
      policy,
      () => 'STAFF_VERIFIED',
    );

    // Assess
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused.code).toBe('IDENTITY_UNVERIFIED');
    expect(refused.details?.map((d) => d.message)).toEqual(['county-b:〔2026〕乙县纪委信访第0003号']);
    expect(JSON.stringify(refused.details)).not.toContain(elsewhere.reportId);
    expect(confirmed.flag.status).toBe('CONFIRMED');
  });

  it("opens only its own commission's report, and exports the other's by reference", () => {
    // Prepare
    const reversed = { ...flag, evidence: [elsewhere, own] };
    const confirmed = decideFlag(
      reversed,
      'CONFIRM',
      '证据确凿',
      approver,
      new Date('2026-04-01'),
      policy,
      () => 'STAFF_VERIFIED',
    ).flag;

    // Act
    const revealed = revealableReport(confirmed, new Date('2026-05-01'));
    const item = creditExportItem(confirmed);
    const csv = creditExportCsv([item]);

    // Assess
    expect(revealed).toBe(own.reportId);
    expect(item.evidence.map((e) => e.reportId)).toEqual([own.reportId]);
    expect(item.references).toEqual([
      {
        commissionId: 'county-b',
        finding: 'FABRICATED',
        concludedAt: elsewhere.concludedAt,
        caseNumber: '〔2026〕乙县纪委信访第0003号',
      },
    ]);
    expect(csv).not.toContain(elsewhere.reportId);
    expect(csv).toContain(`county-b|FABRICATED|${elsewhere.concludedAt}|〔2026〕乙县纪委信访第0003号`);
  });
});
