/**
 * Clues (问题线索) and their state machine. A clue gathers one or more reports about one cadre
 * and matter; staff register it (受理), assign it, verify it (初步核实) and conclude it with a
 * finding per allegation, which takes effect only when a second person approves (four eyes).
 *
 * Every rule is data in `actionRules`; `applyAction` is pure: it returns the next clue, the facts
 * for the audit trail and the events to publish, or throws a DomainError.
 */

import { addDays, daysBetween } from './calendar.ts';
import { concludeBy, type Deadline, type DeadlinePolicy } from './deadlines.ts';
import { DomainError, type ErrorDetail, validationFailed } from './errors.ts';
import { type DomainEvent, domainEvent } from './events.ts';
import { type Finding, overallFinding, reasonProblem } from './findings.ts';
import type { ClueObjection } from './objection.ts';
import type { Accused, Allegation } from './report.ts';
import type { Actor, Role } from './roles.ts';
import { type ClueStatus, type ReporterStage, reporterStageOf } from './stages.ts';
import { type Cadre, postInQuestion, predatesTenure } from './tenure.ts';
import type { InquiryForm, ReportCategory, ReporterKind } from './vocabulary.ts';

export const clueActions = [
  'assign',
  'start-verification',
  'talk-inquiry',
  'propose-conclusion',
  'approve-conclusion',
  'reject-conclusion',
  'request-extension',
  'approve-extension',
  'shelve',
  'resume',
  'transfer',
  'close',
  'refer-for-investigation',
] as const;
export type ClueAction = (typeof clueActions)[number];

/** A person rule on top of the role: the assignee only, or anyone but the proposer/requester. */
type PersonRule = 'assignee' | 'notProposer' | 'notRequester';

interface ActionRule {
  from: readonly ClueStatus[];
  roles: readonly Role[];
  person?: PersonRule;
}

const open: readonly ClueStatus[] = ['REGISTERED', 'ASSIGNED', 'TALK_INQUIRY', 'UNDER_VERIFICATION'];

/** The action table (docs/domain.md "The life of a clue"). */
export const actionRules: Record<ClueAction, ActionRule> = {
  assign: { from: ['REGISTERED', 'ASSIGNED'], roles: ['intake', 'approver'] },
  // From a talk or letter inquiry, verification is the escalation when the explanation does not settle it.
  'start-verification': { from: ['ASSIGNED', 'TALK_INQUIRY'], roles: ['investigator'], person: 'assignee' },
  'talk-inquiry': { from: ['ASSIGNED'], roles: ['investigator'], person: 'assignee' },
  'propose-conclusion': {
    from: ['TALK_INQUIRY', 'UNDER_VERIFICATION'],
    roles: ['investigator'],
    person: 'assignee',
  },
  'approve-conclusion': { from: ['CONCLUSION_PROPOSED'], roles: ['approver'], person: 'notProposer' },
  'reject-conclusion': { from: ['CONCLUSION_PROPOSED'], roles: ['approver'] },
  'request-extension': {
    from: ['ASSIGNED', 'TALK_INQUIRY', 'UNDER_VERIFICATION'],
    roles: ['investigator'],
    person: 'assignee',
  },
  'approve-extension': {
    from: ['ASSIGNED', 'TALK_INQUIRY', 'UNDER_VERIFICATION', 'CONCLUSION_PROPOSED'],
    roles: ['approver'],
    person: 'notRequester',
  },
  shelve: { from: open, roles: ['intake', 'approver'] },
  resume: { from: ['SHELVED'], roles: ['intake', 'approver'] },
  transfer: { from: [...open, 'SHELVED'], roles: ['intake', 'approver'] },
  close: { from: [...open, 'SHELVED'], roles: ['intake', 'approver'] },
  // A referral for formal investigation is a leader's decision, never the investigator's alone.
  'refer-for-investigation': { from: [...open, 'SHELVED'], roles: ['approver'] },
};

/** The record of a talk or letter inquiry: how it was made, what was put, what the cadre explained. */
export interface TalkInquiry {
  form: InquiryForm;
  record: string;
  explanation: string;
  recordedBy: string;
  recordedAt: string;
}

export interface FindingEntry {
  allegationId: string;
  finding: Finding;
  reason: string;
}

export type ClueCommand =
  | { action: 'assign'; assignee: string }
  | { action: 'start-verification' }
  | { action: 'talk-inquiry'; form: InquiryForm; record: string; explanation: string }
  | { action: 'propose-conclusion'; findings: FindingEntry[]; summary: string }
  | { action: 'approve-conclusion'; comment?: string | undefined }
  | { action: 'reject-conclusion'; reason: string }
  | { action: 'request-extension'; days: number; reason: string }
  | { action: 'approve-extension'; days: number; reason: string }
  | { action: 'shelve'; reason: string }
  | { action: 'resume'; reason: string }
  /** `to` names where it went; with `toCommissionId` (a commission of the deployment) it is that one's name. */
  | { action: 'transfer'; reason: string; to: string; toCommissionId?: string | undefined }
  | { action: 'close'; reason: string }
  | { action: 'refer-for-investigation'; reason: string };

/** An allegation as the clue keeps it: the details stay on the report, to keep the clue small. */
export interface ClueAllegation extends Omit<Allegation, 'details'> {
  allegationId: string;
  reportId: string;
  /** The incident ended before the cadre took the post in question (old debt). */
  predatesTenure?: boolean;
}

export interface ClueReport {
  reportId: string;
  reporterKind: ReporterKind;
  /** The report's category (贪污贿赂, 违反纪律…); absent on clues registered before it was kept. */
  category?: ReportCategory | undefined;
  /** Keyed fingerprint of a real-name reporter; the accuser-flag capability matches on it. */
  reporterFingerprint?: string | undefined;
  /** The reporter's live accuser flag when the report came in, for staff triage. */
  reporterFlag?: { level: string; status: string; flagId: string } | undefined;
  acceptedAt: string;
}

export interface Proposal {
  findings: FindingEntry[];
  summary: string;
  proposedBy: string;
  proposedAt: string;
}

export interface Conclusion extends Proposal {
  approvedBy: string;
  concludedAt: string;
  comment?: string | undefined;
  overallFinding: Finding;
  reportOutcomes: Record<string, Finding>;
  daysToConclude: number;
}

/** A rejected proposal, kept without its reasons so the clue item stays small. */
export interface Rejection {
  reason: string;
  rejectedBy: string;
  rejectedAt: string;
  proposedBy: string;
  findings: { allegationId: string; finding: Finding }[];
}

export interface Extension {
  days: number;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  approvedDays?: number;
  approvedBy?: string;
  approvedAt?: string;
}

export interface Clue {
  clueId: string;
  /** 案件编号, e.g. 〔2026〕某县纪委线索第0045号 (case-number.ts); absent on clues registered before numbers. */
  caseNumber?: string | undefined;
  /** The commission whose clue it is; absent on clues stored before there were several. */
  commissionId?: string | undefined;
  status: ClueStatus;
  version: number;
  registeredAt: string;
  registeredBy: string;
  accused: Accused;
  cadreId?: string | undefined;
  reports: ClueReport[];
  allegations: ClueAllegation[];
  assignee?: string | undefined;
  proposal?: Proposal | undefined;
  rejections?: Rejection[];
  conclusion?: Conclusion | undefined;
  /** The conclusion deadline; absent while shelved and after the clue left the open statuses. */
  concludeBy?: string | undefined;
  /** Time left on the conclusion deadline when the clue was shelved (暂存待查 suspends it). */
  suspendedMs?: number | undefined;
  shelvedFrom?: ClueStatus | undefined;
  extension?: Extension | undefined;
  transferredTo?: string | undefined;
  /** A transfer to a commission of this deployment (transfer.ts): its reports went to its intake queue. */
  transferredToCommissionId?: string | undefined;
  talkInquiry?: TalkInquiry | undefined;
  /** Reporter-facing stages with their times: what the receipt lookup shows after RECEIVED. */
  stageTimeline: { at: string; stage: ReporterStage }[];
  /** Objections (异议) lodged by its reporters, one per report and conclusion (objection.ts). */
  objections?: ClueObjection[] | undefined;
  /** Conclusions an objection reopened: kept, but the clue is no longer concluded on them. */
  reopenedConclusions?: ReopenedConclusion[] | undefined;
}

/** A conclusion set aside when an approver reopened the clue on an objection. */
export interface ReopenedConclusion {
  concludedAt: string;
  approvedBy: string;
  overallFinding: Finding;
  objectionId: string;
  reopenedAt: string;
  reopenedBy: string;
}

export type ClueEvent = DomainEvent<'ClueStatusChanged' | 'ClueConcluded' | 'ClueReopened'>;

export interface ActionOutcome {
  clue: Clue;
  history: {
    action: string;
    fromStatus: ClueStatus;
    toStatus: ClueStatus;
    reason?: string;
    details?: Record<string, unknown>;
  };
  events: ClueEvent[];
}

const invalidTransition = (text: string, en: string) =>
  new DomainError('INVALID_TRANSITION', { zh: text, en });

/** Checks role, status and person, in that order (403, 409, 403). */
export const authorizeAction = (clue: Clue, action: ClueAction, actor: Actor): void => {
  const rule = actionRules[action];
  if (!rule.roles.some((role) => actor.roles.includes(role))) {
    throw new DomainError('FORBIDDEN', {
      zh: `只有以下角色可以执行 ${action}：${rule.roles.join('、')}`,
      en: `Only ${rule.roles.join(', ')} may ${action}`,
    });
  }
  // A clue whose assignee stepped aside (回避, recusal.ts) is assigned again from where it stands.
  const reassigning = action === 'assign' && !clue.assignee && open.includes(clue.status);
  if (!rule.from.includes(clue.status) && !reassigning) {
    throw invalidTransition(
      `线索状态为 ${clue.status}，不能执行 ${action}`,
      `A clue in ${clue.status} does not allow ${action}`,
    );
  }
  const person = rule.person;
  if (person === 'assignee' && clue.assignee !== actor.userId) {
    throw new DomainError('FORBIDDEN', {
      zh: '只有承办人可以执行此操作',
      en: 'Only the assignee may do this',
    });
  }
  if (person === 'notProposer' && clue.proposal?.proposedBy === actor.userId) {
    throw new DomainError('FORBIDDEN', {
      zh: '审批人不能是结论的提出人（双人把关）',
      en: 'The approver must not be the person who proposed the conclusion (four eyes)',
    });
  }
  if (person === 'notRequester' && clue.extension?.requestedBy === actor.userId) {
    throw new DomainError('FORBIDDEN', {
      zh: '延期不能由申请人本人批准',
      en: 'An extension must be approved by someone other than the requester',
    });
  }
};

/** Every allegation gets exactly one finding, each with a sufficient reason. */
const checkFindings = (clue: Clue, entries: FindingEntry[]): void => {
  const problems: ErrorDetail[] = [];
  const known = new Set(clue.allegations.map((a) => a.allegationId));
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    if (!known.has(entry.allegationId)) {
      problems.push({
        path: `body.findings.${i}.allegationId`,
        code: 'unknown_allegation',
        message: 'no such allegation on this clue',
      });
    }
    if (seen.has(entry.allegationId)) {
      problems.push({
        path: `body.findings.${i}.allegationId`,
        code: 'duplicate',
        message: 'one finding per allegation',
      });
    }
    seen.add(entry.allegationId);
    const problem = reasonProblem(entry.finding, entry.reason);
    if (problem)
      problems.push({ path: `body.findings.${i}.reason`, code: 'insufficient_reason', message: problem });
  });
  for (const id of known) {
    if (!seen.has(id))
      problems.push({
        path: 'body.findings',
        code: 'missing_finding',
        message: `no finding for allegation ${id}`,
      });
  }
  if (problems.length) throw validationFailed(problems);
};

/** Each report's outcome is the overall finding of its own allegations. */
export const reportOutcomes = (clue: Clue, entries: FindingEntry[]): Record<string, Finding> => {
  const byAllegation = new Map(entries.map((e) => [e.allegationId, e.finding]));
  const outcomes: Record<string, Finding> = {};
  for (const report of clue.reports) {
    const mine = clue.allegations
      .filter((a) => a.reportId === report.reportId)
      .map((a) => byAllegation.get(a.allegationId))
      .filter((f): f is Finding => f !== undefined);
    if (mine.length) outcomes[report.reportId] = overallFinding(mine);
  }
  return outcomes;
};

export const withStatus = (clue: Clue, status: ClueStatus, at: string): Clue => {
  const stage = reporterStageOf(status);
  const changed = stage !== reporterStageOf(clue.status);
  return {
    ...clue,
    status,
    stageTimeline: changed ? [...clue.stageTimeline, { at, stage }] : clue.stageTimeline,
  };
};

/**
 * What the reporter of a report the clue took in at `acceptedAt` has seen: accepted, then the
 * clue's reporter-facing stages since (the receipt lookup's view, shared/domain/report.ts).
 */
export const reporterTimelineOf = (
  clue: Pick<Clue, 'stageTimeline'>,
  acceptedAt: string,
): { at: string; stage: ReporterStage }[] => [
  { at: acceptedAt, stage: 'ACCEPTED' },
  ...clue.stageTimeline.filter((entry) => entry.at > acceptedAt),
];

/** Whether an assignment moves the clue to ASSIGNED (from the queue) or leaves it where it is (reassigning). */
const assignsFromQueue = (status: ClueStatus): boolean => actionRules.assign.from.includes(status);

export const applyAction = (
  clue: Clue,
  command: ClueCommand,
  actor: Actor,
  context: { now: Date; policy: DeadlinePolicy },
): ActionOutcome => {
  authorizeAction(clue, command.action, actor);
  const at = context.now.toISOString();
  let next: Clue = { ...clue, version: clue.version + 1 };
  let reason: string | undefined;
  let details: Record<string, unknown> | undefined;
  const events: ClueEvent[] = [];

  switch (command.action) {
    case 'assign':
      next = {
        ...withStatus(next, assignsFromQueue(clue.status) ? 'ASSIGNED' : clue.status, at),
        assignee: command.assignee,
      };
      details = { assignee: command.assignee, previousAssignee: clue.assignee };
      break;
    case 'start-verification':
      next = withStatus(next, 'UNDER_VERIFICATION', at);
      if (clue.status === 'TALK_INQUIRY') details = { escalatedFrom: 'talk-inquiry' };
      break;
    case 'talk-inquiry': {
      const { form, record, explanation } = command;
      next = {
        ...withStatus(next, 'TALK_INQUIRY', at),
        talkInquiry: { form, record, explanation, recordedBy: actor.userId, recordedAt: at },
      };
      // The record and the explanation stay on the clue; the audit trail says that they were taken.
      details = { form };
      break;
    }
    case 'propose-conclusion': {
      checkFindings(clue, command.findings);
      const proposal: Proposal = {
        findings: command.findings,
        summary: command.summary,
        proposedBy: actor.userId,
        proposedAt: at,
      };
      next = { ...withStatus(next, 'CONCLUSION_PROPOSED', at), proposal };
      details = {
        findings: command.findings.map(({ allegationId, finding }) => ({ allegationId, finding })),
      };
      break;
    }
    case 'approve-conclusion': {
      const proposal = clue.proposal as Proposal;
      const outcomes = reportOutcomes(clue, proposal.findings);
      const conclusion: Conclusion = {
        ...proposal,
        approvedBy: actor.userId,
        concludedAt: at,
        comment: command.comment,
        overallFinding: overallFinding(proposal.findings.map((f) => f.finding)),
        reportOutcomes: outcomes,
        daysToConclude: daysBetween(new Date(clue.registeredAt), context.now),
      };
      next = { ...withStatus(next, 'CONCLUDED', at), conclusion, proposal: undefined, concludeBy: undefined };
      reason = command.comment;
      details = { overallFinding: conclusion.overallFinding };
      events.push(
        domainEvent(
          'ClueConcluded',
          {
            clueId: clue.clueId,
            concludedAt: at,
            registeredAt: clue.registeredAt,
            daysToConclude: conclusion.daysToConclude,
            overallFinding: conclusion.overallFinding,
            accused: clue.accused,
            cadreId: clue.cadreId,
            allegations: clue.allegations.map((a) => ({
              allegationId: a.allegationId,
              reportId: a.reportId,
              summary: a.summary,
              finding: proposal.findings.find((f) => f.allegationId === a.allegationId)?.finding,
              predatesTenure: a.predatesTenure ?? false,
            })),
            reports: clue.reports.map((r) => ({
              reportId: r.reportId,
              reporterKind: r.reporterKind,
              reporterFingerprint: r.reporterFingerprint,
              outcome: outcomes[r.reportId],
            })),
          },
          at,
        ),
      );
      break;
    }
    case 'reject-conclusion': {
      const proposal = clue.proposal as Proposal;
      const rejection: Rejection = {
        reason: command.reason,
        rejectedBy: actor.userId,
        rejectedAt: at,
        proposedBy: proposal.proposedBy,
        findings: proposal.findings.map(({ allegationId, finding }) => ({ allegationId, finding })),
      };
      next = {
        ...withStatus(next, 'UNDER_VERIFICATION', at),
        proposal: undefined,
        rejections: [...(clue.rejections ?? []), rejection],
      };
      reason = command.reason;
      break;
    }
    case 'request-extension':
      if (clue.extension) throw invalidTransition('每条线索只能延期一次', 'A clue may be extended only once');
      if (command.days > context.policy.maxExtensionDays) {
        throw validationFailed([
          { path: 'body.days', code: 'too_big', message: `at most ${context.policy.maxExtensionDays} days` },
        ]);
      }
      next = {
        ...next,
        extension: { days: command.days, reason: command.reason, requestedBy: actor.userId, requestedAt: at },
      };
      reason = command.reason;
      details = { days: command.days };
      break;
    case 'approve-extension': {
      const extension = clue.extension;
      if (!extension || extension.approvedBy) {
        throw invalidTransition('没有待批准的延期申请', 'There is no extension request awaiting approval');
      }
      if (command.days > extension.days) {
        throw validationFailed([
          { path: 'body.days', code: 'too_big', message: `at most the ${extension.days} days requested` },
        ]);
      }
      const base = clue.concludeBy ? new Date(clue.concludeBy) : context.now;
      next = {
        ...next,
        concludeBy: addDays(base, command.days).toISOString(),
        extension: { ...extension, approvedDays: command.days, approvedBy: actor.userId, approvedAt: at },
      };
      reason = command.reason;
      details = { days: command.days, concludeBy: next.concludeBy };
      break;
    }
    case 'shelve': {
      const left = clue.concludeBy
        ? Math.max(0, new Date(clue.concludeBy).getTime() - context.now.getTime())
        : undefined;
      next = {
        ...withStatus(next, 'SHELVED', at),
        shelvedFrom: clue.status,
        suspendedMs: left,
        concludeBy: undefined,
      };
      reason = command.reason;
      break;
    }
    case 'resume': {
      const back = clue.shelvedFrom ?? 'REGISTERED';
      const resumedBy =
        clue.suspendedMs !== undefined
          ? new Date(context.now.getTime() + clue.suspendedMs).toISOString()
          : concludeBy(context.now, context.policy);
      next = {
        ...withStatus(next, back, at),
        shelvedFrom: undefined,
        suspendedMs: undefined,
        concludeBy: resumedBy,
      };
      reason = command.reason;
      break;
    }
    case 'transfer':
      next = {
        ...withStatus(next, 'TRANSFERRED', at),
        transferredTo: command.to,
        ...(command.toCommissionId ? { transferredToCommissionId: command.toCommissionId } : {}),
        concludeBy: undefined,
        suspendedMs: undefined,
      };
      reason = command.reason;
      details = {
        to: command.to,
        ...(command.toCommissionId ? { toCommissionId: command.toCommissionId } : {}),
      };
      break;
    case 'close':
      next = { ...withStatus(next, 'CLOSED', at), concludeBy: undefined, suspendedMs: undefined };
      reason = command.reason;
      break;
    case 'refer-for-investigation':
      next = { ...withStatus(next, 'REFERRED', at), concludeBy: undefined, suspendedMs: undefined };
      reason = command.reason;
      break;
  }

  if (next.status !== clue.status) {
    events.unshift(
      domainEvent(
        'ClueStatusChanged',
        { clueId: clue.clueId, fromStatus: clue.status, toStatus: next.status, at },
        at,
      ),
    );
  }
  return {
    clue: next,
    history: {
      action: command.action,
      fromStatus: clue.status,
      toStatus: next.status,
      ...(reason ? { reason } : {}),
      ...(details ? { details } : {}),
    },
    events,
  };
};

/**
 * An approver reopens a clue on an objection (重新核查): a concluded clue goes back to verification
 * with its assignee, a closed (了结) one to verification if it had one and to registration if not.
 * The conclusion is kept among the reopened ones, and the clue gets a fresh conclusion deadline and
 * may be extended again. ClueReopened carries what ClueConcluded counted, so that the statistics
 * and the accuser records can take it back (stats.ts, accuser-record.ts).
 */
export const reopenClue = (
  clue: Clue,
  objectionId: string,
  actor: Actor,
  context: { now: Date; policy: DeadlinePolicy },
): { clue: Clue; events: ClueEvent[] } => {
  const at = context.now.toISOString();
  const to: ClueStatus = clue.status === 'CONCLUDED' || clue.assignee ? 'UNDER_VERIFICATION' : 'REGISTERED';
  const { conclusion } = clue;
  const next: Clue = {
    ...withStatus({ ...clue, version: clue.version + 1 }, to, at),
    conclusion: undefined,
    concludeBy: concludeBy(context.now, context.policy),
    extension: undefined,
    suspendedMs: undefined,
    shelvedFrom: undefined,
    ...(conclusion
      ? {
          reopenedConclusions: [
            ...(clue.reopenedConclusions ?? []),
            {
              concludedAt: conclusion.concludedAt,
              approvedBy: conclusion.approvedBy,
              overallFinding: conclusion.overallFinding,
              objectionId,
              reopenedAt: at,
              reopenedBy: actor.userId,
            },
          ],
        }
      : {}),
  };
  const events: ClueEvent[] = [
    domainEvent('ClueStatusChanged', { clueId: clue.clueId, fromStatus: clue.status, toStatus: to, at }, at),
  ];
  if (conclusion) {
    const byAllegation = new Map(conclusion.findings.map((f) => [f.allegationId, f.finding]));
    events.push(
      domainEvent(
        'ClueReopened',
        {
          clueId: clue.clueId,
          objectionId,
          concludedAt: conclusion.concludedAt,
          overallFinding: conclusion.overallFinding,
          daysToConclude: conclusion.daysToConclude,
          allegationFindings: clue.allegations.flatMap((a) => byAllegation.get(a.allegationId) ?? []),
          reports: clue.reports.map((r) => ({
            reportId: r.reportId,
            reporterKind: r.reporterKind,
            reporterFingerprint: r.reporterFingerprint,
            outcome: conclusion.reportOutcomes[r.reportId],
          })),
        },
        at,
      ),
    );
  }
  return { clue: next, events };
};

/** The clue's next deadline, for the deadline index; none once it has left the open statuses. */
export const nextDeadline = (clue: Clue): Deadline | undefined =>
  clue.concludeBy ? { kind: 'CONCLUDE', at: clue.concludeBy } : undefined;

/** Marks the allegations that predate the cadre's tenure in the post the reports name. */
export const markTenure = (
  allegations: ClueAllegation[],
  accused: Accused,
  cadre: Cadre | undefined,
): ClueAllegation[] => {
  if (!cadre) return allegations;
  const post = postInQuestion(cadre, accused.position, accused.organization);
  return allegations.map((a) => ({ ...a, predatesTenure: predatesTenure(a, post) }));
};

/** Statuses in which a clue is still being worked, and can take further reports. */
/** The categories of a clue's reports, each once: what the clue list filters on (clue-lists.ts). */
export const categoriesOf = (clue: Clue): ReportCategory[] => [
  ...new Set(clue.reports.flatMap((r) => (r.category ? [r.category] : []))),
];

export const isOpen = (status: ClueStatus): boolean =>
  !['CONCLUDED', 'TRANSFERRED', 'CLOSED', 'REFERRED'].includes(status);

/** What registration and merging need of a report. */
export interface ReportForClue {
  reportId: string;
  accused: Accused;
  allegations: Allegation[];
  reporterKind: ReporterKind;
  category?: ReportCategory | undefined;
  reporterFingerprint?: string | undefined;
  reporterFlag?: { level: string; status: string; flagId: string } | undefined;
}

/**
 * Bounds that keep one clue within one DynamoDB item (400 KB) and one registration within one
 * transaction (100 items).
 */
export const maxReportsPerClue = 20;
export const maxAllegationsPerClue = 100;

const allegationsOf = (report: ReportForClue): ClueAllegation[] =>
  report.allegations.map(({ details: _details, ...allegation }, i) => ({
    ...allegation,
    // Stable: derived from the report and the allegation's place in it, never renumbered.
    allegationId: `${report.reportId}-a${i + 1}`,
    reportId: report.reportId,
  }));

const clueReportOf = (report: ReportForClue, at: string): ClueReport => ({
  reportId: report.reportId,
  reporterKind: report.reporterKind,
  ...(report.category ? { category: report.category } : {}),
  ...(report.reporterFingerprint ? { reporterFingerprint: report.reporterFingerprint } : {}),
  ...(report.reporterFlag ? { reporterFlag: report.reporterFlag } : {}),
  acceptedAt: at,
});

/** 受理: one or more unregistered reports become a new clue about the first report's cadre. */
export const registerClue = (input: {
  clueId: string;
  reports: ReportForClue[];
  actor: Actor;
  now: Date;
  policy: DeadlinePolicy;
  cadre?: Cadre | undefined;
  /** The registering member's commission, which holds every report it takes in. */
  commissionId?: string | undefined;
}): Clue => {
  const first = input.reports[0];
  if (!first) throw validationFailed([{ path: 'body.reportIds', message: 'at least one report' }]);
  if (input.reports.length > maxReportsPerClue) {
    throw validationFailed([
      { path: 'body.reportIds', message: `at most ${maxReportsPerClue} reports per clue` },
    ]);
  }
  if (input.reports.reduce((n, r) => n + r.allegations.length, 0) > maxAllegationsPerClue) {
    throw validationFailed([
      { path: 'body.reportIds', message: `at most ${maxAllegationsPerClue} allegations per clue` },
    ]);
  }
  const at = input.now.toISOString();
  return {
    clueId: input.clueId,
    ...(input.commissionId ? { commissionId: input.commissionId } : {}),
    status: 'REGISTERED',
    version: 1,
    registeredAt: at,
    registeredBy: input.actor.userId,
    accused: first.accused,
    ...(input.cadre ? { cadreId: input.cadre.cadreId } : {}),
    reports: input.reports.map((r) => clueReportOf(r, at)),
    allegations: markTenure(input.reports.flatMap(allegationsOf), first.accused, input.cadre),
    concludeBy: concludeBy(input.now, input.policy),
    stageTimeline: [{ at, stage: 'ACCEPTED' }],
  };
};

const mergeable: readonly ClueStatus[] = [
  'REGISTERED',
  'ASSIGNED',
  'TALK_INQUIRY',
  'UNDER_VERIFICATION',
  'SHELVED',
];

/** Merges a further report into an open clue (several reports often describe one matter). */
export const mergeReport = (clue: Clue, report: ReportForClue, now: Date, cadre?: Cadre): Clue => {
  if (!mergeable.includes(clue.status)) {
    throw invalidTransition(
      `线索状态为 ${clue.status}，不能再并入举报`,
      `A clue in ${clue.status} cannot take further reports`,
    );
  }
  if (
    clue.reports.length >= maxReportsPerClue ||
    clue.allegations.length + report.allegations.length > maxAllegationsPerClue
  ) {
    throw invalidTransition(
      `一条线索最多包含 ${maxReportsPerClue} 份举报、${maxAllegationsPerClue} 项问题`,
      `A clue holds at most ${maxReportsPerClue} reports and ${maxAllegationsPerClue} allegations`,
    );
  }
  return {
    ...clue,
    version: clue.version + 1,
    reports: [...clue.reports, clueReportOf(report, now.toISOString())],
    allegations: [...clue.allegations, ...markTenure(allegationsOf(report), clue.accused, cadre)],
  };
};

/** A report can be in one clue only (受理 once). */
export const alreadyRegistered = (reportIds: string[]) =>
  new DomainError('INVALID_TRANSITION', {
    zh: `举报已被受理，不能重复登记：${reportIds.join('、')}`,
    en: `Already registered in a clue: ${reportIds.join(', ')}`,
  });
