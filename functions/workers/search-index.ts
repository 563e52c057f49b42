/**
 * The search index's writer: a reader of the table's stream. From each ReportSubmitted it indexes
 * the report, from each ClueRegistered the clue: the accused cadre's name and organisation and the
 * case number, never the reporter or the report's text (shared/domain/search.ts). Idempotent: the
 * same subject always gives the same items, so a redelivered event rewrites them unchanged. Off the
 * write path: submitting or registering waits for none of this.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { DomainEvent } from '../../shared/domain/events.ts';
import {
  type Searchable,
  type SearchEventType,
  searchableOf,
  searchEventTypes,
} from '../../shared/domain/search.ts';
import { consumeOutboxEvents } from '../../shared/notify/stream-batch.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { searchEntriesOf, searchIndexStore } from '../../shared/store/search-index.ts';

export const indexForSearch = (services: Services) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  const index = searchIndexStore(services);

  /** The subject of the event as the index sees it; undefined once it is gone. */
  const subjectOf = async (event: DomainEvent<SearchEventType>): Promise<Searchable | undefined> => {
    if (event.type === 'ReportSubmitted') {
      const report = await reports.get(event.reportId);
      return (
        report && searchableOf('REPORT', { ...report, subjectId: report.reportId, at: report.submittedAt })
      );
    }
    const clue = (await clues.load(event.clueId))?.clue;
    return clue && searchableOf('CLUE', { ...clue, subjectId: clue.clueId, at: clue.registeredAt });
  };

  return (stream: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    consumeOutboxEvents(stream, 'search index', searchEventTypes, async (event) => {
      const searchable = await subjectOf(event);
      if (searchable) await index.put(searchEntriesOf(searchable));
    });
};

export const handler = indexForSearch(createServices());
