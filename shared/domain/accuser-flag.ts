/**
 * Accuser flags (失实举报/诬告陷害标记) as decisions: proposed by the policy, confirmed or dismissed
 * by an approver with a reason, contestable by the person (which reopens review), and expiring.
 * Each step is decided here, purely: the flag in; the flag after, its audit facts and its events
 * out. The store commits them in one transaction (shared/store/accusers.ts).
 */

import type { HistoryFacts } from './audit.ts';
import { commissionOf } from './commission.ts';
import { DomainError, notFound } from './errors.ts';
import { type DomainEvent, domainEvent } from './events.ts';
import {
  type ConcludedReport,
  type FlagLevel,
  type FlagPolicy,
  type FlagProposal,
  flagExpiry,
  reporterRef,
} from './flag-policy.ts';
import {
  type IdentityStatus,
  identityUnverified,
  unverifiedForFabrication,
} from './identity-verification.ts';
import { newId } from './ids.ts';
import type { Actor, Role } from './roles.ts';
import type { FlagStatus } from './vocabulary.ts';

export interface FlagStep {
  at: string;
  by: string;
  step: 'PROPOSED' | 'EVIDENCE_ADDED' | 'CONFIRMED' | 'DISMISSED' | 'CONTESTED' | 'WITHDRAWN';
  reason?: string;
}

export interface AccuserFlag {
  flagId: string;
  level: FlagLevel;
  status: FlagStatus;
  /** Raised by one at every step, so a step is written only over the version it was decided on. */
  version: number;
  /** The keyed fingerprint of the record the flag belongs to; never shown (see flagView). */
  fingerprint: string;
  reporterRef: string;
  /**
   * The commission whose finding raised the flag: it alone reviews, decides and exports it. Absent
   * on flags raised before commissions (the single commission's).
   */
  commissionId?: string | undefined;
  evidence: ConcludedReport[];
  proposedAt: string;
  confirmedAt?: string;
  expiresAt?: string;
  steps: FlagStep[];
}

export type FlagEvent = DomainEvent<
  'FlagProposed' | 'FabricationFlagProposed' | 'FlagStatusChanged' | 'FlagConfirmed'
>;

/** A decided step: the flag after it, the entry for its audit trail, the events it raises. */
export interface FlagStepOutcome {
  flag: AccuserFlag;
  facts: HistoryFacts;
  events: FlagEvent[];
}

/** The flag's entry on the accuser record: what triage of the next report needs. */
export interface FlagPointer {
  flagId: string;
  status: FlagStatus;
  expiresAt?: string;
}

export const pointerOf = ({ flagId, status, expiresAt }: AccuserFlag): FlagPointer => ({
  flagId,
  status,
  ...(expiresAt ? { expiresAt } : {}),
});

const refuse = (zh: string, en: string) => new DomainError('INVALID_TRANSITION', { zh, en });

/**
 * Which commission a new flag belongs to: the one whose finding tipped the reporter's record over
 * the policy's threshold (the newest concluded report, the one being recorded). The record counts
 * findings from every commission, so moving county does not escape it; but the review is a
 * decision about that commission's case, taken by the commission that made the finding.
 */
export const flagCommissionOf = (tipping: Pick<ConcludedReport, 'commissionId'>): string =>
  commissionOf(tipping);

/** A new proposal from the policy, with the events that announce it (FABRICATION also to alerts). */
export const proposeFlag = (
  fingerprint: string,
  proposal: FlagProposal,
  at: string,
  /** The report whose finding raised the proposal (`flagCommissionOf`). */
  tipping: Pick<ConcludedReport, 'commissionId'>,
): { flag: AccuserFlag; events: FlagEvent[] } => {
  const flag: AccuserFlag = {
    flagId: newId('flg'),
    level: proposal.level,
    status: 'PROPOSED',
    version: 1,
    fingerprint,
    reporterRef: reporterRef(fingerprint),
    commissionId: flagCommissionOf(tipping),
    evidence: proposal.evidence,
    proposedAt: at,
    steps: [{ at, by: 'flag-policy', step: 'PROPOSED' }],
  };
  const events: FlagEvent[] = [domainEvent('FlagProposed', { flagId: flag.flagId, level: flag.level }, at)];
  if (flag.level === 'FABRICATION') {
    const payload = { flagId: flag.flagId, reporterRef: flag.reporterRef };
    events.push(domainEvent('FabricationFlagProposed', payload, at));
  }
  return { flag, events };
};

/** An open proposal takes new evidence instead of a second proposal. */
export const extendEvidence = (flag: AccuserFlag, evidence: ConcludedReport[], at: string): AccuserFlag => {
  const known = new Set(flag.evidence.map((e) => e.reportId));
  const added = evidence.filter((e) => !known.has(e.reportId));
  if (added.length === 0) return flag;
  return {
    ...flag,
    version: flag.version + 1,
    evidence: [...flag.evidence, ...added],
    steps: [...flag.steps, { at, by: 'flag-policy', step: 'EVIDENCE_ADDED' }],
  };
};

/** One reviewed step: the new status, recorded on the flag and its audit trail, announced. */
const takeStep = (
  flag: AccuserFlag,
  to: { status: FlagStatus; confirmedAt?: string | undefined; expiresAt?: string | undefined },
  by: { actor: Actor; role: Role; action: string; step: FlagStep['step']; reason: string; at: string },
): FlagStepOutcome => {
  const { at, actor, reason } = by;
  const next: AccuserFlag = {
    ...flag,
    ...to,
    version: flag.version + 1,
    steps: [...flag.steps, { at, by: actor.userId, step: by.step, reason }],
  };
  const { flagId, level } = next;
  const change = { fromStatus: flag.status, toStatus: next.status };
  const events: FlagEvent[] = [domainEvent('FlagStatusChanged', { flagId, level, ...change }, at)];
  if (next.status === 'CONFIRMED')
    events.push(domainEvent('FlagConfirmed', { flagId, level, reporterRef: next.reporterRef }, at));
  const facts = { at, actor: actor.userId, role: by.role, action: by.action, reason, ...change };
  return { flag: next, facts, events };
};

export const decideFlag = (
  flag: AccuserFlag,
  decision: 'CONFIRM' | 'DISMISS',
  reason: string,
  actor: Actor,
  now: Date,
  policy: FlagPolicy,
  /** Each evidence report's identity status (shared/domain/identity-verification.ts). */
  identityStatusOf: (reportId: string) => IdentityStatus | undefined,
): FlagStepOutcome => {
  if (!actor.roles.includes('approver'))
    throw new DomainError('FORBIDDEN', { zh: '只有审批人可以作出决定', en: 'Only an approver decides' });
  if (flag.status !== 'PROPOSED') throw refuse('该标记不在待审查状态', 'This flag is not awaiting review');
  if (decision === 'CONFIRM' && flag.level === 'FABRICATION') {
    // Every report counts, another commission's too (its status read server-side); the error names
    // another commission's report only by reference, never by an id staff could open.
    const unverified = new Set(unverifiedForFabrication(flag.evidence, identityStatusOf));
    const cited = flag.evidence
      .filter((e) => unverified.has(e.reportId))
      .map((e) => (isOwnEvidence(flag, e) ? e.reportId : referenceLabel(e)));
    if (cited.length) throw identityUnverified(cited);
  }
  const at = now.toISOString();
  const by = { actor, role: 'approver' as const, action: `flag-${decision.toLowerCase()}`, reason, at };
  return decision === 'DISMISS'
    ? takeStep(
        flag,
        { status: 'DISMISSED', confirmedAt: undefined, expiresAt: undefined },
        { ...by, step: 'DISMISSED' },
      )
    : takeStep(
        flag,
        { status: 'CONFIRMED', confirmedAt: at, expiresAt: flagExpiry(at, policy) },
        { ...by, step: 'CONFIRMED' },
      );
};

/**
 * The policy withdraws a flag (proposed or confirmed) whose evidence includes a conclusion that an
 * objection reopened: the finding it rests on no longer stands. It ends DISMISSED, with its own step
 * and reason on its audit trail; if the clue concludes the same way again, the policy proposes anew
 * and a reviewer decides again (docs/domain.md, "Objections").
 */
export const withdrawFlag = (flag: AccuserFlag, reportId: string, now: Date): FlagStepOutcome => {
  const at = now.toISOString();
  const reason = `所依据的办理结论（举报 ${reportId}）因异议已重新核查，标记撤回，待重新办结后再行评估 / The conclusion on report ${reportId} was reopened on an objection; withdrawn until it concludes again`;
  const next: AccuserFlag = {
    ...flag,
    status: 'DISMISSED',
    confirmedAt: undefined,
    expiresAt: undefined,
    version: flag.version + 1,
    steps: [...flag.steps, { at, by: 'flag-policy', step: 'WITHDRAWN', reason }],
  };
  const { flagId, level } = next;
  const change = { fromStatus: flag.status, toStatus: next.status };
  return {
    flag: next,
    facts: { at, actor: 'flag-policy', role: 'system', action: 'flag-withdrawn', reason, ...change },
    events: [domainEvent('FlagStatusChanged', { flagId, level, ...change }, at)],
  };
};

/** Who may record a contest: intake takes it in, an approver may too. */
const contestRoles: readonly Role[] = ['intake', 'approver'];

/** The person contests (申诉): the statement is recorded and the flag goes back to review. */
export const contestFlag = (
  flag: AccuserFlag,
  statement: string,
  actor: Actor,
  now: Date,
): FlagStepOutcome => {
  // Contesting a dismissed flag would put it back in review: the person's appeal would revive it.
  if (flag.status === 'DISMISSED')
    throw refuse('该标记已撤销，无需申诉', 'This flag was dismissed; there is nothing to contest');
  if (flag.status === 'PROPOSED' && flag.steps.at(-1)?.step === 'CONTESTED') {
    throw refuse('该标记的申诉已在审查中', 'A contest of this flag is already under review');
  }
  const role = actor.roles.find((r) => contestRoles.includes(r)) ?? (actor.roles[0] as Role);
  return takeStep(
    flag,
    { status: 'PROPOSED', confirmedAt: undefined, expiresAt: undefined },
    { actor, role, action: 'flag-contested', step: 'CONTESTED', reason: statement, at: now.toISOString() },
  );
};

export const isLive = (flag: { status: FlagStatus; expiresAt?: string | undefined }, now: Date): boolean =>
  flag.status === 'PROPOSED' || (flag.status === 'CONFIRMED' && (flag.expiresAt ?? '') > now.toISOString());

/**
 * The report whose identity an approver may open for a flag: only a confirmed, live FABRICATION
 * flag allows it, and it is the fabricated report among the evidence.
 */
export const revealableReport = (flag: AccuserFlag, now: Date): string => {
  if (flag.level !== 'FABRICATION' || flag.status !== 'CONFIRMED' || !isLive(flag, now)) {
    throw refuse(
      '只有已确认且在有效期内的诬告陷害标记才能查看身份',
      'Only a confirmed, unexpired FABRICATION flag allows revealing the identity',
    );
  }
  // Only a report of the flag's own commission: another commission's identity is never opened here.
  const own = flag.evidence.filter((e) => isOwnEvidence(flag, e));
  return (own.find((e) => e.outcome === 'FABRICATED')?.reportId ?? (own[0]?.reportId as string)) as string;
};

/** Whether an evidence report is a finding of the flag's own commission. */
export const isOwnEvidence = (
  flag: Pick<AccuserFlag, 'commissionId'>,
  evidence: Pick<ConcludedReport, 'commissionId'>,
): boolean => commissionOf(evidence) === commissionOf(flag);

/** How another commission's report is cited where its id may not appear: commission, case number or date. */
const referenceLabel = (e: ConcludedReport): string =>
  `${commissionOf(e)}:${e.caseNumber ?? `${e.outcome}@${e.concludedAt}`}`;

const ownEvidence = ({ reportId, clueId, outcome, concludedAt }: ConcludedReport) => ({
  reportId,
  clueId,
  finding: outcome,
  concludedAt,
});

/** The evidence as staff and the credit export see it: ids, finding and date, no keys of matters. */
export const evidenceView = (evidence: readonly ConcludedReport[]) => evidence.map(ownEvidence);

/**
 * Another commission's finding, by reference: which commission, the finding, the date and the
 * report's case number there. No report or clue id (nothing staff could open), no text, nothing of
 * the person: the finding is that commission's case, and only it opens it.
 */
export const evidenceReference = (e: ConcludedReport, nameOf: (commissionId: string) => string) => {
  const commissionId = commissionOf(e);
  return {
    byReference: true as const,
    commission: { commissionId, name: nameOf(commissionId) },
    finding: e.outcome,
    concludedAt: e.concludedAt,
    ...(e.caseNumber ? { caseNumber: e.caseNumber } : {}),
  };
};

/** The other commissions whose findings a flag cites: the handler looks up their names. */
export const citedCommissions = (flags: readonly AccuserFlag[]): string[] => [
  ...new Set(flags.flatMap((f) => f.evidence.filter((e) => !isOwnEvidence(f, e)).map(commissionOf))),
];

/**
 * What staff may see of a flag: the pseudonym, never the fingerprint; its own commission's
 * evidence as it is (ids, finding, date), another commission's only by reference
 * (`evidenceReference`); each with the report's identity status when known, so the reviewer sees
 * which still need staff verification before a FABRICATION flag can be confirmed (a status, never
 * an identity detail).
 */
export const flagView = (
  flag: AccuserFlag,
  statusOf: (reportId: string) => IdentityStatus | undefined = () => undefined,
  nameOf: (commissionId: string) => string = (commissionId) => commissionId,
) => {
  const { fingerprint: _fingerprint, ...visible } = flag;
  return {
    ...visible,
    commissionId: commissionOf(flag),
    evidence: flag.evidence.map((e) => {
      const shown = isOwnEvidence(flag, e) ? ownEvidence(e) : evidenceReference(e, nameOf);
      const identityStatus = statusOf(e.reportId);
      return identityStatus ? { ...shown, identityStatus } : shown;
    }),
  };
};

export type FlagView = ReturnType<typeof flagView>;

export const noSuchFlag = () => notFound({ zh: '未找到该标记', en: 'No such flag' });

/** Another step was written first: the decision was taken on a flag that has since changed. */
export const flagChanged = () =>
  new DomainError('VERSION_CONFLICT', {
    zh: '该标记已被他人处理，请刷新后重试',
    en: 'The flag was changed by someone else; reload and try again',
  });
