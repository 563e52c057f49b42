/**
 * Recusal (回避): a member who is a close relative of, or has interests with, the accused or the
 * reporter steps aside from the clue (2020 rules). A member declares it themself, or an approver
 * records it for them (also on a reporter's request made through the conversation). From then on
 * the member may not be assigned the clue, act on it, approve anything resting on it, open an
 * identity in it or read its details: 403 CONFLICT_OF_INTEREST. A relationship declared in the
 * cadre registry between a member and a cadre has the same effect on the clues linked to that
 * cadre, where it matters most: at assignment and on every action, not after.
 *
 * An approver lifts a recusal (解除回避) declared by mistake or whose cause has ended, with a
 * reason: the member may then be assigned and act again. A lifted recusal is kept, with who lifted
 * it, when and why; it bars nobody.
 *
 * A reporter who asked for the recusal is told both steps in the conversation they read with the
 * receipt code (fixed texts, like the commission's other status texts: never who stepped aside, who
 * decided or why), and, through the events, that there is news. A member's own declaration tells
 * the reporter nothing.
 *
 * Pure: the clue store reads the clue's recusals in the same Query as the clue itself, and the
 * cadre's relationships by key; this module decides.
 */

import type { HistoryFacts } from './audit.ts';
import { type Clue, isOpen, withStatus } from './clue.ts';
import { DomainError, forbidden, type Message, notFound } from './errors.ts';
import { type DomainEvent, domainEvent } from './events.ts';
import { newId } from './ids.ts';
import type { Actor } from './roles.ts';

export const recusalKinds = ['DECLARED', 'RECORDED'] as const;
/** DECLARED: the member themself; RECORDED: an approver for the member. */
export type RecusalKind = (typeof recusalKinds)[number];

/** Declared relationships between a member and a cadre (干部登记中的利害关系). */
export const relationKinds = [
  'CLOSE_RELATIVE',
  'OTHER_RELATIVE',
  'FINANCIAL_INTEREST',
  'OTHER_INTEREST',
] as const;
export type RelationKind = (typeof relationKinds)[number];

export const recusalLimits = {
  reasonMin: 5,
  reasonMax: 500,
  /**
   * Recusals are read with every load of the clue: their number per clue is bounded, lifted ones
   * included (they are kept, and loaded with the clue like the others).
   */
  perClue: 20,
  requesterNameMax: 50,
} as const;

/** Who lifted a recusal (解除回避), when and why (the reason: never logged, never in an event). */
export interface RecusalLift {
  by: string;
  at: string;
  reason: string;
}

export interface Recusal {
  /** Names this recusal among the clue's, lifted ones included: a member may step aside again after a lift. */
  recusalId: string;
  clueId: string;
  /** The member who steps aside. */
  userId: string;
  kind: RecusalKind;
  /** Why (never logged, never in an event; on the audit trail and this item only). */
  reason: string;
  recordedBy: string;
  recordedAt: string;
  /** The reporter's message that asked for it, when an approver records a reporter's request. */
  requestMessageId?: string | undefined;
  /**
   * The report that message belongs to: its reporter is told when the recusal is recorded and when
   * it is lifted. Absent on a member's own declaration, and on requests recorded before it was kept.
   */
  requestReportId?: string | undefined;
  /** Set once an approver has lifted it: from then on it bars nobody, and it stays on the clue. */
  lifted?: RecusalLift | undefined;
}

export interface Relationship {
  cadreId: string;
  userId: string;
  relation: RelationKind;
  declaredBy: string;
  declaredAt: string;
}

/** What is known of the members' conflicts on one clue: its recusals and its cadre's relationships. */
export interface ClueConflicts {
  /** A lifted recusal among them bars nobody. */
  recusals: readonly Pick<Recusal, 'userId' | 'lifted'>[];
  /** Relationships of the clue's cadre, for the members concerned (absent: no cadre linked). */
  relations?: readonly Pick<Relationship, 'userId'>[] | undefined;
}

export const conflictMessages = {
  recused: {
    zh: '您已对该线索回避，不得查阅、办理或审批该线索',
    en: 'You have recused yourself from this clue (回避) and may not read, act on or approve anything in it',
  },
  related: {
    zh: '您与该线索反映的干部存在已登记的亲属或利害关系，应当回避，不得办理该线索',
    en: 'You have a declared relationship with the cadre of this clue and must step aside from it',
  },
  assigneeRecused: {
    zh: '拟指派的承办人已对该线索回避，不能指派其承办',
    en: 'The member to be assigned has recused from this clue and cannot be assigned it',
  },
  assigneeRelated: {
    zh: '拟指派的承办人与该线索反映的干部存在已登记的亲属或利害关系，不能指派其承办',
    en: 'The member to be assigned has a declared relationship with the cadre of this clue and cannot be assigned it',
  },
} as const satisfies Record<string, Message>;

export const conflictOfInterest = (text: Message) => new DomainError('CONFLICT_OF_INTEREST', text);

/** Why a member is barred from a clue, or undefined when they are not. */
export const conflictOf = (userId: string, conflicts: ClueConflicts): 'RECUSED' | 'RELATED' | undefined => {
  if (conflicts.recusals.some((r) => r.userId === userId && !r.lifted)) return 'RECUSED';
  if (conflicts.relations?.some((r) => r.userId === userId)) return 'RELATED';
  return undefined;
};

/** A member who has stepped aside from a clue touches nothing of it: 403 CONFLICT_OF_INTEREST. */
export const assertNoConflict = (userId: string, conflicts: ClueConflicts): void => {
  const conflict = conflictOf(userId, conflicts);
  if (conflict)
    throw conflictOfInterest(conflict === 'RECUSED' ? conflictMessages.recused : conflictMessages.related);
};

/** Nobody barred from a clue is made its assignee (caught at assignment, not after). */
export const assertAssignable = (assignee: string, conflicts: ClueConflicts): void => {
  const conflict = conflictOf(assignee, conflicts);
  if (conflict)
    throw conflictOfInterest(
      conflict === 'RECUSED' ? conflictMessages.assigneeRecused : conflictMessages.assigneeRelated,
    );
};

const alreadyRecused = () =>
  new DomainError('INVALID_TRANSITION', {
    zh: '该人员已对该线索回避，无需重复登记',
    en: 'This member has already recused from this clue',
  });

const alreadyLifted = () =>
  new DomainError('INVALID_TRANSITION', {
    zh: '该回避已经解除，无需重复解除',
    en: 'This recusal has already been lifted',
  });

const noSuchRecusal = () =>
  notFound({ zh: '未找到该线索的这条回避记录', en: 'No such recusal on this clue' });

export const recusalRefusals = { alreadyRecused, alreadyLifted };

/** A reporter's message asking for a recusal, as found among the conversations of the clue's reports. */
export interface RecusalRequestRef {
  messageId: string;
  reportId: string;
}

/** The message an approver names is no reporter's message on this clue: nothing to answer. */
export const noSuchRecusalRequest = () =>
  notFound({
    zh: '未在该线索的举报人沟通记录中找到这条回避申请',
    en: 'No such message from a reporter of this clue to answer with a recusal',
  });

/**
 * What the reporter who asked for a recusal reads in their conversation: that it was granted, and
 * later that it was lifted. The words of a commission's reply to a 回避申请; they name nobody (the
 * reporter named whom they asked about; whether that was a member, and who, is not theirs to learn
 * from the commission) and give no reason.
 */
export const recusalRequestMessages = {
  RECORDED: {
    zh: '您提出的回避申请经审查，决定相关人员回避，不再参与您所反映问题的办理。',
    en: 'Your request for a recusal has been examined: the person concerned has been required to step aside and no longer takes part in handling the matters you reported.',
  },
  LIFTED: {
    zh: '经审查，您提出的回避申请所涉人员已解除回避，恢复参与您所反映问题的办理。',
    en: 'On review, the recusal you asked for has been lifted: the person concerned takes part in handling the matters you reported again.',
  },
} as const satisfies Record<string, Message>;

/**
 * The reporter's side of the recusals they asked for on this clue, for the receipt lookup: per
 * request, one grant at the first recusal recorded on it, and one lift once none recorded on it
 * still stands, at the last lift. Per request and not per recusal, so that the reporter never
 * learns how many members stepped aside. Only recusals an approver recorded on this report's
 * request; never a member's own declaration. `recusals`: all of the clue's, lifted ones included.
 */
export const recusalRequestTimeline = (recusals: readonly Recusal[], reportId: string) => {
  const byRequest = new Map<string, Recusal[]>();
  for (const r of recusals) {
    if (r.kind !== 'RECORDED' || r.requestReportId !== reportId) continue;
    const request = r.requestMessageId ?? r.recusalId;
    byRequest.set(request, [...(byRequest.get(request) ?? []), r]);
  }
  return [...byRequest.values()].flatMap((answered) => {
    const grantedAt = answered.map((r) => r.recordedAt).sort()[0] as string;
    const lifts = answered.map((r) => r.lifted?.at);
    const liftedAt = lifts.every((at) => at !== undefined) ? (lifts.sort().at(-1) as string) : undefined;
    return [
      { at: grantedAt, text: recusalRequestMessages.RECORDED as Message },
      ...(liftedAt ? [{ at: liftedAt, text: recusalRequestMessages.LIFTED as Message }] : []),
    ];
  });
};

/**
 * The report whose reporter an event about their request tells there is news: none once the clue
 * went to another commission, since its reports left with it and their reporters follow them there
 * (transfer.ts), where this clue's recusals are not shown.
 */
const toldOf = (clue: Pick<Clue, 'transferredToCommissionId'>, reportId: string | undefined) =>
  clue.transferredToCommissionId ? undefined : reportId;

/**
 * Who may record this recusal, decided before anything of the clue is looked up for it (the
 * reporter's message it answers): the member themself for their own, an approver not barred from
 * the clue for someone else; a reporter's request only the latter.
 */
export const assertMayRecord = (
  actor: Actor,
  input: { userId: string; answersRequest: boolean },
  recusals: ClueConflicts['recusals'],
): void => {
  const self = input.userId === actor.userId;
  if (!self && !actor.roles.includes('approver'))
    throw forbidden({
      zh: '只有审批人可以为其他人员登记回避；本人可以自行申请回避',
      en: 'Only an approver may record a recusal for someone else; a member may declare their own',
    });
  // A reporter's request is decided by an approver for the member, never by the member named in it.
  if (self && input.answersRequest)
    throw forbidden({
      zh: '举报人提出的回避申请须由审批人审查决定，不能由本人自行登记',
      en: "A reporter's request for a recusal is decided by an approver, not declared by the member themself",
    });
  // A member who stepped aside records nothing more on the clue, except (again) their own recusal.
  if (!self) assertNoConflict(actor.userId, { recusals });
};

/**
 * 回避 recorded on a clue. The member themself may declare it in any of their roles; recording it
 * for someone else is an approver's decision. When the member is the clue's assignee, the clue
 * loses its assignee: it leaves the member's list, an assigned clue goes back to the registration
 * queue (REGISTERED) to be assigned again, a clue already in verification keeps its status and may
 * be assigned again from there; the alert (ClueRecusalRecorded, topic `alerts`) tells the approvers.
 * `recusals`: all of the clue's, lifted ones included (they count towards the bound). A member
 * whose recusal was lifted may step aside again: that is a new recusal.
 */
export const decideRecusal = (
  clue: Clue,
  recusals: readonly Recusal[],
  input: { userId: string; reason: string; request?: RecusalRequestRef | undefined },
  acting: { actor: Actor; role: HistoryFacts['role']; now: Date },
): { clue: Clue; facts: HistoryFacts; events: DomainEvent[]; recusal: Recusal } => {
  const self = input.userId === acting.actor.userId;
  assertMayRecord(acting.actor, { userId: input.userId, answersRequest: !!input.request }, recusals);
  if (conflictOf(input.userId, { recusals }) === 'RECUSED') throw alreadyRecused();
  if (recusals.length >= recusalLimits.perClue)
    throw new DomainError('INVALID_TRANSITION', {
      zh: `一条线索最多登记 ${recusalLimits.perClue} 条回避记录（含已解除的）`,
      en: `A clue holds at most ${recusalLimits.perClue} recusals, lifted ones included`,
    });
  const at = acting.now.toISOString();
  const recusal: Recusal = {
    recusalId: newId('rcs'),
    clueId: clue.clueId,
    userId: input.userId,
    kind: self ? 'DECLARED' : 'RECORDED',
    reason: input.reason,
    recordedBy: acting.actor.userId,
    recordedAt: at,
    ...(input.request
      ? { requestMessageId: input.request.messageId, requestReportId: input.request.reportId }
      : {}),
  };
  const told = toldOf(clue, input.request?.reportId);
  const assigneeCleared = clue.assignee === input.userId && isOpen(clue.status);
  let next: Clue = clue;
  if (assigneeCleared) {
    const status = clue.status === 'ASSIGNED' ? 'REGISTERED' : clue.status;
    next = { ...withStatus({ ...clue, version: clue.version + 1 }, status, at), assignee: undefined };
  }
  const events: DomainEvent[] = [
    domainEvent(
      'ClueRecusalRecorded',
      {
        clueId: clue.clueId,
        userId: input.userId,
        recusalId: recusal.recusalId,
        kind: recusal.kind,
        assigneeCleared,
        // The reporter who asked is told there is news (shared/domain/reporter-news.ts).
        ...(told ? { requestReportId: told } : {}),
      },
      at,
    ),
  ];
  if (next.status !== clue.status)
    events.unshift(
      domainEvent(
        'ClueStatusChanged',
        { clueId: clue.clueId, fromStatus: clue.status, toStatus: next.status, at },
        at,
      ),
    );
  return {
    clue: next,
    recusal,
    facts: {
      at,
      actor: acting.actor.userId,
      role: acting.role,
      action: 'recusal',
      ...(next.status !== clue.status ? { fromStatus: clue.status, toStatus: next.status } : {}),
      reason: input.reason,
      details: {
        userId: input.userId,
        recusalId: recusal.recusalId,
        kind: recusal.kind,
        ...(assigneeCleared ? { assigneeCleared: true } : {}),
        ...(input.request
          ? { requestMessageId: input.request.messageId, requestReportId: input.request.reportId }
          : {}),
      },
    },
    events,
  };
};

/** The role a recusal is recorded in: approver for someone else, else the member's first role. */
export const recusalRole = (actor: Actor, userId: string): HistoryFacts['role'] =>
  userId !== actor.userId ? 'approver' : (actor.roles[0] ?? 'intake');

/**
 * 解除回避: an approver lifts a recusal, with a reason, and the member may be assigned and act on
 * the clue again (a relationship declared with its cadre still bars them). Nobody lifts their own:
 * a member barred from the clue, by a recusal or a relationship, decides nothing about who handles
 * it, so the lift is always a second person's decision on the member's conflict (four eyes). It
 * takes no further approval: the contract asks none, and the alert (ClueRecusalLifted, topic
 * `alerts`) tells the other approvers. The clue itself is unchanged: a lifted member is not made
 * its assignee again, they may only be assigned again. `recusals`: all of the clue's. A recusal
 * recorded on a reporter's request names that report in the event, so its reporter is told there
 * is news (the lookup shows the lift, recusalRequestTimeline), as when it was recorded.
 */
export const decideRecusalLift = (
  clue: Clue,
  conflicts: { recusals: readonly Recusal[]; relations?: ClueConflicts['relations'] },
  input: { recusalId: string; reason: string },
  acting: { actor: Actor; now: Date },
): { clue: Clue; facts: HistoryFacts; events: DomainEvent[]; recusal: Recusal; lifted: Recusal } => {
  if (!acting.actor.roles.includes('approver'))
    throw forbidden({
      zh: '只有审批人可以解除回避',
      en: 'Only an approver may lift a recusal',
    });
  // Checked before the recusal is looked up, so a barred member learns nothing more of the clue.
  assertNoConflict(acting.actor.userId, conflicts);
  const recusal = conflicts.recusals.find((r) => r.recusalId === input.recusalId);
  if (!recusal) throw noSuchRecusal();
  if (recusal.lifted) throw alreadyLifted();
  const at = acting.now.toISOString();
  const lifted: Recusal = { ...recusal, lifted: { by: acting.actor.userId, at, reason: input.reason } };
  const requestReportId = recusal.kind === 'RECORDED' ? toldOf(clue, recusal.requestReportId) : undefined;
  return {
    clue,
    recusal,
    lifted,
    facts: {
      at,
      actor: acting.actor.userId,
      role: 'approver',
      action: 'recusal-lifted',
      reason: input.reason,
      details: {
        userId: recusal.userId,
        recusalId: recusal.recusalId,
        kind: recusal.kind,
        recordedBy: recusal.recordedBy,
        recordedAt: recusal.recordedAt,
      },
    },
    events: [
      domainEvent(
        'ClueRecusalLifted',
        {
          clueId: clue.clueId,
          userId: recusal.userId,
          recusalId: recusal.recusalId,
          kind: recusal.kind,
          ...(requestReportId ? { requestReportId } : {}),
        },
        at,
      ),
    ],
  };
};
