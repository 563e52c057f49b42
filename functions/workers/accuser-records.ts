/**
 * The accuser-record consumer: a second reader of the table's stream that takes each ClueConcluded
 * event and, for every real-name report in it, updates the reporter's record (by fingerprint) and
 * writes what the flag policy proposes. Anonymous reports never create or touch a record.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { Finding } from '../../shared/domain/findings.ts';
import { matterKey } from '../../shared/domain/flag-policy.ts';
import { processOutboxInOrder } from '../../shared/notify/stream-batch.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { accusedHash } from '../../shared/store/clues.ts';

interface ClueConcludedEvent {
  eventId: string;
  clueId: string;
  concludedAt: string;
  accused: { name: string; organization: string };
  allegations: { reportId: string; summary: string }[];
  reports: { reportId: string; reporterKind: string; reporterFingerprint?: string; outcome?: Finding }[];
}

export const recordAccusers = (services: Services) => {
  const accusers = accuserStore(services);
  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processOutboxInOrder(event, 'accuser records', async (item) => {
      if (item.type !== 'ClueConcluded') return;
      const concluded = JSON.parse(item.payload) as ClueConcludedEvent;
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
