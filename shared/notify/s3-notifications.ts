/**
 * S3 event notifications delivered through SQS, as a consumer with ReportBatchItemFailures sees
 * them: every object-created record of every message is handed over with its decoded key; a message
 * whose handling fails is reported back alone, so SQS redelivers just that one (and, past its
 * retries, moves it to the dead-letter queue). Order does not matter here: each object is checked
 * on its own.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../logger.ts';

/** The part of an S3 event notification a consumer reads. */
interface S3Notification {
  Records?: { eventName?: string; s3?: { object?: { key?: string; versionId?: string } } }[];
}

/** S3 writes keys URL-encoded in notifications, with `+` for a space. */
export const objectKeyOf = (encoded: string) => decodeURIComponent(encoded.replace(/\+/g, ' '));

export const processCreatedObjects = async (
  event: SQSEvent,
  consumer: string,
  handle: (key: string, versionId: string | undefined) => Promise<void>,
): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const notification = JSON.parse(record.body) as S3Notification;
      for (const s3Record of notification.Records ?? []) {
        const object = s3Record.s3?.object;
        if (!s3Record.eventName?.startsWith('ObjectCreated:') || !object?.key) continue;
        await handle(objectKeyOf(object.key), object.versionId);
      }
    } catch (error) {
      logger.error(`${consumer}: record failed`, { messageId: record.messageId, error: String(error) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
