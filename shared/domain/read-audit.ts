/**
 * Audited reads (查阅留痕, 2020 rules art. 47: what a reporter told the commission must never reach
 * the accused). Every staff read of a case file — a clue, a report's conversation or files, an
 * attachment, an identity, an export — leaves one ReadRecord: who (user and the role they read
 * in), what (the subject's kind and id), when and through which route. And the watch on them: a
 * member who opens unusually many distinct case files in a short time is reported to the auditors,
 * once per window. Pure: no I/O.
 */
import { type DomainEvent, domainEvent } from './events.ts';
import type { Role } from './roles.ts';

/** What a read opened. */
export const readSubjectKinds = ['CLUE', 'REPORT', 'ATTACHMENT', 'IDENTITY', 'EXPORT'] as const;
export type ReadSubjectKind = (typeof readSubjectKinds)[number];

export interface ReadRecord {
  readId: string;
  /** The commission whose case file was read: auditors see their own commission's reads only. */
  commissionId: string;
  userId: string;
  role: Role;
  subjectKind: ReadSubjectKind;
  /** The id the route names (a clue, a report, an attachment, a flag) or the export's name. */
  subjectId: string;
  /** The route as declared (`GET /clues/{clueId}`) and the path as requested. */
  route: string;
  path: string;
  at: string;
}

/**
 * Which subject a route's read is about: the kind, and the path parameter that names it (or, for a
 * route that names none, such as an export, a fixed name).
 */
export interface AuditRead {
  kind: ReadSubjectKind;
  subject: { param: string } | { fixed: string };
}

/** The subject id of one request to a route declared with `audit`. */
export const readSubjectId = (audit: AuditRead, params: Readonly<Record<string, string | undefined>>) => {
  if ('fixed' in audit.subject) return audit.subject.fixed;
  const id = params[audit.subject.param];
  if (!id) throw new Error(`The route names no path parameter ${audit.subject.param}`);
  return id;
};

/** The case files that count toward the watch: an export is not one member's case file. */
export const countsAsCaseFile = (kind: ReadSubjectKind): boolean => kind !== 'EXPORT';

export interface ReadWatchPolicy {
  /** Distinct case files one member may open within `windowSeconds` before the auditors are told. */
  threshold: number;
  windowSeconds: number;
}

/** What the watch item holds: when each case file was last opened (epoch seconds), and the last alert. */
export interface ReadWatch {
  opened: Readonly<Record<string, number>>;
  alertedAt?: number | undefined;
}

export type WatchDecision =
  | { alert: false; stale: string[] }
  | { alert: true; stale: string[]; distinct: number; windowStart: number };

/**
 * Counts the distinct case files opened within the last `windowSeconds` (a sliding window, not a
 * fixed one: forty files across an hour boundary still count as forty) and alerts when they reach
 * the threshold, unless an alert went out within the window already: once per window, not per read.
 * `stale` lists the files that have left the window, for the store to forget.
 */
export const decideWatch = (watch: ReadWatch, policy: ReadWatchPolicy, now: number): WatchDecision => {
  const windowStart = now - policy.windowSeconds;
  const entries = Object.entries(watch.opened);
  const stale = entries.filter(([, at]) => at <= windowStart).map(([id]) => id);
  const distinct = entries.length - stale.length;
  const alertedRecently = watch.alertedAt !== undefined && watch.alertedAt > windowStart;
  if (distinct >= policy.threshold && !alertedRecently) return { alert: true, stale, distinct, windowStart };
  return { alert: false, stale };
};

/** The alert to the auditors for a decision to alert (topic `alerts`). */
export const unusualReadingAlert = (
  read: Pick<ReadRecord, 'commissionId' | 'userId'>,
  decision: Extract<WatchDecision, { alert: true }>,
  policy: ReadWatchPolicy,
  now: number,
): DomainEvent<'CaseFilesReadUnusually'> =>
  domainEvent(
    'CaseFilesReadUnusually',
    {
      commissionId: read.commissionId,
      userId: read.userId,
      distinctFiles: decision.distinct,
      threshold: policy.threshold,
      windowMinutes: Math.round(policy.windowSeconds / 60),
      since: new Date(decision.windowStart * 1000).toISOString(),
    },
    new Date(now * 1000).toISOString(),
  );
