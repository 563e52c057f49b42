/**
 * The accuser-record consumer: a second reader of the table's stream. Each ClueConcluded event puts
 * every real-name report of a verified reporter on the reporter's record (by fingerprint, across
 * commissions), with what the flag policy proposes; a flag belongs to the commission of the finding
 * that raised it (shared/domain/accuser-record.ts, accuser-flag.ts). A reporter verified after the
 * conclusion (ReportIdentityVerified) is recorded then; either order records the report once. Each
 * ClueReopened event takes the report off the record again and withdraws the flags resting on it.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import * as records from '../../shared/domain/accuser-record.ts';
import { type DomainEvent, readEvent } from '../../shared/domain/events.ts';
import { logger } from '../../shared/logger.ts';
import { processOutboxInOrder } from '../../shared/notify/stream-batch.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { accusedHash, clueStore } from '../../shared/store/clues.ts';
import { reportStore } from '../../shared/store/reports.ts';

export const recordAccusers = (services: Services) => {
  const accusers = accuserStore(services);
  const reports = reportStore(services);
  const clues = clueStore(services);
  const record = (counted: records.ConclusionForRecord, once: string) =>
    accusers.recordConclusionOnce(counted, once, services.flagPolicy, services.now());

  const consumers = {
    ClueConcluded: async (event: DomainEvent<'ClueConcluded'>) => {
      const conclusions = records.conclusionsForRecords(event, accusedHash(event.accused));
      const found = await reports.getMany(conclusions.map((c) => c.entry.reportId));
      // One event can carry several reporters: each report is processed once.
      for (const counted of records.countedConclusions(conclusions, found))
        await record(counted, `${event.eventId}:${counted.entry.reportId}`);
    },
    ReportIdentityVerified: async (event: DomainEvent<'ReportIdentityVerified'>) => {
      const report = await reports.get(event.reportId);
      const clue = report?.clueId ? (await clues.load(report.clueId))?.clue : undefined;
      const conclusion = clue && records.conclusionForReport(clue, event.reportId, accusedHash(clue.accused));
      const counted = conclusion && records.countedConclusion(conclusion, report);
      if (counted) await record(counted, event.eventId);
    },
    ClueReopened: async (event: DomainEvent<'ClueReopened'>) => {
      const pepper = (await services.peppers()).audit;
      for (const off of records.reopenedForRecords(event))
        await accusers.takeOffRecord(off, `${event.eventId}:${off.reportId}`, services.now(), pepper);
    },
  };

  return (stream: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processOutboxInOrder(stream, 'accuser records', async (item) => {
      if (!Object.hasOwn(consumers, item.type)) return;
      const read = readEvent(item.payload);
      // A version this code cannot read: leave it, say so, and do not hold up the stream.
      if (!('event' in read)) {
        const { eventId } = item;
        return logger.warn('accuser records: event of an unknown version left alone', {
          eventId,
          ...read.unknown,
        });
      }
      const consume = consumers[read.event.type as keyof typeof consumers] as (
        e: DomainEvent,
      ) => Promise<void>;
      await consume(read.event);
    });
};

export const handler = recordAccusers(createServices());
