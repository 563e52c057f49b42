/**
 * Clearance (澄清正名): restoring the reputation of a cadre whose accusation was found untrue or
 * fabricated. docs/domain.md "Clearance": only concluded clues, only allegations found UNTRUE or
 * FABRICATED, only where harm was done, with the cadre's consent and a second person's approval,
 * at a scope that matches the harm. "Whoever verified, clears" (谁核实、谁澄清): the clue's
 * investigator proposes it.
 */

import { addMonths } from './calendar.ts';
import type { Clue } from './clue.ts';
import { DomainError, type Message } from './errors.ts';
import { clearable, type Finding } from './findings.ts';
import type { Actor } from './roles.ts';
import type { ClearanceMethod, ClearanceStatus } from './vocabulary.ts';

export const clearanceTriggers = ['DEPARTMENT_PROPOSAL', 'CADRE_APPLICATION'] as const;
export const clearanceHarms = ['CAREER_AFFECTED', 'RIGHTS_AFFECTED', 'REPEATED_REPORTS', 'OTHER'] as const;

export type ClearanceTrigger = (typeof clearanceTriggers)[number];
export type ClearanceHarm = (typeof clearanceHarms)[number];

export interface ClearedAllegation {
  allegationId: string;
  /** The allegation as registered: the reporter's wording, for staff only. */
  summary: string;
  /**
   * How the matter is named in public (the investigator's wording: no fabricated detail beyond what
   * clearing it needs, never the reporter). Older clearances have none and are published with the
   * summary, as they were proposed.
   */
  publicSummary?: string | undefined;
  finding: Finding;
}

export interface Clearance {
  clearanceId: string;
  clueId: string;
  /** The clue's case number when it has one (shown instead of the id). */
  clueCaseNumber?: string | undefined;
  /** Its clue's commission; none for clearances from before there were several. */
  commissionId?: string | undefined;
  status: ClearanceStatus;
  version: number;
  trigger: ClearanceTrigger;
  harm: ClearanceHarm[];
  /** The leading form (the public notice if there is one); `methods` holds the whole set. */
  method: ClearanceMethod;
  /** The forms of clearance (澄清方式), one document each; older clearances have only `method`. */
  methods?: ClearanceMethod[] | undefined;
  /** The investigator's statement (澄清说明), part of every document. */
  statement: string;
  /** The subscription key for the cadre's messages: the registered cadre, else a key of name and organisation. */
  cadreKey: string;
  cadre: { name: string; position: string; organization: string };
  allegations: ClearedAllegation[];
  proposedBy: string;
  proposedAt: string;
  /** A decision is due within a month of the conclusion (docs/domain.md "Deadlines"). */
  decideBy: string;
  /** The answer, with the hash of the content the cadre was shown (consent-preview.ts). */
  consent?:
    | { consent: boolean; comment?: string | undefined; at: string; contentHash?: string | undefined }
    | undefined;
  approvedBy?: string | undefined;
  publishedAt?: string | undefined;
  noticeId?: string | undefined;
  /** The other forms' documents (a letter, a record of the talk), each signed like the notice. */
  documents?: { method: ClearanceMethod; noticeId: string }[] | undefined;
  withdrawnReason?: string | undefined;
}

const refuse = (zh: string, en: string) => new DomainError('INVALID_TRANSITION', { zh, en });

export interface ClearanceRequest {
  trigger: ClearanceTrigger;
  harm: ClearanceHarm[];
  method?: ClearanceMethod | undefined;
  methods?: ClearanceMethod[] | undefined;
  allegationIds: string[];
  /** The public wording per allegation; an allegation without one is named by its summary. */
  publicSummaries?: { allegationId: string; text: string }[] | undefined;
  statement: string;
}

/** The forms in the order they lead: the widest reach first. */
const methodOrder: readonly ClearanceMethod[] = ['PUBLIC_NOTICE', 'MEETING', 'IN_PERSON', 'LETTER'];

/** Clearance in person or at a meeting is accompanied by a letter (CCDI 2020). */
export const needsLetter = (methods: readonly ClearanceMethod[]): boolean =>
  (methods.includes('IN_PERSON') || methods.includes('MEETING')) && !methods.includes('LETTER');

/**
 * The set of forms a request asks for, leading form first. `methods` is the set; a request with only
 * `method` (the first contract) gets the letter that must accompany a talk or a meeting added.
 */
export const methodSet = (request: Pick<ClearanceRequest, 'method' | 'methods'>): ClearanceMethod[] => {
  if (request.methods && needsLetter(request.methods)) {
    throw new DomainError('VALIDATION_FAILED', {
      zh: '当面澄清或会议澄清须同时发函说明（LETTER）',
      en: 'Clearance in person or at a meeting must be accompanied by a letter (LETTER)',
    });
  }
  const asked = new Set<ClearanceMethod>([
    ...(request.methods ?? []),
    ...(request.method ? [request.method] : []),
  ]);
  if (needsLetter([...asked])) asked.add('LETTER');
  return methodOrder.filter((m) => asked.has(m));
};

/** The forms of a clearance, leading form first, for clearances stored before `methods` too. */
export const methodsOf = (clearance: Pick<Clearance, 'method' | 'methods'>): ClearanceMethod[] =>
  clearance.methods ?? [clearance.method];

/**
 * Checks every eligibility rule and returns the allegations to clear; each refusal names the rule.
 * Harm and method are also required by the schema; they are checked here too because the domain
 * must not depend on its callers.
 */
export const eligibleAllegations = (
  clue: Clue,
  request: ClearanceRequest,
  actor: Actor,
): ClearedAllegation[] => {
  if (clue.status !== 'CONCLUDED' || !clue.conclusion) {
    throw refuse('只有已办结（CONCLUDED）的线索才能澄清正名', 'Only a CONCLUDED clue can lead to clearance');
  }
  if (clue.assignee !== actor.userId) {
    throw new DomainError('FORBIDDEN', {
      zh: '谁核实、谁澄清：只有该线索的承办人可以提出澄清',
      en: 'Whoever verified, clears: only the clue’s investigator may propose clearance',
    });
  }
  if (request.harm.length === 0) {
    throw refuse(
      '澄清正名须说明已经或可能造成的不良影响',
      'Clearance needs at least one kind of harm done or likely',
    );
  }
  const findings = new Map(clue.conclusion.findings.map((f) => [f.allegationId, f.finding]));
  const cleared: ClearedAllegation[] = [];
  for (const allegationId of new Set(request.allegationIds)) {
    const allegation = clue.allegations.find((a) => a.allegationId === allegationId);
    const finding = findings.get(allegationId);
    if (!allegation || !finding)
      throw refuse(`线索中没有问题 ${allegationId}`, `The clue has no allegation ${allegationId}`);
    if (!clearable(finding)) {
      throw refuse(
        `问题 ${allegationId} 的结论为 ${finding}，只有失实（UNTRUE）或诬告陷害（FABRICATED）的问题才能澄清`,
        `Allegation ${allegationId} was found ${finding}; only UNTRUE or FABRICATED allegations can be cleared`,
      );
    }
    const wording = request.publicSummaries?.find((p) => p.allegationId === allegationId)?.text;
    cleared.push({
      allegationId,
      summary: allegation.summary,
      publicSummary: wording ?? allegation.summary,
      finding,
    });
  }
  if (cleared.length === 0) throw refuse('至少选择一项问题', 'Choose at least one allegation');
  const stray = request.publicSummaries?.find((p) => !request.allegationIds.includes(p.allegationId));
  if (stray) {
    throw new DomainError('VALIDATION_FAILED', {
      zh: `公开表述所对应的问题 ${stray.allegationId} 不在本次澄清范围内`,
      en: `The public wording names allegation ${stray.allegationId}, which this clearance does not clear`,
    });
  }
  return cleared;
};

export const decisionDue = (concludedAt: string): string => addMonths(new Date(concludedAt), 1).toISOString();

/** Consent (本人同意) moves AWAITING_CONSENT to CONSENTED or DECLINED, once. */
export const recordConsent = (
  clearance: Clearance,
  consent: boolean,
  comment: string | undefined,
  now: Date,
  contentHash?: string,
): Clearance => {
  if (clearance.status !== 'AWAITING_CONSENT') {
    throw refuse('该澄清事项不在等待本人意见的状态', 'This clearance is not awaiting consent');
  }
  return {
    ...clearance,
    version: clearance.version + 1,
    status: consent ? 'CONSENTED' : 'DECLINED',
    consent: {
      consent,
      ...(comment ? { comment } : {}),
      at: now.toISOString(),
      ...(contentHash ? { contentHash } : {}),
    },
  };
};

/** Approval publishes; it needs consent and a second person (four eyes). */
export const approveClearance = (
  clearance: Clearance,
  actor: Actor,
  noticeId: string,
  now: Date,
): Clearance => {
  if (!actor.roles.includes('approver'))
    throw new DomainError('FORBIDDEN', { zh: '只有审批人可以批准', en: 'Only an approver may approve' });
  if (clearance.status !== 'CONSENTED') {
    throw refuse(
      '未经本人同意，不能批准发布澄清',
      'Clearance cannot be approved without the cadre’s consent',
    );
  }
  if (clearance.proposedBy === actor.userId) {
    throw new DomainError('FORBIDDEN', {
      zh: '审批人不能是澄清的提出人',
      en: 'The approver must not be the proposer (four eyes)',
    });
  }
  return {
    ...clearance,
    version: clearance.version + 1,
    status: 'PUBLISHED',
    approvedBy: actor.userId,
    publishedAt: now.toISOString(),
    noticeId,
  };
};

/**
 * A clearance is live from its proposal until it is withdrawn or declined; a published one stays
 * live for good. An allegation has at most one live clearance: two notices for one allegation
 * would say the same thing twice, or two different things.
 */
export const isLiveClearance = (status: ClearanceStatus): boolean =>
  status !== 'WITHDRAWN' && status !== 'DECLINED';

export const clearanceExists = (allegationId: string) =>
  new DomainError(
    'CLEARANCE_EXISTS',
    {
      zh: `问题 ${allegationId} 已有正在办理或已发布的澄清，不能重复澄清`,
      en: `Allegation ${allegationId} already has a clearance under way or published`,
    },
    [{ path: 'body.allegationIds', code: 'clearance_exists', message: allegationId }],
  );

/**
 * The clue's investigator (谁核实、谁澄清) or an approver: who may withdraw a clearance or record its
 * follow-up visit. `investigator` is the clue's assignee.
 */
const isInvestigatorOrApprover = (actor: Actor, investigator: string | undefined): boolean =>
  actor.roles.includes('approver') ||
  (actor.roles.includes('investigator') && investigator !== undefined && actor.userId === investigator);

export const withdrawClearance = (
  clearance: Clearance,
  reason: string,
  actor: Actor,
  investigator: string | undefined,
): Clearance => {
  if (!isInvestigatorOrApprover(actor, investigator)) {
    throw new DomainError('FORBIDDEN', {
      zh: '只有该线索的承办人或审批人可以撤回澄清',
      en: 'Only the clue’s investigator or an approver may withdraw a clearance',
    });
  }
  if (clearance.status !== 'AWAITING_CONSENT' && clearance.status !== 'CONSENTED') {
    throw refuse('该澄清事项已结束，不能撤回', 'This clearance has ended and cannot be withdrawn');
  }
  return { ...clearance, version: clearance.version + 1, status: 'WITHDRAWN', withdrawnReason: reason };
};

/** A follow-up visit (回访) is recorded by the one who cleared, or an approver. */
export const assertMayRecordFollowUp = (actor: Actor, investigator: string | undefined): void => {
  if (!isInvestigatorOrApprover(actor, investigator)) {
    throw new DomainError('FORBIDDEN', {
      zh: '只有该线索的承办人或审批人可以记录回访',
      en: 'Only the clue’s investigator or an approver may record the follow-up visit',
    });
  }
};

/** Only a public notice (公开澄清) reaches the notice board; the others go to the cadre alone. */
export const isPublicMethod = (method: ClearanceMethod): boolean => method === 'PUBLIC_NOTICE';

/**
 * The message that brings the consent link. It reads as a letter from the commission, Chinese first:
 * who writes, what is proposed, how to check that the message is genuine (the commission's contact),
 * and the reference of the clearance last. Nothing in it names the reporter.
 */
export const consentRequestText = (
  clearance: Clearance,
  link: string,
  commission: { name: string; contact: string },
  days: number,
): Message => {
  const forms = methodsOf(clearance);
  return {
    zh: `${clearance.cadre.name}同志：\n\n${commission.name}对反映您的${clearance.allegations.length}项问题进行了核查，经核查不属实。根据《关于做好失实检举控告澄清工作的意见》，我委拟以${forms.map((m) => `“${methodName.zh[m]}”`).join('、')}方式为您澄清正名。\n\n请在${days}日内打开以下链接，查看拟澄清的问题和拟发布的全文，并表示是否同意：\n${link}\n\n如对本函真实性有疑问，请联系${commission.name}（${commission.contact}）核实。\n\n${commission.name}\n（编号：${clearance.clearanceId}）`,
    en: `Dear ${clearance.cadre.name},\n\n${commission.name} verified ${clearance.allegations.length} allegation(s) against you and found them untrue. It proposes to clear your name by ${forms.map((m) => methodName.en[m]).join(', ')}.\n\nWithin ${days} days, please open the link below to see the matters to be cleared and the full text to be issued, and say whether you agree:\n${link}\n\nIf you doubt that this message is genuine, contact ${commission.name} (${commission.contact}).\n\n${commission.name}\n(reference ${clearance.clearanceId})`,
  };
};

export const methodName: Record<'zh' | 'en', Record<ClearanceMethod, string>> = {
  zh: { LETTER: '发函说明', IN_PERSON: '当面说明', MEETING: '会议通报', PUBLIC_NOTICE: '公开澄清' },
  en: {
    LETTER: 'a letter to your unit',
    IN_PERSON: 'an explanation in person',
    MEETING: 'an announcement at a meeting',
    PUBLIC_NOTICE: 'a public notice',
  },
};
