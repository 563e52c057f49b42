/**
 * A real-name reporter's accuser record (举报人记录): their concluded reports, and a pointer to their
 * flag at each level. Recording a conclusion is a pure decision (the record and its open proposals
 * in; the record after, the flags proposed or extended, the events out), so replaying the stream
 * decides the same; the store commits it once per event (shared/store/accusers.ts).
 */
import {
  type AccuserFlag,
  extendEvidence,
  type FlagEvent,
  type FlagPointer,
  type FlagStepOutcome,
  isLive,
  pointerOf,
  proposeFlag,
  withdrawFlag,
} from './accuser-flag.ts';
import type { Clue } from './clue.ts';
import { commissionOf } from './commission.ts';
import type { DomainEvent } from './events.ts';
import {
  type ConcludedReport,
  type FlagLevel,
  type FlagPolicy,
  matterKey,
  proposalsFor,
  severity,
} from './flag-policy.ts';
import { type IdentityStatus, isVerified } from './identity-verification.ts';
import type { FlagStatus } from './vocabulary.ts';

export interface AccuserRecord {
  fingerprint: string;
  /** 0 for a record not stored yet; raised by one with every conclusion. */
  version: number;
  reports: ConcludedReport[];
  flags: Partial<Record<FlagLevel, FlagPointer>>;
}

export const emptyRecord = (fingerprint: string): AccuserRecord => ({
  fingerprint,
  version: 0,
  reports: [],
  flags: {},
});

/** What recording a conclusion decided: the record after it, each new or extended flag, events. */
export interface RecordedConclusion {
  record: AccuserRecord;
  /** New proposals (version 1) and open proposals that took the new evidence. */
  flags: AccuserFlag[];
  events: FlagEvent[];
}

/** One real-name report of a concluded clue, as it goes on its reporter's record. */
export interface ConclusionForRecord {
  fingerprint: string;
  entry: ConcludedReport;
}

/**
 * The entries a concluded clue adds to accuser records: one per real-name report with an outcome.
 * Anonymous reports never create or touch a record. `accusedKey` names the accused the same way
 * for every clue, so repeats of a matter are recognised across clues.
 */
export const conclusionsForRecords = (
  concluded: DomainEvent<'ClueConcluded'>,
  accusedKey: string,
): ConclusionForRecord[] =>
  concluded.reports.flatMap((report) =>
    report.reporterKind === 'REAL_NAME' && report.reporterFingerprint && report.outcome
      ? [
          {
            fingerprint: report.reporterFingerprint,
            entry: {
              reportId: report.reportId,
              clueId: concluded.clueId,
              outcome: report.outcome,
              concludedAt: concluded.concludedAt,
              accusedKey,
              matterKeys: concluded.allegations
                .filter((a) => a.reportId === report.reportId)
                .map((a) => matterKey(accusedKey, a.summary)),
            },
          },
        ]
      : [],
  );

/**
 * The entry of one report of an already concluded clue, for a reporter verified after the
 * conclusion: the report counts from then on, as it would have had it been verified in time.
 * Undefined when the clue has no conclusion yet, or the report is anonymous or without an outcome.
 */
export const conclusionForReport = (
  clue: Pick<Clue, 'clueId' | 'reports' | 'allegations' | 'conclusion'>,
  reportId: string,
  accusedKey: string,
): ConclusionForRecord | undefined => {
  const report = clue.reports.find((r) => r.reportId === reportId);
  const outcome = clue.conclusion?.reportOutcomes[reportId];
  if (!clue.conclusion || !report?.reporterFingerprint || report.reporterKind !== 'REAL_NAME' || !outcome)
    return undefined;
  return {
    fingerprint: report.reporterFingerprint,
    entry: {
      reportId,
      clueId: clue.clueId,
      outcome,
      concludedAt: clue.conclusion.concludedAt,
      accusedKey,
      matterKeys: clue.allegations
        .filter((a) => a.reportId === reportId)
        .map((a) => matterKey(accusedKey, a.summary)),
    },
  };
};

/** What the accuser records read of the report itself (never its text or identity). */
export interface ReportForRecord {
  reportId: string;
  identityStatus?: IdentityStatus | undefined;
  commissionId?: string | undefined;
  caseNumber?: string | undefined;
}

/**
 * A conclusion as it goes on the record, or undefined when it does not count: an unverified
 * report counts against nobody (someone may have typed another person's ID number). It is the
 * finding of the report's commission, cited by the report's case number there.
 */
export const countedConclusion = (
  conclusion: ConclusionForRecord,
  report: ReportForRecord | undefined,
): ConclusionForRecord | undefined =>
  report && report.reportId === conclusion.entry.reportId && isVerified(report.identityStatus)
    ? {
        ...conclusion,
        entry: {
          ...conclusion.entry,
          commissionId: commissionOf(report),
          ...(report.caseNumber ? { caseNumber: report.caseNumber } : {}),
        },
      }
    : undefined;

/** The conclusions of an event that count, each with its report (`countedConclusion`). */
export const countedConclusions = (
  conclusions: readonly ConclusionForRecord[],
  reports: readonly ReportForRecord[],
): ConclusionForRecord[] =>
  conclusions.flatMap((c) => {
    const counted = countedConclusion(
      c,
      reports.find((r) => r.reportId === c.entry.reportId),
    );
    return counted ? [counted] : [];
  });

const alreadyRecorded = (record: AccuserRecord, entry: ConcludedReport) =>
  record.reports.some((r) => r.reportId === entry.reportId);

/** The open proposals a conclusion would extend: the store loads these before deciding. */
export const proposalsToExtend = (
  record: AccuserRecord,
  entry: ConcludedReport,
  policy: FlagPolicy,
): string[] =>
  alreadyRecorded(record, entry)
    ? []
    : proposalsFor(record.reports, entry, policy).flatMap(({ level }) => {
        const pointer = record.flags[level];
        return pointer?.status === 'PROPOSED' ? [pointer.flagId] : [];
      });

/**
 * Adds a concluded report to its reporter's record with what the policy proposes: an open
 * proposal at a level takes the new evidence, otherwise a new flag is proposed at that level.
 * Undefined when the report is already on the record (a redelivered or replayed event).
 */
export const recordConclusion = (
  state: { record: AccuserRecord; open: readonly AccuserFlag[] },
  entry: ConcludedReport,
  policy: FlagPolicy,
  now: Date,
): RecordedConclusion | undefined => {
  const { record } = state;
  if (alreadyRecorded(record, entry)) return undefined;
  const at = now.toISOString();
  const pointers = { ...record.flags };
  const flags: AccuserFlag[] = [];
  const events: FlagEvent[] = [];
  for (const proposal of proposalsFor(record.reports, entry, policy)) {
    const pointer = pointers[proposal.level];
    const open = state.open.find((f) => pointer?.status === 'PROPOSED' && f.flagId === pointer.flagId);
    if (open) {
      const extended = extendEvidence(open, proposal.evidence, at);
      if (extended !== open) flags.push(extended);
      continue;
    }
    const proposed = proposeFlag(record.fingerprint, proposal, at, entry);
    pointers[proposal.level] = pointerOf(proposed.flag);
    flags.push(proposed.flag);
    events.push(...proposed.events);
  }
  const next = {
    ...record,
    version: record.version + 1,
    reports: [...record.reports, entry],
    flags: pointers,
  };
  return { record: next, flags, events };
};

/** The real-name reports of a reopened clue, by reporter: each comes off its reporter's record. */
export const reopenedForRecords = (reopened: DomainEvent<'ClueReopened'>) =>
  reopened.reports.flatMap((report) =>
    report.reporterKind === 'REAL_NAME' && report.reporterFingerprint
      ? [{ fingerprint: report.reporterFingerprint, reportId: report.reportId }]
      : [],
  );

/** The flags a reopening may touch: every live one the record points to. The store loads these. */
export const flagsToReview = (record: AccuserRecord): string[] =>
  Object.values(record.flags).flatMap((pointer) => (pointer.status === 'DISMISSED' ? [] : [pointer.flagId]));

/**
 * A conclusion an objection reopened stops counting (flag policy, docs/domain.md): the report
 * comes off its reporter's record, so that when the clue concludes again it is recorded once, with
 * the new outcome; every flag resting on it is withdrawn (`withdrawFlag`). Undefined when the report
 * is not on the record (never recorded, or a redelivered event already took it off).
 */
export const recordReopening = (
  state: { record: AccuserRecord; flags: readonly AccuserFlag[] },
  reportId: string,
  now: Date,
): { record: AccuserRecord; withdrawn: FlagStepOutcome[] } | undefined => {
  const { record } = state;
  if (!record.reports.some((r) => r.reportId === reportId)) return undefined;
  const withdrawn = state.flags
    .filter((flag) => flag.status !== 'DISMISSED' && flag.evidence.some((e) => e.reportId === reportId))
    .map((flag) => withdrawFlag(flag, reportId, now));
  const flags = { ...record.flags };
  for (const { flag } of withdrawn) flags[flag.level] = pointerOf(flag);
  return {
    record: {
      ...record,
      version: record.version + 1,
      reports: record.reports.filter((r) => r.reportId !== reportId),
      flags,
    },
    withdrawn,
  };
};

/** The reporter's most serious live flag, for triage of a new report; it never blocks the report. */
export const mostSeriousLiveFlag = (
  record: AccuserRecord,
  now: Date,
): { level: FlagLevel; status: FlagStatus; flagId: string } | undefined => {
  const live = (Object.entries(record.flags) as [FlagLevel, FlagPointer][])
    .filter(([, pointer]) => isLive(pointer, now))
    .sort(([a], [b]) => severity(b) - severity(a));
  const [level, pointer] = live[0] ?? [];
  return level && pointer ? { level, status: pointer.status, flagId: pointer.flagId } : undefined;
};
