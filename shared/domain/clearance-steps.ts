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
  methodSet,
  methodsOf,
  recordConsent,
  withdrawClearance,
} from './clearance.ts';
import type { Clue } from './clue.ts';
import { type Commission, consentContent, contentChanged } from './consent-preview.ts';
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
  /** Its clearance's (its clue's) commission; none on visits from before commissions. */
  commissionId?: string | undefined;
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
  COMMISSION_CONTACT: string;
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

/** SNS takes a subject of under 100 characters, without line breaks. */
const subjectLine = (text: string) => Array.from(text.replace(/\s+/g, ' ')).slice(0, 99).join('');

/** The commission as the cadre's messages and the consent page name it. */
export const commissionOf = (settings: ClearanceSettings): Commission => ({
  name: settings.COMMISSION_NAME,
  contact: settings.COMMISSION_CONTACT,
});

/**
 * The consent request the cadre receives, with the one-time link: Chinese first, from the
 * commission by name, so it does not read like a stranger's message.
 */
export const consentRequestMessage = (clearance: Clearance, link: string, settings: ClearanceSettings) => {
  const commission = commissionOf(settings);
  const text = consentRequestText(clearance, link, commission, settings.CONSENT_TTL_DAYS);
  return {
    message: `${text.zh}\n\n——\n\n${text.en}`,
    subject: subjectLine(`【${commission.name}】关于为您澄清正名征求本人意见的函`),
  };
};

/** The documents as the cadre receives them: each authoritative Chinese text, then the English. */
export const noticeMessage = (notices: readonly UnsignedNotice[]) => {
  const [lead] = notices as [UnsignedNotice];
  return {
    message: notices.map((n) => `${n.text}\n\n${n.translations.en}`).join('\n\n————\n\n'),
    subject: subjectLine(`【${lead.issuer}】${lead.text.split('\n')[0]}`),
  };
};

/** The token opens the clearance: right, unused and unexpired (else the one 403 for all three). */
export const assertTokenOpens = (state: ClearanceState, token: string, now: Date): void => {
  const credential = state.consentCredential;
  if (!tokenMatches(token, credential) || credential.usedAt || credential.expiresAt < now.toISOString())
    throw badConsentToken();
};

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
  const methods = methodSet(request);
  const at = now.toISOString();
  const clearance: Clearance = {
    clearanceId: newId('clr'),
    clueId: clue.clueId,
    ...(clue.caseNumber ? { clueCaseNumber: clue.caseNumber } : {}),
    // A clearance belongs to its clue's commission (shared/domain/commission.ts).
    ...(clue.commissionId ? { commissionId: clue.commissionId } : {}),
    status: 'AWAITING_CONSENT',
    version: 1,
    trigger: request.trigger,
    harm: request.harm,
    method: methods[0] as Clearance['method'],
    methods,
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
        secret: consentRequestMessage(clearance, link, settings),
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
  answer: {
    token: string;
    consent: boolean;
    comment?: string | undefined;
    /** The hash of the preview the cadre saw; links from before the preview existed send none. */
    contentHash?: string | undefined;
  },
  now: Date,
  settings: ClearanceSettings,
): ClearanceDecision => {
  assertTokenOpens(state, answer.token, now);
  const { contentHash } = consentContent(state.clearance, commissionOf(settings));
  if (answer.contentHash !== undefined && answer.contentHash !== contentHash) throw contentChanged();
  const at = now.toISOString();
  const credential = state.consentCredential;
  const clearance = recordConsent(state.clearance, answer.consent, answer.comment, now, contentHash);
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
  input: {
    actor: Actor;
    concludedAt: string | undefined;
    now: Date;
    settings: ClearanceSettings;
    /** The hash of the text the approver was shown and confirmed, when the approver's page sends it. */
    contentHash?: string | undefined;
  },
): ClearanceDecision & { notice: UnsignedNotice; documents: UnsignedNotice[]; followUp: FollowUp } => {
  const { actor, now, settings } = input;
  const at = now.toISOString();
  const approved = approveClearance(state.clearance, actor, newId('ntc'), now);
  // The clue's conclusion is gone only when an objection reopened it: nothing is published then.
  if (input.concludedAt === undefined) {
    throw new DomainError('INVALID_TRANSITION', {
      zh: '该线索已因异议重新核查，原结论不再有效，重新办结前不能发布澄清',
      en: 'The clue was reopened on an objection; no clearance is published before it concludes again',
    });
  }
  // What is issued is what the cadre agreed to and the approver saw, byte for byte.
  const { contentHash } = consentContent(state.clearance, commissionOf(settings));
  const agreed = state.clearance.consent?.contentHash;
  if ((agreed && agreed !== contentHash) || (input.contentHash && input.contentHash !== contentHash))
    throw contentChanged();
  const [, ...others] = methodsOf(approved);
  const clearance: Clearance = others.length
    ? { ...approved, documents: others.map((method) => ({ method, noticeId: newId('ntc') })) }
    : approved;
  const noticeId = clearance.noticeId as string;
  const notice = buildNotice(clearance, noticeId, settings.COMMISSION_NAME, at);
  const documents = (clearance.documents ?? []).map((d) =>
    buildNotice(clearance, d.noticeId, settings.COMMISSION_NAME, at, d.method),
  );
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
        secret: noticeMessage([notice, ...documents]),
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
    ...(clearance.commissionId ? { commissionId: clearance.commissionId } : {}),
    cadre: clearance.cadre,
    dueAt: addDays(now, settings.FOLLOW_UP_DAYS).toISOString(),
    status: 'PENDING',
  };
  return { ...decision, notice, documents, followUp };
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
