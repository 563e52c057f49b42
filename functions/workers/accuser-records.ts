/**
 * The accuser-record consumer: a second reader of the table's stream. Each ClueConcluded event
 * records, for every real-name report in it, the conclusion on the reporter's record (by
 * fingerprint) with what the flag policy proposes; each ClueReopened event (an objection reopened
 * the clue) takes the report off the record again and withdraws the flags resting on it, so a
 * conclusion counts once, and only once it stands (shared/domain/accuser-record.ts).
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import {
  conclusionsForRecords,
  flagsToReview,
  proposalsToExtend,
  recordConclusion,
  recordReopening,
  reopenedForRecords,
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
      if (item.type !== 'ClueConcluded' && item.type !== 'ClueReopened') return;
      const read = readEvent(item.payload);
      if (!('event' in read) || read.event.type !== item.type) {
        // A version this code cannot read: leave it, say so, and do not hold up the stream.
        logger.warn(`accuser records: ${item.type} of an unknown version left alone`, {
          eventId: item.eventId,
          ...('unknown' in read ? read.unknown : {}),
        });
        return;
      }
      const now = services.now();
      if (read.event.type === 'ClueReopened') {
        for (const { fingerprint, reportId } of reopenedForRecords(read.event)) {
          const record = await accusers.loadRecord(fingerprint);
          const flags = await accusers.loadFlags(flagsToReview(record));
          const decided = recordReopening({ record, flags }, reportId, now);
          if (!decided) continue;
          const pepper = (await services.peppers()).audit;
          for (const step of decided.withdrawn) await accusers.saveFlagStep(step, pepper);
          const done = { record: decided.record, flags: [], events: [] };
          await accusers.commitConclusion(done, `${item.eventId}:${reportId}`, now);
        }
        return;
      }
      const concluded = read.event;
      for (const { fingerprint, entry } of conclusionsForRecords(concluded, accusedHash(concluded.accused))) {
        const record = await accusers.loadRecord(fingerprint);
        const open = await accusers.loadFlags(proposalsToExtend(record, entry, policy));
        const decided = recordConclusion({ record, open }, entry, policy, now);
        // One event can carry several reporters: each is processed once.
        if (decided) await accusers.commitConclusion(decided, `${item.eventId}:${entry.reportId}`, now);
      }
    });
};

export const handler = recordAccusers(createServices());
