/**
 * The clearance use cases as pure decisions: propose, answer (consent or decline), approve and
 * withdraw. Each takes the clearance as stored (or the clue, for a proposal) and returns the next
 * state, the lock changes, the audit facts and the messages to send, or throws a DomainError; the
 * handler loads, decides and commits (docs/architecture.md). What is secret stays at the edge: the
 * consent token comes in already drawn, and a message's `secret` part is sealed by the store
 * before it is written.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HistoryFacts } from './audit.ts';
import { addDays, daysBetween } from './calendar.ts';
import {
  approveClearance,
  assertMayRecordFollowUp,
  type Clearance,
  type ClearanceRequest,
  consentRequestText,
  decisionDue,
  eligibleAllegations,
  isLiveClearance,
  recordConsent,
  withdrawClearance,
} from './clearance.ts';
import type { Clue } from './clue.ts';
import { DomainError } from './errors.ts';
import { type DomainEvent, domainEvent } from './events.ts';
import { newId } from './ids.ts';
import { buildNotice, type UnsignedNotice } from './notice.ts';
import type { Actor, Role } from './roles.ts';

/** The one-time consent credential: only the token's hash is kept, with its expiry and its use. */
export interface ConsentCredential {
  tokenHash: string;
  expiresAt: string;
  usedAt?: string | undefined;
}

/** A clearance as the steps see it: the clearance, its consent credential, and its locks. */
export interface ClearanceState {
  clearance: Clearance;
  consentCredential: ConsentCredential;
  /**
   * The clearance holds one lock per allegation, from its proposal until it ends (one live
   * clearance per allegation); one proposed before the locks existed holds none, so releases none.
   */
  holdsLocks?: boolean | undefined;
}

/** The follow-up visit (回访) a publication schedules, and what recording it adds. */
export interface FollowUp {
  followUpId: string;
  clearanceId: string;
  clueId: string;
  cadre: Clearance['cadre'];
  dueAt: string;
  status: 'PENDING' | 'DONE';
  notes?: string;
  visitedAt?: string;
  visitedBy?: string;
}

/** How the cadre is reached: what the proposal is given, sealed before it is stored. */
export interface CadreContact {
  email?: string | undefined;
  phone?: string | undefined;
}

/** A message to send through the outbox. */
export interface Outgoing {
  event: DomainEvent;
  /** Personal data or a credential (a consent link, a contact): sealed at the edge, opened by the relay. */
  secret?: Record<string, unknown>;
  /** SNS message attributes, e.g. the cadre's key for their subscription's filter policy. */
  attributes?: Record<string, string>;
}

export interface ClearanceDecision {
  state: ClearanceState;
  /** Locks to take (a proposal) or release (the clearance ended) on these allegations. */
  locks?: { change: 'take' | 'release'; allegationIds: string[] } | undefined;
  facts: HistoryFacts;
  messages: Outgoing[];
}

/** The configuration the steps read, by its configuration names (so `config` itself serves). */
export interface ClearanceSettings {
  COMMISSION_NAME: string;
  PUBLIC_BASE_URL: string;
  CONSENT_TTL_DAYS: number;
  FOLLOW_UP_DAYS: number;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const tokenMatches = (token: string, credential: ConsentCredential): boolean => {
  const given = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(credential.tokenHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
};

/** Messages to a cadre carry their key, so their subscription's filter policy lets them through. */
export const cadreAttributes = (clearance: Clearance, extra: Record<string, string> = {}) => ({
  cadreId: clearance.cadreKey,
  clearanceId: clearance.clearanceId,
  ...extra,
});

/** The consent request the cadre receives, with the one-time link, in both languages. */
export const consentRequestMessage = (clearance: Clearance, link: string) => {
  const text = consentRequestText(clearance, link);
  return { message: `${text.zh}\n\n${text.en}`, subject: 'Clearance: your consent is requested' };
};

/** The notice as the cadre receives it: the authoritative Chinese text, then the English. */
export const noticeMessage = (notice: UnsignedNotice) => ({
  message: `${notice.text}\n\n${notice.translations.en}`,
  subject: 'Clarification notice',
});

/** A wrong, used or expired token: one answer for all three, so a guess learns nothing. */
export const badConsentToken = () =>
  new DomainError('FORBIDDEN', {
    zh: '链接无效、已使用或已过期，请联系纪检监察机关',
    en: 'This link is not valid, was already used or has expired; please contact the commission',
  });

/** The locks a step changes: a new live clearance takes them, one that ends releases what it held. */
const lockChange = (before: ClearanceState | undefined, after: Clearance) => {
  const allegationIds = after.allegations.map((a) => a.allegationId);
  if (!before && isLiveClearance(after.status)) return { change: 'take' as const, allegationIds };
  if (before?.holdsLocks && !isLiveClearance(after.status))
    return { change: 'release' as const, allegationIds };
  return undefined;
};

const decided = (
  before: ClearanceState | undefined,
  state: Omit<ClearanceState, 'holdsLocks'>,
  facts: HistoryFacts,
  messages: Outgoing[],
): ClearanceDecision => {
  const locks = lockChange(before, state.clearance);
  const holdsLocks = locks ? locks.change === 'take' : (before?.holdsLocks ?? false);
  return { state: { ...state, holdsLocks }, locks, facts, messages };
};

/**
 * Proposal (谁核实、谁澄清): the clue's investigator proposes; the cadre is asked with a one-time
 * link. `accusedKey` keys a cadre not registered by name and organisation, so the same person
 * gets the same key across clues and one subscription serves them all.
 */
export const decideProposal = (input: {
  clue: Clue;
  accusedKey: string;
  request: ClearanceRequest & { cadreContact: CadreContact };
  actor: Actor;
  token: string;
  now: Date;
  settings: ClearanceSettings;
}): ClearanceDecision & { contact: CadreContact } => {
  const { clue, request, actor, now, settings } = input;
  const allegations = eligibleAllegations(clue, request, actor);
  const at = now.toISOString();
  const clearance: Clearance = {
    clearanceId: newId('clr'),
    clueId: clue.clueId,
    status: 'AWAITING_CONSENT',
    version: 1,
    trigger: request.trigger,
    harm: request.harm,
    method: request.method,
    statement: request.statement,
    cadreKey: clue.cadreId ?? `acc-${input.accusedKey}`,
    cadre: {
      name: clue.accused.name,
      position: clue.accused.position,
      organization: clue.accused.organization,
    },
    allegations,
    proposedBy: actor.userId,
    proposedAt: at,
    decideBy: decisionDue(clue.conclusion?.concludedAt as string),
  };
  const link = `${settings.PUBLIC_BASE_URL}/consent?clearance=${clearance.clearanceId}&token=${input.token}`;
  const consentCredential = {
    tokenHash: hashToken(input.token),
    expiresAt: addDays(now, settings.CONSENT_TTL_DAYS).toISOString(),
  };
  const { clearanceId, cadreKey, method } = clearance;
  const decision = decided(
    undefined,
    { clearance, consentCredential },
    {
      at,
      actor: actor.userId,
      role: 'investigator',
      action: 'propose-clearance',
      details: { clearanceId, method },
    },
    [
      {
        event: domainEvent('CadreContactChanged', { cadreId: cadreKey }, at),
        secret: { contact: request.cadreContact },
        attributes: { cadreId: cadreKey },
      },
      {
        event: domainEvent('ConsentRequested', { clearanceId }, at),
        secret: consentRequestMessage(clearance, link),
        attributes: cadreAttributes(clearance),
      },
      { event: domainEvent('ClearanceProposed', { clearanceId, clueId: clue.clueId, method }, at) },
    ],
  );
  return { ...decision, contact: request.cadreContact };
};

/**
 * The cadre's answer (本人同意). The token is the credential: a wrong, used or expired token is
 * refused alike, and it is used up by the answer, consent or not.
 */
export const decideConsent = (
  state: ClearanceState,
  answer: { token: string; consent: boolean; comment?: string | undefined },
  now: Date,
): ClearanceDecision => {
  const credential = state.consentCredential;
  const at = now.toISOString();
  if (!tokenMatches(answer.token, credential) || credential.usedAt || credential.expiresAt < at)
    throw badConsentToken();
  const clearance = recordConsent(state.clearance, answer.consent, answer.comment, now);
  const { clearanceId } = clearance;
  return decided(
    state,
    { clearance, consentCredential: { ...credential, usedAt: at } },
    {
      at,
      actor: `cadre:${clearance.cadreKey}`,
      role: 'public',
      action: answer.consent ? 'consent-clearance' : 'decline-clearance',
      ...(answer.comment ? { reason: answer.comment } : {}),
      details: { clearanceId },
    },
    [
      {
        event: domainEvent(answer.consent ? 'ClearanceConsented' : 'ClearanceDeclined', { clearanceId }, at),
      },
    ],
  );
};

/**
 * Approval publishes (four eyes): the notice, generated from the clearance as the cadre was shown
 * it, goes to the cadre (and to the board if public), and a follow-up visit is scheduled.
 * `concludedAt` is the clue's conclusion, for how long clearance took; the notice comes back
 * unsigned, for the edge to sign.
 */
export const decideApproval = (
  state: ClearanceState,
  input: { actor: Actor; concludedAt: string | undefined; now: Date; settings: ClearanceSettings },
): ClearanceDecision & { notice: UnsignedNotice; followUp: FollowUp } => {
  const { actor, now, settings } = input;
  const at = now.toISOString();
  const clearance = approveClearance(state.clearance, actor, newId('ntc'), now);
  // The clue's conclusion is gone only when an objection reopened it: nothing is published then.
  if (input.concludedAt === undefined) {
    throw new DomainError('INVALID_TRANSITION', {
      zh: '该线索已因异议重新核查，原结论不再有效，重新办结前不能发布澄清',
      en: 'The clue was reopened on an objection; no clearance is published before it concludes again',
    });
  }
  const noticeId = clearance.noticeId as string;
  const notice = buildNotice(clearance, noticeId, settings.COMMISSION_NAME, at);
  const { clearanceId, clueId, method } = clearance;
  const decision = decided(
    state,
    { clearance, consentCredential: state.consentCredential },
    {
      at,
      actor: actor.userId,
      role: 'approver',
      action: 'approve-clearance',
      details: { clearanceId, noticeId, public: notice.public },
    },
    [
      {
        event: domainEvent('NoticeSent', { clearanceId, noticeId }, at),
        secret: noticeMessage(notice),
        attributes: cadreAttributes(clearance, { noticeId }),
      },
      {
        event: domainEvent(
          'ClearancePublished',
          {
            clearanceId,
            clueId,
            noticeId,
            method,
            public: notice.public,
            daysFromConclusion: daysBetween(new Date(input.concludedAt), now),
          },
          at,
        ),
      },
    ],
  );
  const followUp: FollowUp = {
    followUpId: newId('flw'),
    clearanceId,
    clueId,
    cadre: clearance.cadre,
    dueAt: addDays(now, settings.FOLLOW_UP_DAYS).toISOString(),
    status: 'PENDING',
  };
  return { ...decision, notice, followUp };
};

/** The role a person acted in: the first of theirs that the rule allows. */
const roleIn = (actor: Actor, allowed: readonly Role[]): Role =>
  actor.roles.find((role) => allowed.includes(role)) ?? (actor.roles[0] as Role);

/**
 * Withdrawal, before publication, by the clue's investigator (`investigator`, its assignee) or an
 * approver; the allegations may then be cleared again.
 */
export const decideWithdrawal = (
  state: ClearanceState,
  input: { reason: string; actor: Actor; investigator: string | undefined; now: Date },
): ClearanceDecision => {
  const { actor, reason } = input;
  const at = input.now.toISOString();
  const clearance = withdrawClearance(state.clearance, reason, actor, input.investigator);
  const { clearanceId } = clearance;
  return decided(
    state,
    { clearance, consentCredential: state.consentCredential },
    {
      at,
      actor: actor.userId,
      role: roleIn(actor, ['investigator', 'approver']),
      action: 'withdraw-clearance',
      reason,
      details: { clearanceId },
    },
    [{ event: domainEvent('ClearanceWithdrawn', { clearanceId }, at) }],
  );
};

/** Recording the follow-up visit (回访): once, by the clue's investigator or an approver. */
export const decideFollowUpVisit = (
  followUp: FollowUp,
  input: {
    notes: string;
    visitedAt?: string | undefined;
    actor: Actor;
    investigator: string | undefined;
    now: Date;
  },
): {
  followUp: FollowUp & Required<Pick<FollowUp, 'notes' | 'visitedAt' | 'visitedBy'>>;
  facts: HistoryFacts;
} => {
  const { actor } = input;
  assertMayRecordFollowUp(actor, input.investigator);
  if (followUp.status !== 'PENDING') throw visitAlreadyRecorded();
  const at = input.now.toISOString();
  return {
    followUp: {
      ...followUp,
      status: 'DONE',
      notes: input.notes,
      visitedAt: input.visitedAt ?? at,
      visitedBy: actor.userId,
    },
    facts: {
      at,
      actor: actor.userId,
      role: roleIn(actor, ['investigator', 'approver']),
      action: 'record-follow-up',
      details: { followUpId: followUp.followUpId, clearanceId: followUp.clearanceId },
    },
  };
};

/** A visit recorded already (read before, or by someone else meanwhile). */
export const visitAlreadyRecorded = () =>
  new DomainError('INVALID_TRANSITION', { zh: '该回访已记录', en: 'This visit was already recorded' });
