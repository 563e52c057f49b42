/**
 * The accuser-record consumer: a second reader of the table's stream that takes each ClueConcluded
 * event and, for every real-name report in it, updates the reporter's record (by fingerprint) and
 * writes what the flag policy proposes. Anonymous reports never create or touch a record.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { readEvent } from '../../shared/domain/events.ts';
import { matterKey } from '../../shared/domain/flag-policy.ts';
import { logger } from '../../shared/logger.ts';
import { processOutboxInOrder } from '../../shared/notify/stream-batch.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { accusedHash } from '../../shared/store/clues.ts';

export const recordAccusers = (services: Services) => {
  const accusers = accuserStore(services);
  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processOutboxInOrder(event, 'accuser records', async (item) => {
      if (item.type !== 'ClueConcluded') return;
      const read = readEvent(item.payload);
      if (!('event' in read) || read.event.type !== 'ClueConcluded') {
        // A version this code cannot read: leave it, say so, and do not hold up the stream.
        logger.warn('accuser records: ClueConcluded of an unknown version left alone', {
          eventId: item.eventId,
          ...('unknown' in read ? read.unknown : {}),
        });
        return;
      }
      const concluded = read.event;
      const accusedKey = accusedHash(concluded.accused);
      for (const report of concluded.reports) {
        if (report.reporterKind !== 'REAL_NAME' || !report.reporterFingerprint || !report.outcome) continue;
        await accusers.recordConclusion({
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
          // One event can carry several reporters: each is processed once.
          eventId: `${item.eventId}:${report.reportId}`,
          now: services.now(),
          policy: services.flagPolicy,
        });
      }
    });
};

export const handler = recordAccusers(createServices());
