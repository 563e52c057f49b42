/**
 * The retention index (保存期限, shared/domain/retention.ts): a reader of the table's stream. Each
 * ClueStatusChanged reads the clue as it stands now and records, for each of its reports, whether
 * the case has ended and when (a reopened clue takes its reports out of the index); each
 * ReportDeclined records the declined report's end. Reading the current state, not the event,
 * makes the order of delivery irrelevant; each write is conditioned on when the state read came
 * about (the change's time, then the version: `readingBasis`), so a report transferred from one
 * commission's clue to another's is ordered by time, where the two clues' versions do not compare.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { commissionOf } from '../../shared/domain/commission.ts';
import { entriesOfClue, entryOfDeclined } from '../../shared/domain/retention.ts';
import { consumeOutboxEvents } from '../../shared/notify/stream-batch.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { retentionStore } from '../../shared/store/retention.ts';

export const indexCaseEnds = (services: Services) => {
  const clues = clueStore(services);
  const reports = reportStore(services);
  const retention = retentionStore(services);

  return (stream: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    consumeOutboxEvents(stream, 'retention index', ['ClueStatusChanged', 'ReportDeclined'], async (event) => {
      if (event.type === 'ClueStatusChanged') {
        const stored = await clues.load(event.clueId);
        if (stored) await retention.record(entriesOfClue(stored.clue, commissionOf(stored.clue), event.at));
      } else {
        const report = await reports.get(event.reportId);
        const entry = report && entryOfDeclined(report, commissionOf(report));
        if (entry) await retention.record([entry]);
      }
    });
};

export const handler = indexCaseEnds(createServices());
