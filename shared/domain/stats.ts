/**
 * Statistics kept as counters, never by scanning: each domain event adds to flat counters
 * (`status_ASSIGNED`, `finding_UNTRUE`, `days_37`, …) once, when the relay publishes it.
 * Days to conclude are kept as a histogram of whole days, from which median and p90 are read.
 */

import type { DomainEvent } from './events.ts';
import { findings } from './findings.ts';
import { flagLevels } from './flag-policy.ts';
import { clueStatuses } from './stages.ts';
import { flagStatuses, reportChannels } from './vocabulary.ts';

export type Counters = Record<string, number>;

/** The calendar month (YYYY-MM) in China Standard Time, where the commissions are. */
export const monthOf = (iso: string): string =>
  new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 7);

/** Reports received per month, oldest first, the last `months` months that have any. */
const reportsByMonth = (counters: Counters, months = 24): Record<string, number> =>
  Object.fromEntries(
    Object.entries(counters)
      .filter(([name, count]) => /^reports_\d{4}-\d{2}$/.test(name) && count > 0)
      .map(([name, count]) => [name.slice('reports_'.length), count] as const)
      .sort(([a], [b]) => a.localeCompare(b))
      .slice(-months),
  );

/**
 * What one event adds to the counters. Every event type in the catalogue has its case, so a new
 * event is a compile error here until someone decides whether it counts.
 */
export const statsDelta = (event: DomainEvent): Counters => {
  switch (event.type) {
    case 'ReportSubmitted':
      return {
        reportsReceived: 1,
        [`reports_${monthOf(String(event.occurredAt))}`]: 1,
        [`channel_${event.channel ?? 'ONLINE'}`]: 1,
      };
    case 'ReportDeclined':
      return { reportsDeclined: 1 };
    // A hand-over moves reports already counted as received; the clue's own end is its status change.
    case 'ReportsTransferred':
      return {};
    case 'ClueRegistered':
      return { cluesRegistered: 1, status_REGISTERED: 1, predatesTenure: event.predatesTenure };
    case 'ClueTenureMarked':
      return { predatesTenure: event.delta };
    case 'ClueStatusChanged':
      return { [`status_${event.fromStatus}`]: -1, [`status_${event.toStatus}`]: 1 };
    case 'ClueConcluded': {
      const delta: Counters = {
        [`finding_${event.overallFinding}`]: 1,
        [`days_${event.daysToConclude}`]: 1,
      };
      for (const allegation of event.allegations) {
        if (allegation.finding)
          delta[`allegation_${allegation.finding}`] = (delta[`allegation_${allegation.finding}`] ?? 0) + 1;
      }
      return delta;
    }
    case 'ClueReopened': {
      // The conclusion no longer stands: what ClueConcluded added is taken back (the status
      // counters move with the ClueStatusChanged beside it).
      const delta: Counters = {
        [`finding_${event.overallFinding}`]: -1,
        [`days_${event.daysToConclude}`]: -1,
        cluesReopened: 1,
      };
      for (const finding of event.allegationFindings)
        delta[`allegation_${finding}`] = (delta[`allegation_${finding}`] ?? 0) - 1;
      return delta;
    }
    case 'ObjectionLodged':
      return { objectionsLodged: 1 };
    case 'ClueRecusalRecorded':
      return { recusalsRecorded: 1 };
    case 'ClueRecusalLifted':
      return { recusalsLifted: 1 };
    case 'ObjectionDecided':
      return { [`objections_${event.decision}`]: 1 };
    case 'DeclineObjectionLodged':
      return { objectionsLodged: 1 };
    // A decline withdrawn on an objection no longer counts: the report is back in the queue.
    case 'DeclineObjectionDecided':
      return event.decision === 'REOPEN'
        ? { objections_REOPEN: 1, reportsDeclined: -1 }
        : { objections_UPHOLD: 1 };
    case 'ClearanceProposed':
      return { clearancesProposed: 1 };
    case 'ClearanceDeclined':
      return { clearancesDeclined: 1 };
    case 'ClearanceWithdrawn':
      return { clearancesWithdrawn: 1 };
    case 'ClearancePublished':
      return {
        clearancesPublished: 1,
        noticesPublished: event.public ? 1 : 0,
        [`clearanceDays_${event.daysFromConclusion}`]: 1,
      };
    case 'FlagProposed':
      return { [`flag_${event.level}_PROPOSED`]: 1 };
    case 'FlagStatusChanged':
      return {
        [`flag_${event.level}_${event.fromStatus}`]: -1,
        [`flag_${event.level}_${event.toStatus}`]: 1,
      };
    case 'ReportOverdue':
    case 'ClueOverdue':
    case 'ConsentRequested':
    case 'CadreContactChanged':
    case 'ClearanceConsented':
    case 'ClearanceDecisionOverdue':
    case 'NoticeSent':
    case 'FollowUpDue':
    case 'FabricationFlagProposed':
    case 'FlagConfirmed':
    case 'ReporterMessageSent':
    case 'ResultFeedbackOverdue':
    case 'CaseFilesReadUnusually':
    case 'PhoneCodeRequested':
    case 'ReportIdentityVerified':
      return {};
    default:
      return unreachable(event);
  }
};

const unreachable = (event: never): never => {
  throw new Error(`no statistics rule for event ${(event as { type: string }).type}`);
};

const percentile = (histogram: [number, number][], fraction: number): number | undefined => {
  const total = histogram.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return undefined;
  const rank = Math.ceil(fraction * total);
  let seen = 0;
  for (const [days, count] of histogram) {
    seen += count;
    if (seen >= rank) return days;
  }
  return histogram.at(-1)?.[0];
};

const pick = (counters: Counters, prefix: string, keys: readonly string[]) =>
  Object.fromEntries(keys.map((key) => [key, counters[`${prefix}${key}`] ?? 0]));

const histogramOf = (counters: Counters, prefix: string): [number, number][] =>
  Object.entries(counters)
    .filter(([name, count]) => name.startsWith(prefix) && count > 0)
    .map(([name, count]) => [Number(name.slice(prefix.length)), count] as [number, number])
    .sort(([a], [b]) => a - b);

export const summarise = (counters: Counters) => {
  const histogram = histogramOf(counters, 'days_');
  const toNotice = histogramOf(counters, 'clearanceDays_');
  const toNoticeMedian = percentile(toNotice, 0.5);
  const toNoticeP90 = percentile(toNotice, 0.9);
  const byFinding = pick(counters, 'finding_', findings);
  const concluded = Object.values(byFinding).reduce((a, b) => a + b, 0);
  const median = percentile(histogram, 0.5);
  const p90 = percentile(histogram, 0.9);
  return {
    reportsReceived: counters.reportsReceived ?? 0,
    reportsByMonth: reportsByMonth(counters),
    /** Reports by how they came in; counted since channels were recorded. */
    byChannel: pick(counters, 'channel_', reportChannels),
    cluesRegistered: counters.cluesRegistered ?? 0,
    byStatus: pick(counters, 'status_', clueStatuses),
    byFinding,
    allegationFindings: pick(counters, 'allegation_', findings),
    daysToConclude: {
      count: concluded,
      ...(median !== undefined ? { median } : {}),
      ...(p90 !== undefined ? { p90 } : {}),
    },
    ...(concluded
      ? {
          shareUntrue: (byFinding.UNTRUE ?? 0) / concluded,
          shareFabricated: (byFinding.FABRICATED ?? 0) / concluded,
        }
      : {}),
    predatesTenure: counters.predatesTenure ?? 0,
    clearances: {
      proposed: counters.clearancesProposed ?? 0,
      published: counters.clearancesPublished ?? 0,
      declined: counters.clearancesDeclined ?? 0,
      withdrawn: counters.clearancesWithdrawn ?? 0,
      daysFromConclusionToNotice: {
        ...(toNoticeMedian !== undefined ? { median: toNoticeMedian } : {}),
        ...(toNoticeP90 !== undefined ? { p90: toNoticeP90 } : {}),
      },
    },
    noticesPublished: counters.noticesPublished ?? 0,
    flags: Object.fromEntries(
      flagLevels.map((level) => [
        level,
        Object.fromEntries(flagStatuses.map((status) => [status, counters[`flag_${level}_${status}`] ?? 0])),
      ]),
    ),
  };
};
