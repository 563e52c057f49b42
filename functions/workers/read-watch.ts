/**
 * The read watch: a reader of the table's stream that takes each new read record
 * (shared/store/read-records.ts), notes the case file on its member's watch item, and alerts the
 * auditors (topic `alerts`, through the outbox) once per window when a member has opened unusually
 * many distinct case files (shared/domain/read-audit.ts decides). Off the request path, so an
 * audited read costs one write; the alert follows the read within the batching window.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import {
  countsAsCaseFile,
  decideWatch,
  type ReadRecord,
  type ReadWatchPolicy,
  unusualReadingAlert,
} from '../../shared/domain/read-audit.ts';
import { logger } from '../../shared/logger.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { readWatchStore } from '../../shared/store/read-watch.ts';

export const watchReads = (services: Services) => {
  const watches = readWatchStore(services);
  const policy: ReadWatchPolicy = {
    threshold: services.config.READ_WATCH_THRESHOLD,
    windowSeconds: services.config.READ_WATCH_WINDOW_SECONDS,
  };
  const stale = new Map<string, string[]>();

  const watch = async (read: ReadRecord) => {
    if (!countsAsCaseFile(read.subjectKind)) return;
    const member = `${read.commissionId}#${read.userId}`;
    const at = Math.floor(Date.parse(read.at) / 1000);
    const decision = decideWatch(await watches.note(read, at, stale.get(member) ?? []), policy, at);
    stale.set(member, decision.stale);
    if (!decision.alert) return;
    if (await watches.alert(read, decision, at, unusualReadingAlert(read, decision, policy, at)))
      logger.warn('unusual reading alerted', { userId: read.userId, distinctFiles: decision.distinct });
  };

  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const [index, record] of event.Records.entries()) {
      const image = record.dynamodb?.NewImage;
      if (record.eventName !== 'INSERT' || image?.entity?.S !== 'ReadRecord') continue;
      try {
        await watch(unmarshall(image as Parameters<typeof unmarshall>[0]) as ReadRecord);
      } catch (error) {
        logger.error('read watch failed', { errorName: (error as Error).name });
        return {
          batchItemFailures: event.Records.slice(index).map((r) => ({
            itemIdentifier: r.dynamodb?.SequenceNumber ?? '',
          })),
        };
      }
    }
    return { batchItemFailures: [] };
  };
};

export const handler = watchReads(createServices());
