/**
 * The accuser-record consumer, a second reader of the table's stream: ClueConcluded (and a reporter
 * verified later, ReportIdentityVerified) puts a verified real-name report on its reporter's record,
 * across commissions, with what the flag policy proposes; ClueReopened takes it off again. The rules:
 * shared/domain/accuser-record.ts, accuser-flag.ts (a flag is the commission's whose finding raised it).
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import * as records from '../../shared/domain/accuser-record.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import { consumeOutboxEvents } from '../../shared/notify/stream-batch.ts';
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

  type Consumed = keyof typeof consumers;
  return (stream: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    consumeOutboxEvents(stream, 'accuser records', Object.keys(consumers) as Consumed[], (event) =>
      (consumers[event.type] as (e: DomainEvent<Consumed>) => Promise<void>)(event),
    );
};

export const handler = recordAccusers(createServices());
