/**
 * The search index's writer: a reader of the table's stream. From each ReportSubmitted and each
 * ReportsTransferred it indexes the report, from each ClueRegistered the clue: the accused cadre's
 * name and organisation and the case number, never the reporter or the report's text
 * (shared/domain/search.ts). Off the write path: submitting or registering waits for none of this.
 *
 * A report is indexed as it stands when the event is read, not as the event tells it: under its
 * commission now with its number now, and its entries under each commission it was transferred
 * from removed (`reportSearchablesOf`). So a redelivered event rewrites the same entries, and a
 * ReportSubmitted read after the report's transfer indexes it at the receiver straight away. The
 * report is read consistently (a transfer's event may arrive before an eventual read would see the
 * transfer), and read again after writing: if a transfer committed meanwhile, what was just written
 * may be the sender's, so it is written again from the newer reading.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { clueSearchable, reportSearchablesOf, searchEventTypes } from '../../shared/domain/search.ts';
import { consumeOutboxEvents } from '../../shared/notify/stream-batch.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { type ReportItem, reportStore } from '../../shared/store/reports.ts';
import { searchEntriesOf, searchIndexStore } from '../../shared/store/search-index.ts';

/** Readings of one report at most, should transfers keep committing while it is indexed. */
const maxReadings = 3;

/** What the index depends on: where the report is and its number (a transfer changes both). */
const placeOf = (report: ReportItem) => `${report.commissionId ?? ''}|${report.caseNumber ?? ''}`;

export const indexForSearch = (services: Services) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  const index = searchIndexStore(services);

  const indexReport = async (report: ReportItem) => {
    const { current, former } = reportSearchablesOf(report);
    await index.replace(searchEntriesOf(current), former.flatMap(searchEntriesOf));
  };

  /** Indexes the reports as they stand, until a reading after the writes finds them unmoved. */
  const indexReports = async (reportIds: readonly string[]) => {
    let pending = await reports.getMany(reportIds);
    for (let reading = 1; pending.length > 0; reading++) {
      // Left to the stream's retry, which reads them again.
      if (reading > maxReadings) throw new Error('search index: reports still moving as they are indexed');
      for (const report of pending) await indexReport(report);
      const written = new Map(pending.map((r) => [r.reportId, placeOf(r)]));
      pending = (await reports.getMany([...written.keys()])).filter(
        (r) => written.get(r.reportId) !== placeOf(r),
      );
    }
  };

  const indexClue = async (clueId: string) => {
    const clue = (await clues.load(clueId))?.clue;
    if (clue) await index.put(searchEntriesOf(clueSearchable(clue)));
  };

  return (stream: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    consumeOutboxEvents(stream, 'search index', searchEventTypes, async (event) => {
      if (event.type === 'ReportSubmitted') await indexReports([event.reportId]);
      else if (event.type === 'ReportsTransferred') await indexReports(event.reportIds);
      else await indexClue(event.clueId);
    });
};

export const handler = indexForSearch(createServices());
