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
import { clueSearchable, searchEventTypes } from '../../shared/domain/search.ts';
import { consumeOutboxEvents } from '../../shared/notify/stream-batch.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { reportIndexer, searchEntriesOf, searchIndexStore } from '../../shared/store/search-index.ts';

export const indexForSearch = (services: Services) => {
  const clues = clueStore(services);
  const index = searchIndexStore(services);

  const indexReports = reportIndexer(services);

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
