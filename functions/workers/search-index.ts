/**
 * The search index's writer: a reader of the table's stream. From each ReportSubmitted it indexes
 * the report, from each ClueRegistered the clue: the accused cadre's name and organisation and the
 * case number, never the reporter or the report's text (shared/domain/search.ts). Idempotent: the
 * same subject always gives the same items, so a redelivered event rewrites them unchanged. Off the
 * write path: submitting or registering waits for none of this.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { type DomainEvent, readEvent } from '../../shared/domain/events.ts';
import {
  clueSearchable,
  reportSearchable,
  type Searchable,
  type SearchEventType,
  searchEventTypes,
} from '../../shared/domain/search.ts';
import { logger } from '../../shared/logger.ts';
import { processOutboxInOrder } from '../../shared/notify/stream-batch.ts';
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
      return report && reportSearchable(report);
    }
    const clue = (await clues.load(event.clueId))?.clue;
    return clue && clueSearchable(clue);
  };

  return (stream: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processOutboxInOrder(stream, 'search index', async (item) => {
      if (!(searchEventTypes as readonly string[]).includes(item.type)) return;
      const read = readEvent(item.payload);
      if (!('event' in read)) {
        logger.warn('search index: event of an unknown version left alone', {
          eventId: item.eventId,
          ...read.unknown,
        });
        return;
      }
      const searchable = await subjectOf(read.event as DomainEvent<SearchEventType>);
      if (searchable) await index.put(searchEntriesOf(searchable));
    });
};

export const handler = indexForSearch(createServices());
