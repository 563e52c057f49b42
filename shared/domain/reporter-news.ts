/**
 * News without content (无内容通知): a reporter who left a contact is told that there is news of
 * the report, and nothing else: no stage, no name, no text, no link that carries the code. They
 * follow it up with their receipt code, as anyone would. This closes what GlobaLeaks left open (its
 * issue #898) without weakening anonymity: the message is the same for every report and every kind
 * of news, so it tells whoever reads the mailbox only that this person reported something.
 */
import type { DomainEvent, EventType } from './events.ts';
import { reporterStageOf } from './stages.ts';

/** The one message; Chinese first. No receipt code, report id, stage, name or address in it. */
export const newsMessage = {
  // Chinese first, like every message the commission sends; it names nothing about the report.
  subject: '检举控告办理进展提示 / News of your report',
  zh: '您在纪检监察机关的检举控告有新的进展，请凭受理码登录查询。',
  en: 'There is news of the report you made to the discipline inspection and supervision commission. Please use your receipt code to see it.',
} as const;

export const newsText = `${newsMessage.zh}\n\n${newsMessage.en}\n`;

/** Whose reports an event is news for: named, or those of a clue (the worker reads its reports). */
export type NewsFor = { reportIds: readonly string[] } | { clueId: string } | undefined;

/**
 * Which events are news to reporters. One line per event type: the stream filter of the
 * reporter-news worker is built from these keys (shared/contract/workers.ts), so a new kind of
 * news (ReporterMessageSent: `ReporterMessageSent: (e) => ({ reportIds: [e.reportId] })`) is one
 * line here, as ReportDeclined and ReporterMessageSent were. ClueConcluded is not listed: its ClueStatusChanged to CONCLUDED is the news.
 */
const newsRules: { [K in EventType]?: (event: DomainEvent<K>) => NewsFor } = {
  // 受理: the reports became a clue.
  ClueRegistered: (e) => ({ reportIds: e.reportIds }),
  // 不予受理: the report was declined before registration.
  ReportDeclined: (e) => ({ reportIds: [e.reportId] }),
  // 移交 of a report not yet registered; a transferred clue's news is its ClueStatusChanged.
  ReportsTransferred: (e) => (e.clueId ? undefined : { reportIds: e.reportIds }),
  // The answer to an objection to a decline (a reopened clue's news is its ClueStatusChanged).
  DeclineObjectionDecided: (e) => ({ reportIds: [e.reportId] }),
  // The commission wrote to the reporter (the text stays in the conversation).
  ReporterMessageSent: (e) => ({ reportIds: [e.reportId] }),
  // 回避: a recusal the reporter asked for was recorded, or later lifted (the lookup says which).
  ClueRecusalRecorded: (e) => (e.requestReportId ? { reportIds: [e.requestReportId] } : undefined),
  ClueRecusalLifted: (e) => (e.requestReportId ? { reportIds: [e.requestReportId] } : undefined),
  // A step the reporter sees (verification, concluded, transferred, not accepted); not an internal one.
  ClueStatusChanged: (e) =>
    reporterStageOf(e.fromStatus) === reporterStageOf(e.toStatus) ? undefined : { clueId: e.clueId },
};

export const newsEventTypes = Object.keys(newsRules) as EventType[];

export const newsFor = (event: DomainEvent): NewsFor =>
  (newsRules[event.type] as ((e: DomainEvent) => NewsFor) | undefined)?.(event);

/**
 * Coalescing: a report whose reporter was told within the last `windowMinutes` is not told again;
 * the lookup shows everything that happened since. Returns the time before which the last message
 * must have gone out for a new one to go.
 */
export const coalescedSince = (now: Date, windowMinutes: number): string =>
  new Date(now.getTime() - windowMinutes * 60_000).toISOString();
