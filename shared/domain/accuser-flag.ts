/**
 * Accuser flags (失实举报/诬告陷害标记) as decisions: proposed by the policy, confirmed or dismissed
 * by an approver with a reason, contestable by the person (which reopens review), and expiring.
 */
import { DomainError, notFound } from './errors.ts';
import { type ConcludedReport, type FlagLevel, type FlagPolicy, flagExpiry } from './flag-policy.ts';
import type { Actor } from './roles.ts';

export const flagStatuses = ['PROPOSED', 'CONFIRMED', 'DISMISSED'] as const;
export type FlagStatus = (typeof flagStatuses)[number];

export interface FlagStep {
  at: string;
  by: string;
  step: 'PROPOSED' | 'EVIDENCE_ADDED' | 'CONFIRMED' | 'DISMISSED' | 'CONTESTED';
  reason?: string;
}

export interface AccuserFlag {
  flagId: string;
  level: FlagLevel;
  status: FlagStatus;
  version: number;
  reporterRef: string;
  evidence: ConcludedReport[];
  proposedAt: string;
  confirmedAt?: string;
  expiresAt?: string;
  steps: FlagStep[];
}

const refuse = (zh: string, en: string) => new DomainError('INVALID_TRANSITION', { zh, en });

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

export const decideFlag = (
  flag: AccuserFlag,
  decision: 'CONFIRM' | 'DISMISS',
  reason: string,
  actor: Actor,
  now: Date,
  policy: FlagPolicy,
): AccuserFlag => {
  if (!actor.roles.includes('approver'))
    throw new DomainError('FORBIDDEN', { zh: '只有审批人可以作出决定', en: 'Only an approver decides' });
  if (flag.status !== 'PROPOSED') throw refuse('该标记不在待审查状态', 'This flag is not awaiting review');
  const at = now.toISOString();
  if (decision === 'DISMISS') {
    return {
      ...flag,
      version: flag.version + 1,
      status: 'DISMISSED',
      confirmedAt: undefined,
      expiresAt: undefined,
      steps: [...flag.steps, { at, by: actor.userId, step: 'DISMISSED', reason }],
    };
  }
  return {
    ...flag,
    version: flag.version + 1,
    status: 'CONFIRMED',
    confirmedAt: at,
    expiresAt: flagExpiry(at, policy),
    steps: [...flag.steps, { at, by: actor.userId, step: 'CONFIRMED', reason }],
  };
};

/** The person contests (申诉): the statement is recorded and the flag goes back to review. */
export const contestFlag = (flag: AccuserFlag, statement: string, actor: Actor, now: Date): AccuserFlag => {
  // Contesting a dismissed flag would put it back in review: the person's appeal would revive it.
  if (flag.status === 'DISMISSED')
    throw refuse('该标记已撤销，无需申诉', 'This flag was dismissed; there is nothing to contest');
  if (flag.status === 'PROPOSED' && flag.steps.at(-1)?.step === 'CONTESTED') {
    throw refuse('该标记的申诉已在审查中', 'A contest of this flag is already under review');
  }
  return {
    ...flag,
    version: flag.version + 1,
    status: 'PROPOSED',
    confirmedAt: undefined,
    expiresAt: undefined,
    steps: [...flag.steps, { at: now.toISOString(), by: actor.userId, step: 'CONTESTED', reason: statement }],
  };
};

export const isLive = (flag: { status: FlagStatus; expiresAt?: string | undefined }, now: Date): boolean =>
  flag.status === 'PROPOSED' || (flag.status === 'CONFIRMED' && (flag.expiresAt ?? '') > now.toISOString());

export const noSuchFlag = () => notFound({ zh: '未找到该标记', en: 'No such flag' });
