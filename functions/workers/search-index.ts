/**
 * The search index's writer: a reader of the table's stream. From each ReportSubmitted it indexes
 * the report, from each ClueRegistered the clue: the accused cadre's name and organisation and the
 * case number, never the reporter or the report's text (shared/domain/search.ts). Idempotent: the
 * same subject always gives the same items, so a redelivered event rewrites them unchanged. Off the
 * write path: submitting or registering waits for none of this.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { type DomainEvent, readEvent } from '../../shared/domain/events.ts';
import { type Searchable, type SearchEventType, searchEventTypes } from '../../shared/domain/search.ts';
import { singleCommissionId } from '../../shared/http/auth.ts';
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

  const searchableOf = async (event: DomainEvent<SearchEventType>): Promise<Searchable | undefined> => {
    if (event.type === 'ReportSubmitted') {
      const report = await reports.get(event.reportId);
      return (
        report && {
          kind: 'REPORT',
          subjectId: report.reportId,
          commissionId: report.commissionId ?? singleCommissionId,
          at: report.submittedAt,
          caseNumber: report.caseNumber,
          cadre: report.accused,
        }
      );
    }
    const clue = (await clues.load(event.clueId))?.clue;
    return (
      clue && {
        kind: 'CLUE',
        subjectId: clue.clueId,
        commissionId: clue.commissionId ?? singleCommissionId,
        at: clue.registeredAt,
        caseNumber: clue.caseNumber,
        cadre: clue.accused,
      }
    );
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
      const searchable = await searchableOf(read.event as DomainEvent<SearchEventType>);
      if (!searchable) return;
      // Only what the index needs: name, organisation and position of the accused, no region.
      const { name, organization, position } = searchable.cadre;
      await index.put(searchEntriesOf({ ...searchable, cadre: { name, organization, position } }));
    });
};

export const handler = indexForSearch(createServices());
