/**
 * Repeat and malicious false accusers (诬告陷害, 反复错告): who gets a flag proposed, and when.
 * docs/domain.md: only real-name reports can be attributed; one FABRICATED outcome proposes the top
 * level; repeated UNTRUE outcomes in a window, or repeating a concluded matter without new
 * allegations, propose a lower level; a single UNTRUE outcome never does. A proposal is not a flag:
 * a reviewer decides (see accuser-flag.ts).
 */
import { createHash } from 'node:crypto';
import { addMonths } from './calendar.ts';
import type { Finding } from './findings.ts';

export const flagLevels = ['WATCH', 'REPEATED_UNTRUE', 'FABRICATION'] as const;
export type FlagLevel = (typeof flagLevels)[number];

export interface FlagPolicy {
  untrueThreshold: number;
  windowMonths: number;
  /** How long a confirmed flag lasts. */
  expiryYears: number;
}

export const defaultFlagPolicy: FlagPolicy = { untrueThreshold: 3, windowMonths: 24, expiryYears: 5 };

/** One concluded report of a real-name reporter, as the accuser record keeps it. */
export interface ConcludedReport {
  reportId: string;
  clueId: string;
  outcome: Finding;
  concludedAt: string;
  /** Who and what it was about, as keys: the accused, and each allegation's normalised summary. */
  accusedKey: string;
  matterKeys: string[];
  /**
   * The commission whose finding this is (absent on entries recorded before commissions: the
   * single commission's). The record is the person's, across commissions; a flag is the
   * commission's whose finding raised it (accuser-flag.ts `flagCommissionOf`).
   */
  commissionId?: string | undefined;
  /** The report's case number in that commission, if it had one: how another commission cites it. */
  caseNumber?: string | undefined;
}

export interface FlagProposal {
  level: FlagLevel;
  /** The concluded reports that make the case, the newest included. */
  evidence: ConcludedReport[];
}

const normalise = (text: string) => text.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();

export const matterKey = (accusedKey: string, summary: string): string =>
  createHash('sha256')
    .update(`${accusedKey}|${normalise(summary)}`)
    .digest('hex')
    .slice(0, 24);

const notUpheld = (outcome: Finding) => outcome === 'UNTRUE' || outcome === 'FABRICATED';

/**
 * What the newest concluded report proposes, given the reporter's earlier ones. Pure: the same
 * history always gives the same proposals, so replaying the stream gives the same flags.
 */
export const proposalsFor = (
  earlier: readonly ConcludedReport[],
  newest: ConcludedReport,
  policy: FlagPolicy,
): FlagProposal[] => {
  const proposals: FlagProposal[] = [];
  if (newest.outcome === 'FABRICATED') proposals.push({ level: 'FABRICATION', evidence: [newest] });

  if (newest.outcome === 'UNTRUE') {
    const since = addMonths(new Date(newest.concludedAt), -policy.windowMonths).toISOString();
    const inWindow = [...earlier, newest].filter((r) => r.outcome === 'UNTRUE' && r.concludedAt >= since);
    if (inWindow.length >= policy.untrueThreshold)
      proposals.push({ level: 'REPEATED_UNTRUE', evidence: inWindow });
  }

  // Repeating a matter already concluded as untrue or fabricated, with no new allegation.
  if (notUpheld(newest.outcome) && newest.matterKeys.length > 0) {
    const concluded = earlier.filter(
      (r) => r.reportId !== newest.reportId && r.accusedKey === newest.accusedKey && notUpheld(r.outcome),
    );
    const known = new Set(concluded.flatMap((r) => r.matterKeys));
    if (concluded.length > 0 && newest.matterKeys.every((key) => known.has(key))) {
      const repeated = concluded.filter((r) => r.matterKeys.some((key) => newest.matterKeys.includes(key)));
      proposals.push({ level: 'WATCH', evidence: [...repeated, newest] });
    }
  }
  return proposals;
};

/** When a confirmed flag stops counting and stops showing. */
export const flagExpiry = (confirmedAt: string, policy: FlagPolicy): string =>
  addMonths(new Date(confirmedAt), policy.expiryYears * 12).toISOString();

/** A stable pseudonym for staff: derived from the (already keyed) fingerprint, never the identity. */
export const reporterRef = (fingerprint: string): string => {
  const digest = createHash('sha256').update(`reporter-ref:${fingerprint}`).digest();
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let ref = '';
  for (let i = 0; i < 10; i++) ref += alphabet[(digest[i] as number) % 32];
  return `R-${ref.slice(0, 5)}-${ref.slice(5)}`;
};

/** The most serious of a reporter's live flags, for triage of their next report. */
export const severity = (level: FlagLevel): number => flagLevels.indexOf(level);
