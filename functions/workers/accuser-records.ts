/**
 * The accuser-record consumer: a second reader of the table's stream that takes each ClueConcluded
 * event and, for every real-name report in it, records the conclusion on the reporter's record (by
 * fingerprint) with what the flag policy proposes (shared/domain/accuser-record.ts).
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import {
  conclusionsForRecords,
  proposalsToExtend,
  recordConclusion,
} from '../../shared/domain/accuser-record.ts';
import { readEvent } from '../../shared/domain/events.ts';
import { logger } from '../../shared/logger.ts';
import { processOutboxInOrder } from '../../shared/notify/stream-batch.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { accusedHash } from '../../shared/store/clues.ts';

export const recordAccusers = (services: Services) => {
  const accusers = accuserStore(services);
  const policy = services.flagPolicy;
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
      for (const { fingerprint, entry } of conclusionsForRecords(concluded, accusedHash(concluded.accused))) {
        const record = await accusers.loadRecord(fingerprint);
        const open = await accusers.loadFlags(proposalsToExtend(record, entry, policy));
        const now = services.now();
        const decided = recordConclusion({ record, open }, entry, policy, now);
        // One event can carry several reporters: each is processed once.
        if (decided) await accusers.commitConclusion(decided, `${item.eventId}:${entry.reportId}`, now);
      }
    });
};

export const handler = recordAccusers(createServices());
