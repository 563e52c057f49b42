/**
 * Findings (核查结论), one per allegation, and what follows from them: the clue's overall finding
 * and each report's outcome. docs/domain.md "Findings".
 */
export const findings = [
  'SUBSTANTIATED',
  'PARTLY_SUBSTANTIATED',
  'INCONCLUSIVE',
  'UNTRUE',
  'FABRICATED',
] as const;
export type Finding = (typeof findings)[number];

/** Reasons are required for every finding; FABRICATED (诬告陷害) is an accusation of an offence. */
export const minReasonLength = { default: 10, FABRICATED: 30 } as const;

export const reasonProblem = (finding: Finding, reason: string): string | undefined => {
  const meaningful = reason.replace(/[\s\p{P}\p{S}]/gu, '');
  const min = finding === 'FABRICATED' ? minReasonLength.FABRICATED : minReasonLength.default;
  if (meaningful.length < min) {
    return finding === 'FABRICATED'
      ? `a FABRICATED finding needs a written reason of at least ${min} characters stating the evidence of invention`
      : `the reason must hold at least ${min} characters`;
  }
  return undefined;
};

/**
 * The overall finding of a set of allegation findings:
 * - all substantiated → SUBSTANTIATED; any (partly) substantiated → PARTLY_SUBSTANTIATED;
 * - otherwise any INCONCLUSIVE → INCONCLUSIVE (what cannot be ruled out is not untrue);
 * - otherwise, all untrue or fabricated: FABRICATED if any was fabricated, else UNTRUE.
 */
export const overallFinding = (each: readonly Finding[]): Finding => {
  if (each.length === 0) throw new Error('No findings to summarise');
  if (each.every((f) => f === 'SUBSTANTIATED')) return 'SUBSTANTIATED';
  if (each.some((f) => f === 'SUBSTANTIATED' || f === 'PARTLY_SUBSTANTIATED')) return 'PARTLY_SUBSTANTIATED';
  if (each.includes('INCONCLUSIVE')) return 'INCONCLUSIVE';
  return each.includes('FABRICATED') ? 'FABRICATED' : 'UNTRUE';
};

/** Findings that allow clearance (澄清正名) of the cadre for that allegation. */
export const clearable = (finding: Finding): boolean => finding === 'UNTRUE' || finding === 'FABRICATED';
