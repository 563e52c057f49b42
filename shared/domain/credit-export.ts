/**
 * What a credit system receives of the confirmed, live FABRICATION flags (Qingdao's practice): the
 * pseudonym, the level, the dates and the evidence ids, never an identity. docs/api.md describes
 * the columns.
 */
import { type AccuserFlag, evidenceView, isOwnEvidence } from './accuser-flag.ts';
import { commissionOf } from './commission.ts';

export type CreditExportItem = ReturnType<typeof creditExportItem>;

/** Only FABRICATION flags go to a credit system; lower levels stay with the commission. */
export const isExported = (flag: AccuserFlag): boolean => flag.level === 'FABRICATION';

export const creditExportItem = (flag: AccuserFlag) => ({
  reporterRef: flag.reporterRef,
  level: 'FABRICATION' as const,
  confirmedAt: flag.confirmedAt as string,
  expiresAt: flag.expiresAt as string,
  evidence: evidenceView(flag.evidence.filter((e) => isOwnEvidence(flag, e))),
  /** Other commissions' findings the flag also rests on, by reference: never their ids. */
  references: flag.evidence
    .filter((e) => !isOwnEvidence(flag, e))
    .map((e) => ({
      commissionId: commissionOf(e),
      finding: e.outcome,
      concludedAt: e.concludedAt,
      ...(e.caseNumber ? { caseNumber: e.caseNumber } : {}),
    })),
});

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

const evidenceColumns = ['reportId', 'clueId', 'finding', 'concludedAt'] as const;

/**
 * One row per flag; the evidence columns hold `;`-separated lists in evidence order, and the last
 * column other commissions' findings by reference (`commission|finding|concludedAt|caseNumber`).
 */
export const creditExportCsv = (items: readonly CreditExportItem[]): string => {
  const header =
    'reporterRef,level,confirmedAt,expiresAt,reportIds,clueIds,findings,concludedAt,otherCommissionFindings';
  const rows = items.map((i) =>
    [
      i.reporterRef,
      i.level,
      i.confirmedAt,
      i.expiresAt,
      ...evidenceColumns.map((k) => i.evidence.map((e) => e[k]).join(';')),
      i.references
        .map((r) => [r.commissionId, r.finding, r.concludedAt, r.caseNumber ?? ''].join('|'))
        .join(';'),
    ]
      .map(csvCell)
      .join(','),
  );
  return [header, ...rows].join('\n');
};
