/**
 * The accuser-record consumer: a second reader of the table's stream. From each ClueConcluded event
 * it records, for every real-name report whose reporter is verified (by phone or by staff), the
 * conclusion on the reporter's record (by fingerprint) with what the flag policy proposes
 * (shared/domain/accuser-record.ts). An unverified report counts against nobody: someone may have
 * typed another person's ID number. When such a reporter is verified after the conclusion
 * (ReportIdentityVerified), the report is recorded then. Either order ends with the report recorded
 * once: each path reads the other's state after its own was written. Each ClueReopened event (an
 * objection reopened the clue) takes the report off the record again and withdraws the flags resting
 * on it, so a conclusion counts once, and only once it stands.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import {
  type ConclusionForRecord,
  conclusionForReport,
  conclusionsForRecords,
  flagsToReview,
  proposalsToExtend,
  recordConclusion,
  recordReopening,
  reopenedForRecords,
} from '../../shared/domain/accuser-record.ts';
import { type DomainEvent, readEvent } from '../../shared/domain/events.ts';
import { isVerified } from '../../shared/domain/identity-verification.ts';
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
  const policy = services.flagPolicy;

  const record = async ({ fingerprint, entry }: ConclusionForRecord, eventId: string) => {
    const existing = await accusers.loadRecord(fingerprint);
    const open = await accusers.loadFlags(proposalsToExtend(existing, entry, policy));
    const now = services.now();
    const decided = recordConclusion({ record: existing, open }, entry, policy, now);
    // One event can carry several reporters: each is processed once.
    if (decided) await accusers.commitConclusion(decided, `${eventId}:${entry.reportId}`, now);
  };

  const concluded = async (event: DomainEvent<'ClueConcluded'>) => {
    const conclusions = conclusionsForRecords(event, accusedHash(event.accused));
    const verified = new Set(
      (await reports.getMany(conclusions.map((c) => c.entry.reportId)))
        .filter((report) => isVerified(report.identityStatus))
        .map((report) => report.reportId),
    );
    for (const conclusion of conclusions) {
      if (verified.has(conclusion.entry.reportId)) await record(conclusion, event.eventId);
    }
  };

  const verifiedLater = async (event: DomainEvent<'ReportIdentityVerified'>) => {
    const report = await reports.get(event.reportId);
    const clue = report?.clueId ? (await clues.load(report.clueId))?.clue : undefined;
    const conclusion = clue && conclusionForReport(clue, event.reportId, accusedHash(clue.accused));
    if (conclusion) await record(conclusion, event.eventId);
  };

  const reopened = async (event: DomainEvent<'ClueReopened'>) => {
    const now = services.now();
    for (const { fingerprint, reportId } of reopenedForRecords(event)) {
      const existing = await accusers.loadRecord(fingerprint);
      const flags = await accusers.loadFlags(flagsToReview(existing));
      const decided = recordReopening({ record: existing, flags }, reportId, now);
      if (!decided) continue;
      const pepper = (await services.peppers()).audit;
      for (const step of decided.withdrawn) await accusers.saveFlagStep(step, pepper);
      const done = { record: decided.record, flags: [], events: [] };
      await accusers.commitConclusion(done, `${event.eventId}:${reportId}`, now);
    }
  };

  return (stream: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processOutboxInOrder(stream, 'accuser records', async (item) => {
      const types = ['ClueConcluded', 'ClueReopened', 'ReportIdentityVerified'];
      if (!types.includes(item.type)) return;
      const read = readEvent(item.payload);
      if (!('event' in read)) {
        // A version this code cannot read: leave it, say so, and do not hold up the stream.
        logger.warn('accuser records: event of an unknown version left alone', {
          eventId: item.eventId,
          ...read.unknown,
        });
        return;
      }
      if (read.event.type === 'ClueConcluded') await concluded(read.event);
      else if (read.event.type === 'ClueReopened') await reopened(read.event);
      else if (read.event.type === 'ReportIdentityVerified') await verifiedLater(read.event);
    });
};

export const handler = recordAccusers(createServices());
