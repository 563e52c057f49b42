/**
 * The decisions staff make about a clue, one per use case. Each takes the clue as loaded and what
 * the request asks, and returns the clue to store, the facts for its audit trail and the events
 * to publish, or throws a DomainError. Pure: the handler loads before and the clue store commits
 * after, and when the store must try again (the audit trail moved underneath) it decides again on
 * what it read.
 */

import type { HistoryFacts } from './audit.ts';
import {
  alreadyRegistered,
  applyAction,
  type Clue,
  type ClueCommand,
  isOpen,
  markTenure,
  mergeReport,
  type ReportForClue,
  registerClue,
  reopenClue,
} from './clue.ts';
import type { DeadlinePolicy } from './deadlines.ts';
import { DomainError, notFound, versionConflict } from './errors.ts';
import { type DomainEvent, domainEvent } from './events.ts';
import {
  type ClueObjection,
  type ObjectionDecision,
  type ObjectionStatus,
  objectionStanding,
  refusalOf,
} from './objection.ts';
import type { Actor } from './roles.ts';
import type { Cadre } from './tenure.ts';

export interface ClueDecision {
  clue: Clue;
  facts: HistoryFacts;
  events: DomainEvent[];
  /** The reports the clue takes in with this change; each must still be unregistered. */
  registers?: string[];
}

/** Who decides, in which of their roles, and when. */
export interface Acting {
  actor: Actor;
  role: HistoryFacts['role'];
  now: Date;
}

type FactsOfAction = Omit<HistoryFacts, 'at' | 'actor' | 'role'>;

const factsOf = (acting: Acting, facts: FactsOfAction): HistoryFacts => ({
  at: acting.now.toISOString(),
  actor: acting.actor.userId,
  role: acting.role,
  ...facts,
});

/** A change asked of a version the clue has left is refused: someone else changed it first. */
const atVersion = (clue: Clue, expectedVersion: number): Clue => {
  if (clue.version !== expectedVersion) throw versionConflict(clue.version);
  return clue;
};

/** How many of the clue's allegations predate the cadre's tenure (old debt). */
const predatingTenure = (clue: Clue): number => clue.allegations.filter((a) => a.predatesTenure).length;

const tenureMarked = (before: Clue, after: Clue, at: Date): DomainEvent =>
  domainEvent(
    'ClueTenureMarked',
    { clueId: after.clueId, delta: predatingTenure(after) - predatingTenure(before) },
    at.toISOString(),
  );

/** The reports intake names for a clue, in the order named: each must exist and be in no clue yet. */
export const reportsToRegister = <R extends ReportForClue & { status: string }>(
  reportIds: readonly string[],
  found: readonly R[],
): R[] => {
  const byId = new Map(found.map((r) => [r.reportId, r]));
  const missing = reportIds.filter((id) => !byId.has(id));
  if (missing.length)
    throw notFound({ zh: `未找到举报：${missing.join('、')}`, en: `No such report: ${missing.join(', ')}` });
  const reports = reportIds.flatMap((id) => byId.get(id) ?? []);
  const taken = reports.filter((r) => r.status !== 'UNREGISTERED').map((r) => r.reportId);
  if (taken.length) throw alreadyRegistered(taken);
  return reports;
};

/** 受理: the reports become a new clue, each registered into it. */
export const decideRegistration = (
  input: {
    clueId: string;
    reports: ReportForClue[];
    cadre?: Cadre | undefined;
    policy: DeadlinePolicy;
    commissionId?: string | undefined;
  },
  acting: Acting,
): ClueDecision => {
  const { actor, now } = acting;
  const clue = registerClue({ ...input, actor, now });
  const reportIds = input.reports.map((r) => r.reportId);
  const payload = { clueId: clue.clueId, reportIds, predatesTenure: predatingTenure(clue) };
  return {
    clue,
    facts: factsOf(acting, { action: 'register', toStatus: 'REGISTERED', details: { reportIds } }),
    events: [domainEvent('ClueRegistered', payload, now.toISOString())],
    registers: reportIds,
  };
};

/** One step of the state machine (`applyAction`), at the version the request saw. */
export const decideAction = (
  clue: Clue,
  input: { command: ClueCommand; expectedVersion: number; policy: DeadlinePolicy },
  acting: Acting,
): ClueDecision => {
  const context = { now: acting.now, policy: input.policy };
  const outcome = applyAction(atVersion(clue, input.expectedVersion), input.command, acting.actor, context);
  return { clue: outcome.clue, facts: factsOf(acting, outcome.history), events: outcome.events };
};

/**
 * A further report joins the clue; its allegations are marked against the clue's cadre, which the
 * handler read for the clue at `expectedVersion` (a clue at another version is refused anyway).
 */
export const decideMerge = (
  clue: Clue,
  input: { report: ReportForClue; cadre: Cadre | undefined; expectedVersion: number },
  acting: Acting,
): ClueDecision => {
  const before = atVersion(clue, input.expectedVersion);
  const after = mergeReport(before, input.report, acting.now, input.cadre);
  const details = { reportId: input.report.reportId };
  return {
    clue: after,
    facts: factsOf(acting, {
      action: 'merge-report',
      fromStatus: before.status,
      toStatus: after.status,
      details,
    }),
    events: [tenureMarked(before, after, acting.now)],
    registers: [input.report.reportId],
  };
};

/** The clue names a registered cadre; allegations older than the cadre's post are marked. */
export const decideCadreLink = (
  clue: Clue,
  input: { cadre: Cadre; expectedVersion: number },
  acting: Acting,
): ClueDecision => {
  const before = atVersion(clue, input.expectedVersion);
  if (!isOpen(before.status)) {
    throw new DomainError('INVALID_TRANSITION', {
      zh: '已办结的线索不能再关联干部',
      en: 'A finished clue cannot be linked',
    });
  }
  const { cadreId } = input.cadre;
  const allegations = markTenure(before.allegations, before.accused, input.cadre);
  const after = { ...before, version: before.version + 1, cadreId, allegations };
  const details = { cadreId, predatesTenure: predatingTenure(after) };
  return {
    clue: after,
    facts: factsOf(acting, { action: 'link-cadre', details }),
    events: [tenureMarked(before, after, acting.now)],
  };
};

/**
 * Opening a reporter's identity changes nothing on the clue: it is a fact on its audit trail,
 * written before the identity is opened. `hadIdentity` false: an anonymous report, nothing opened.
 */
export const decideIdentityOpening = (
  clue: Clue,
  input: { reportId: string; hadIdentity: boolean; reason: string },
  acting: Acting,
): ClueDecision => ({
  clue,
  facts: factsOf(acting, {
    action: 'reveal-reporter-identity',
    reason: input.reason,
    details: { reportId: input.reportId, hadIdentity: input.hadIdentity },
  }),
  events: [],
});

/**
 * 异议: a reporter objects to how their report ended. Allowed once per report and conclusion,
 * within the window after it (objection.ts); the objection goes on the clue and its audit trail,
 * without the reporter's reason, which only the Objection item holds, sealed.
 */
export const decideObjectionLodging = (
  clue: Clue,
  input: { objectionId: string; reportId: string; windowDays: number },
  now: Date,
): ClueDecision & { objection: ClueObjection; windowEndsAt: string } => {
  const standing = objectionStanding(clue, input.reportId, now, input.windowDays);
  const refusal = refusalOf(standing);
  if (refusal || standing.kind !== 'ALLOWED') throw refusal;
  const at = now.toISOString();
  const objection: ClueObjection = {
    objectionId: input.objectionId,
    reportId: input.reportId,
    conclusionAt: standing.conclusion.at,
    lodgedAt: at,
    status: 'OPEN',
  };
  const { objectionId, reportId, conclusionAt } = objection;
  return {
    clue: { ...clue, version: clue.version + 1, objections: [...(clue.objections ?? []), objection] },
    facts: {
      at,
      actor: 'reporter',
      role: 'public',
      action: 'objection-lodged',
      details: { objectionId, reportId, conclusionAt, stage: standing.conclusion.stage },
    },
    events: [
      domainEvent('ObjectionLodged', { objectionId, clueId: clue.clueId, reportId, conclusionAt }, at),
    ],
    objection,
    windowEndsAt: standing.until,
  };
};

/**
 * An approver answers an objection: UPHOLD keeps the conclusion; REOPEN takes the clue back to
 * verification (clue.ts `reopenClue`). Reopening answers every other open objection to the same
 * conclusion too, since that conclusion no longer stands; `settled` names them all.
 */
export const decideObjectionDecision = (
  clue: Clue,
  input: { objectionId: string; decision: ObjectionDecision; reason: string; policy: DeadlinePolicy },
  acting: Acting,
): ClueDecision & { settled: ClueObjection[] } => {
  const objection = clue.objections?.find((o) => o.objectionId === input.objectionId);
  if (!objection) throw notFound({ zh: '未找到该异议', en: 'No such objection' });
  if (objection.status !== 'OPEN') {
    throw new DomainError('INVALID_TRANSITION', {
      zh: '该异议已作出复核决定',
      en: 'This objection has already been decided',
    });
  }
  const at = acting.now.toISOString();
  const reopen = input.decision === 'REOPEN';
  const answers = (o: ClueObjection) =>
    o.objectionId === objection.objectionId ||
    (reopen && o.status === 'OPEN' && o.conclusionAt === objection.conclusionAt);
  const status: ObjectionStatus = reopen ? 'REOPENED' : 'UPHELD';
  const settled = (clue.objections ?? []).filter(answers).map((o) => ({ ...o, status, decidedAt: at }));
  const objections = (clue.objections ?? []).map(
    (o) => settled.find((s) => s.objectionId === o.objectionId) ?? o,
  );
  const base = reopen
    ? reopenClue(clue, objection.objectionId, acting.actor, { now: acting.now, policy: input.policy })
    : { clue: { ...clue, version: clue.version + 1 }, events: [] };
  const decided = settled.map((o) =>
    domainEvent(
      'ObjectionDecided',
      { objectionId: o.objectionId, clueId: clue.clueId, reportId: o.reportId, decision: input.decision },
      at,
    ),
  );
  return {
    clue: { ...base.clue, objections },
    facts: factsOf(acting, {
      action: reopen ? 'objection-reopened' : 'objection-upheld',
      ...(reopen ? { fromStatus: clue.status, toStatus: base.clue.status } : {}),
      reason: input.reason,
      details: {
        objectionId: objection.objectionId,
        reportId: objection.reportId,
        conclusionAt: objection.conclusionAt,
        ...(settled.length > 1 ? { alsoAnswered: settled.slice(1).map((o) => o.objectionId) } : {}),
      },
    }),
    events: [...base.events, ...decided],
    settled,
  };
};
