/**
 * The evidence check: for each object created in the evidence bucket (S3 event notifications,
 * delivered through SQS), reads the object, compares its size, SHA-256 and leading bytes with its
 * announcement (shared/domain/evidence.ts), marks the attachment AVAILABLE or REJECTED once, and
 * deletes a rejected object. A record that fails is reported back alone (partial batch response)
 * and retried; marking is conditioned on ANNOUNCED, so a retry or a redelivery changes nothing.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { attachmentOfKey, decideUpload, evidenceLimits } from '../../shared/domain/evidence.ts';
import { logger } from '../../shared/logger.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { attachmentStore } from '../../shared/store/attachments.ts';
import { type EvidenceStore, evidenceStore } from '../../shared/store/evidence-bucket.ts';

/** The part of an S3 event notification the check reads. */
interface S3Notification {
  Records?: { eventName?: string; s3?: { object?: { key?: string; versionId?: string } } }[];
}

/** S3 writes keys URL-encoded in notifications, with `+` for a space. */
const keyOf = (encoded: string) => decodeURIComponent(encoded.replace(/\+/g, ' '));

export const evidenceCheck = (services: Services, bucket: EvidenceStore = evidenceStore()) => {
  const attachments = attachmentStore(services);

  const checkObject = async (key: string, versionId: string | undefined) => {
    const named = attachmentOfKey(key);
    if (!named) return logger.warn('evidence check: an object the service did not name, left alone', { key });
    const attachment = await attachments.get(named.attachmentId);
    // No announcement (or one expired and deleted): nothing may stay in the bucket without one.
    if (!attachment || attachment.reportId !== named.reportId) return bucket.remove(key, versionId);
    // A rejected file is deleted, also when the deletion after marking it did not happen.
    if (attachment.status === 'REJECTED') return bucket.remove(key, versionId);
    if (attachment.status === 'AVAILABLE') {
      // In the cloud an upload URL only takes the announced bytes (its signed checksum), so a
      // second PUT stores the same file again: that extra version goes.
      if (versionId && attachment.versionId && versionId !== attachment.versionId)
        await bucket.remove(key, versionId);
      return;
    }
    const stored = await bucket.read(key, evidenceLimits.fileBytes, versionId);
    if (!stored) return; // deleted in between; the announcement expires
    const verdict = decideUpload(attachment, stored);
    await attachments.markChecked(
      attachment,
      verdict,
      services.now().toISOString(),
      stored.versionId ?? versionId,
    );
    if (verdict.status === 'REJECTED') {
      logger.info('evidence check: file rejected', {
        attachmentId: attachment.attachmentId,
        reason: verdict.reason,
      });
      await bucket.remove(key, stored.versionId ?? versionId);
    }
  };

  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const notification = JSON.parse(record.body) as S3Notification;
        for (const s3Record of notification.Records ?? []) {
          const object = s3Record.s3?.object;
          if (!s3Record.eventName?.startsWith('ObjectCreated:') || !object?.key) continue;
          await checkObject(keyOf(object.key), object.versionId);
        }
      } catch (error) {
        logger.error('evidence check: record failed', { messageId: record.messageId, error: String(error) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
};

export const handler = evidenceCheck(createServices());
