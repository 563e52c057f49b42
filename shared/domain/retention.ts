/**
 * Retention (保存期限): a report's personal data is kept only while its case may still need it.
 * When the case ends (its clue CONCLUDED, CLOSED 予以了结 or REFERRED 移送审查调查, or the report
 * declined 不予受理 before registration) the end date goes into an index; once the end is more than
 * N years past (N per commission, `retentionYearsOf`), the retention job erases the identity, the
 * phone and news contact, the messages, the files, the objection reasons and the personal parts of
 * audit entries, and leaves a tombstone. A reopened case leaves the index (its end no longer stands).
 * TRANSFERRED is not an end here: the case goes on with the receiving body.
 */
import type { AccuserFlag, FlagPointer, FlagStepOutcome } from './accuser-flag.ts';
import { pointerOf } from './accuser-flag.ts';
import type { AccuserRecord } from './accuser-record.ts';
import type { HistoryFacts } from './audit.ts';
import type { ClueStatus, ReporterStage } from './stages.ts';

/** The clue statuses that end a case for retention. */
export const endingStatuses: readonly ClueStatus[] = ['CONCLUDED', 'CLOSED', 'REFERRED'];

/** The commission a deployment of one serves (shared/http/auth.ts `singleCommissionId`). */
export const defaultCommissionId = 'default';

/**
 * The one place that says how long a commission keeps personal data: its own setting
 * (`retentionYears`, shared/domain/commission.ts), else the deployment's.
 */
export const retentionYearsOf = (
  settings: { retentionYears?: number | undefined },
  config: { RETENTION_YEARS: number },
): number => settings.retentionYears ?? config.RETENTION_YEARS;

/**
 * The commissions whose index the job reads: every registered one, and the single commission of
 * the items stored before there were several (they carry no commission and are indexed under it).
 */
export const retentionCommissions = (registered: readonly string[]): string[] => [
  ...new Set([defaultCommissionId, ...registered]),
];

/** A report's place in the retention index: where its case stands, decided from the clue or report. */
export interface RetentionEntry {
  reportId: string;
  commissionId: string;
  clueId?: string | undefined;
  /** Whether the case has ended; an entry that is not ended is outside the index (sparse). */
  ended: boolean;
  endedAt?: string | undefined;
  /** How it ended, as the reporter was told. */
  stage?: ReporterStage | undefined;
  /**
   * When the state this was read from came about, then its version (`readingBasis`): an older
   * reading never overwrites a newer. The time orders readings of different things (a report's
   * case passes from the sender's clue to the receiver's clue or decline, never back); the version
   * orders readings of one clue within the same instant.
   */
  basis: string;
}

/**
 * The basis of a reading: the time of the change that prompted it, then the version read, each
 * sortable as text (DynamoDB compares strings byte by byte). Versions of two different clues do
 * not compare (a transferred report's sender clue may be at version 5 when the receiver's is at
 * 2), times do.
 */
export const readingBasis = (at: string, version: number): string =>
  `${at}#${String(version).padStart(8, '0')}`;

/** The end of a clue's case, if it has ended: the time it entered its ending status. */
export const clueEnd = (clue: {
  status: ClueStatus;
  stageTimeline: readonly { at: string; stage: ReporterStage }[];
}): { endedAt: string; stage: ReporterStage } | undefined => {
  if (!endingStatuses.includes(clue.status)) return undefined;
  const last = clue.stageTimeline.at(-1);
  return last ? { endedAt: last.at, stage: last.stage } : undefined;
};

/**
 * The index entries of a clue's reports, as the clue stands now, read on a change made at `at`.
 * A clue transferred to a commission of the deployment speaks for none of them any more: they
 * left with the transfer, and their entries are the receiver's to write (transfer.ts).
 */
export const entriesOfClue = (
  clue: {
    clueId: string;
    version: number;
    status: ClueStatus;
    reports: readonly { reportId: string }[];
    stageTimeline: readonly { at: string; stage: ReporterStage }[];
    transferredToCommissionId?: string | undefined;
  },
  commissionId: string,
  at: string,
): RetentionEntry[] => {
  if (clue.transferredToCommissionId !== undefined) return [];
  const end = clueEnd(clue);
  return clue.reports.map(({ reportId }) => ({
    reportId,
    commissionId,
    clueId: clue.clueId,
    ended: end !== undefined,
    ...(end ?? {}),
    basis: readingBasis(at, clue.version),
  }));
};

/** The entry of a report declined before registration (不予受理): its case ended then. */
export const entryOfDeclined = (
  report: {
    reportId: string;
    version: number;
    status: string;
    timeline: readonly { at: string; stage: ReporterStage }[];
  },
  commissionId = defaultCommissionId,
): RetentionEntry | undefined => {
  if (report.status !== 'DECLINED') return undefined;
  const declined = report.timeline.findLast((t) => t.stage === 'NOT_ACCEPTED');
  if (!declined) return undefined;
  return {
    reportId: report.reportId,
    commissionId,
    ended: true,
    endedAt: declined.at,
    stage: 'NOT_ACCEPTED',
    // The decline is the state read, and it came about when the report was declined.
    basis: readingBasis(declined.at, report.version),
  };
};

/**
 * Whether an entry read from a case now belongs in the index where `existing` stands (a backfill's
 * question; the worker writes every reading, conditioned on `basis`). An older or equal reading
 * never replaces a newer one; a case that has not ended needs no entry unless one is there to take
 * out; an erased report has left the index for good (the erasure removed its entry).
 */
export const entryNeeded = (
  entry: RetentionEntry,
  existing: Pick<RetentionEntry, 'basis'> | undefined,
  report: { erasedAt?: string | undefined } | undefined,
): boolean => {
  // A basis written before readings were timed is a bare version number: any timed reading is newer.
  if (existing) return typeof existing.basis !== 'string' || existing.basis < entry.basis;
  return entry.ended && report !== undefined && report.erasedAt === undefined;
};

/** Cases that ended before this instant are due: `now` less N calendar years (UTC). */
export const retentionCutoff = (now: Date, years: number): string => {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff.toISOString();
};

/** Whether an end at `endedAt` is past keeping at `now`. */
export const erasureDue = (endedAt: string, now: Date, years: number): boolean =>
  endedAt < retentionCutoff(now, years);

/** What one erasure took away: the report's tombstone says so (counts, never contents). */
export interface ErasureSummary {
  identity: boolean;
  newsContact: boolean;
  phone: boolean;
  messages: number;
  attachments: number;
  objectionReasons: number;
  auditNotes: number;
  flagsExpired: number;
}

/** The tombstone left on the report, and the fact on the audit trail. */
export const erasureRecord = (
  reportId: string,
  summary: ErasureSummary,
  end: { endedAt: string; years: number },
  now: Date,
): {
  erasedAt: string;
  erasure: ErasureSummary & { endedAt: string; retentionYears: number };
  facts: HistoryFacts;
} => {
  const at = now.toISOString();
  const erasure = { ...summary, endedAt: end.endedAt, retentionYears: end.years };
  return {
    erasedAt: at,
    erasure,
    facts: {
      at,
      actor: 'retention',
      role: 'system',
      action: 'personal-data-erased',
      reason: `个人信息已按保存期限（${end.years}年）删除 / Personal data erased after the retention period (${end.years} years)`,
      details: { reportId, ...erasure },
    },
  };
};

/**
 * A flag resting on an erased report expires with it: its evidence can no longer be examined, so
 * it may not stand against anyone. Any erased report in its evidence is enough (a flag is as good
 * as all of its evidence). It ends DISMISSED, with a WITHDRAWN step that names retention, on its own
 * audit trail; the report comes off the accuser record. Undefined when there is nothing to change.
 */
export const expireOnErasure = (
  state: { record: AccuserRecord; flags: readonly AccuserFlag[] },
  reportId: string,
  now: Date,
): { record: AccuserRecord; expired: FlagStepOutcome[] } | undefined => {
  const at = now.toISOString();
  const reason = `所依据的举报（${reportId}）已按保存期限删除个人信息，标记随之失效 / The report ${reportId} this flag rests on was erased after the retention period; the flag expires with it`;
  const expired = state.flags
    .filter((flag) => flag.status !== 'DISMISSED' && flag.evidence.some((e) => e.reportId === reportId))
    .map((flag): FlagStepOutcome => {
      const next: AccuserFlag = {
        ...flag,
        status: 'DISMISSED',
        confirmedAt: undefined,
        expiresAt: undefined,
        version: flag.version + 1,
        steps: [...flag.steps, { at, by: 'retention', step: 'WITHDRAWN', reason }],
      };
      const change = { fromStatus: flag.status, toStatus: next.status };
      return {
        flag: next,
        facts: {
          at,
          actor: 'retention',
          role: 'system',
          action: 'flag-expired-with-report',
          reason,
          ...change,
        },
        // No event: the statistics keep what was counted when the flag was decided.
        events: [],
      };
    });
  const onRecord = state.record.reports.some((r) => r.reportId === reportId);
  if (!onRecord && expired.length === 0) return undefined;
  const flags: Partial<Record<string, FlagPointer>> = { ...state.record.flags };
  for (const { flag } of expired) flags[flag.level] = pointerOf(flag);
  return {
    record: {
      ...state.record,
      version: state.record.version + 1,
      reports: state.record.reports.filter((r) => r.reportId !== reportId),
      flags: flags as AccuserRecord['flags'],
    },
    expired,
  };
};
