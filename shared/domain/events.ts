/**
 * The event catalogue: every domain event the service publishes, declared once here with its name,
 * version, payload and topic. Producers build events with `domainEvent`, the outbox stores them,
 * the relay publishes each to its topic with `type` and `version` as SNS message attributes, and
 * consumers (the accuser-records worker, the statistics reducer) read them back with `readEvent`,
 * which refuses a type or version this code does not know rather than guessing at its fields.
 *
 * Events carry ids, statuses and counts, never a reporter's identity or message text: what a
 * subscriber may see it fetches. How to add an event: docs/architecture.md.
 */

import type { Finding } from './findings.ts';
import type { FlagLevel } from './flag-policy.ts';
import { newId } from './ids.ts';
import type { ClueStatus } from './stages.ts';
import type {
  ClearanceMethod,
  ClearanceStatus,
  FlagStatus,
  ReportCategory,
  ReportChannel,
  ReporterKind,
} from './vocabulary.ts';

/** The SNS topics (shared/contract/resources.ts declares them as resources). */
export type EventTopic = 'events' | 'alerts' | 'notices';

/** An allegation as ClueConcluded carries it, with the finding on it. */
export interface ConcludedAllegation {
  allegationId: string;
  reportId: string;
  summary: string;
  finding: Finding | undefined;
  predatesTenure: boolean;
}

/** A report as ClueConcluded carries it: what the accuser records need, never the identity. */
export interface ConcludedReport {
  reportId: string;
  reporterKind: ReporterKind;
  /** A keyed hash of a real-name reporter's ID number: the key of their accuser record. */
  reporterFingerprint?: string | undefined;
  outcome?: Finding | undefined;
}

/** The deadline an overdue alert is about. */
export interface OverdueDeadline {
  kind: string;
  at: string;
}

/** Each event's payload, by name. */
export interface EventPayloads {
  ReportSubmitted: {
    reportId: string;
    category: ReportCategory;
    reporterKind: ReporterKind;
    allegationCount: number;
    /** How the report came in; absent on events written before channels were recorded (ONLINE). */
    channel?: ReportChannel | undefined;
  };
  ReportOverdue: { reportId: string; submittedAt: string; deadline: OverdueDeadline };
  /** 不予受理: a report declined before registration. */
  ReportDeclined: { reportId: string; at: string };
  /**
   * 移交: reports handed to another commission of the deployment (transfer.ts), into its intake
   * queue; `clueId` is the sending commission's clue when a clue was transferred.
   */
  ReportsTransferred: {
    reportIds: string[];
    fromCommissionId: string;
    toCommissionId: string;
    at: string;
    clueId?: string | undefined;
  };
  /** A one-time code to the reporter's phone; the SMS (phone and text) is sealed in the outbox item. */
  PhoneCodeRequested: { reportId: string };
  /** A real-name reporter's identity was confirmed (by phone code or by staff). */
  ReportIdentityVerified: {
    reportId: string;
    identityStatus: 'PHONE_VERIFIED' | 'STAFF_VERIFIED';
    clueId?: string | undefined;
  };
  ClueRegistered: { clueId: string; reportIds: string[]; predatesTenure: number };
  ClueStatusChanged: { clueId: string; fromStatus: ClueStatus; toStatus: ClueStatus; at: string };
  /** Allegations found to predate the cadre's tenure were added (+) or corrected (±). */
  ClueTenureMarked: { clueId: string; delta: number };
  ClueConcluded: {
    clueId: string;
    concludedAt: string;
    registeredAt: string;
    daysToConclude: number;
    overallFinding: Finding;
    accused: { name: string; organization: string };
    cadreId?: string | undefined;
    allegations: ConcludedAllegation[];
    reports: ConcludedReport[];
  };
  ClueOverdue: {
    clueId: string;
    deadline: OverdueDeadline;
    status: ClueStatus;
    assignee?: string | undefined;
    registeredAt: string;
  };
  ClearanceProposed: { clearanceId: string; clueId: string; method: ClearanceMethod };
  /** The consent link to the cadre; the message itself is sealed in the outbox item. */
  ConsentRequested: { clearanceId: string };
  /** A cadre's contact to subscribe to the notices topic; the contact is sealed in the outbox item. */
  CadreContactChanged: { cadreId: string };
  ClearanceConsented: { clearanceId: string };
  ClearanceDeclined: { clearanceId: string };
  ClearanceWithdrawn: { clearanceId: string };
  ClearanceDecisionOverdue: {
    clearanceId: string;
    clueId: string;
    status: ClearanceStatus;
    deadline: OverdueDeadline;
  };
  ClearancePublished: {
    clearanceId: string;
    clueId: string;
    noticeId: string;
    method: ClearanceMethod;
    public: boolean;
    daysFromConclusion: number;
  };
  /** The notice to the cadre; the message itself is sealed in the outbox item. */
  NoticeSent: { clearanceId: string; noticeId: string };
  FollowUpDue: { followUpId: string; clearanceId: string; clueId: string; deadline: OverdueDeadline };
  FlagProposed: { flagId: string; level: FlagLevel };
  FabricationFlagProposed: { flagId: string; reporterRef: string };
  FlagStatusChanged: { flagId: string; level: FlagLevel; fromStatus: FlagStatus; toStatus: FlagStatus };
  FlagConfirmed: { flagId: string; level: FlagLevel; reporterRef: string };
  // Objections (异议): ids and decisions only, never the reporter's or the approver's reason.
  ObjectionLodged: { objectionId: string; clueId: string; reportId: string; conclusionAt: string };
  ObjectionDecided: {
    objectionId: string;
    clueId: string;
    reportId: string;
    decision: 'UPHOLD' | 'REOPEN';
  };
  /** 异议 to a decline before registration (不予受理): the report has no clue. */
  DeclineObjectionLodged: { objectionId: string; reportId: string; declinedAt: string };
  /** REOPEN returns the report to the intake queue, unregistered. */
  DeclineObjectionDecided: { objectionId: string; reportId: string; decision: 'UPHOLD' | 'REOPEN' };
  /** A concluded clue reopened on an objection: what ClueConcluded counted, to take it back. */
  ClueReopened: {
    clueId: string;
    objectionId: string;
    concludedAt: string;
    overallFinding: Finding;
    daysToConclude: number;
    allegationFindings: Finding[];
    reports: ConcludedReport[];
  };
  // The conversation (shared/domain/conversation.ts): never the text, only that there is news.
  /** The commission wrote to a reporter; a notifier may tell them there is news, nothing more. */
  ReporterMessageSent: { reportId: string; messageId: string; at: string };
  ResultFeedbackOverdue: { reportId: string; clueId: string; deadline: OverdueDeadline };
  /**
   * One member opened unusually many distinct case files in a short time (shared/domain/read-audit.ts):
   * for the auditors, who look up the reads with GET /audit/reads?userId=.
   */
  CaseFilesReadUnusually: {
    commissionId: string;
    userId: string;
    distinctFiles: number;
    threshold: number;
    windowMinutes: number;
    since: string;
  };
  /** 回避 recorded on a clue (recusal.ts): who stepped aside, never why; `assigneeCleared` asks for a new assignee. */
  ClueRecusalRecorded: {
    clueId: string;
    userId: string;
    /** Added after version 1 went out: the recusal a later ClueRecusalLifted names. */
    recusalId?: string;
    kind: 'DECLARED' | 'RECORDED';
    assigneeCleared: boolean;
    /** Added after version 1 went out: the report whose reporter asked for it (news to them). */
    requestReportId?: string;
  };
  /** 解除回避 (recusal.ts): whose recusal an approver lifted, never why; the member may be assigned again. */
  ClueRecusalLifted: {
    clueId: string;
    userId: string;
    recusalId: string;
    kind: 'DECLARED' | 'RECORDED';
    /** The report whose reporter asked for the recusal (news to them); absent for any other. */
    requestReportId?: string;
  };
}

export type EventType = keyof EventPayloads;

/**
 * Version and topic per event. A payload change a consumer could misread (a field renamed,
 * removed or given another meaning) raises the version; adding an optional field does not.
 */
export const eventCatalogue = {
  ReportSubmitted: { version: 1, topic: 'events' },
  ReportOverdue: { version: 1, topic: 'alerts' },
  ReportDeclined: { version: 1, topic: 'events' },
  ReportsTransferred: { version: 1, topic: 'events' },
  PhoneCodeRequested: { version: 1, topic: 'notices' },
  ReportIdentityVerified: { version: 1, topic: 'events' },
  ClueRegistered: { version: 1, topic: 'events' },
  ClueStatusChanged: { version: 1, topic: 'events' },
  ClueTenureMarked: { version: 1, topic: 'events' },
  ClueConcluded: { version: 1, topic: 'events' },
  ClueOverdue: { version: 1, topic: 'alerts' },
  ClearanceProposed: { version: 1, topic: 'events' },
  ConsentRequested: { version: 1, topic: 'notices' },
  CadreContactChanged: { version: 1, topic: 'notices' },
  ClearanceConsented: { version: 1, topic: 'events' },
  ClearanceDeclined: { version: 1, topic: 'events' },
  ClearanceWithdrawn: { version: 1, topic: 'events' },
  ClearanceDecisionOverdue: { version: 1, topic: 'alerts' },
  ClearancePublished: { version: 1, topic: 'events' },
  NoticeSent: { version: 1, topic: 'notices' },
  FollowUpDue: { version: 1, topic: 'alerts' },
  FlagProposed: { version: 1, topic: 'events' },
  FabricationFlagProposed: { version: 1, topic: 'alerts' },
  FlagStatusChanged: { version: 1, topic: 'events' },
  FlagConfirmed: { version: 1, topic: 'alerts' },
  ObjectionLodged: { version: 1, topic: 'events' },
  ObjectionDecided: { version: 1, topic: 'events' },
  ClueReopened: { version: 1, topic: 'events' },
  DeclineObjectionLodged: { version: 1, topic: 'events' },
  DeclineObjectionDecided: { version: 1, topic: 'events' },
  ReporterMessageSent: { version: 1, topic: 'events' },
  ResultFeedbackOverdue: { version: 1, topic: 'alerts' },
  CaseFilesReadUnusually: { version: 1, topic: 'alerts' },
  ClueRecusalRecorded: { version: 1, topic: 'alerts' },
  ClueRecusalLifted: { version: 1, topic: 'alerts' },
} as const satisfies Record<EventType, { version: number; topic: EventTopic }>;

/** One event as stored in the outbox and published: the envelope fields, then the payload. */
export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: { eventId: string; type: K; version: number; occurredAt: string } & EventPayloads[K];
}[T];

export const domainEvent = <T extends EventType>(
  type: T,
  payload: EventPayloads[T],
  occurredAt: string,
): DomainEvent<T> =>
  ({
    eventId: newId('evt'),
    type,
    version: eventCatalogue[type].version,
    occurredAt,
    ...payload,
  }) as DomainEvent<T>;

export const topicOf = (event: DomainEvent): EventTopic => eventCatalogue[event.type].topic;

export const isEventType = (type: unknown): type is EventType =>
  typeof type === 'string' && Object.hasOwn(eventCatalogue, type);

/**
 * Reads a published or stored event back. An unknown type, or a version other than the one
 * declared, is refused (the consumer says so and leaves it alone) instead of being half-read.
 * Events stored before versions were written count as version 1.
 */
export const readEvent = (
  json: string,
): { event: DomainEvent } | { unknown: { type: unknown; version: unknown } } => {
  const event = JSON.parse(json) as { type?: unknown; version?: unknown };
  const version = event.version ?? 1;
  if (!isEventType(event.type) || eventCatalogue[event.type].version !== version)
    return { unknown: { type: event.type, version } };
  return { event: { ...event, version } as DomainEvent };
};
