/**
 * The evidence check: for each object created in the evidence bucket (S3 event notifications,
 * delivered through SQS), reads the object, compares its size, SHA-256 and leading bytes with its
 * announcement (shared/domain/evidence.ts), marks the attachment AVAILABLE or REJECTED once, and
 * deletes a rejected object. A message that fails is reported back alone and retried
 * (shared/notify/s3-notifications.ts); marking is conditioned on ANNOUNCED, so a retry or a
 * redelivery changes nothing.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { attachmentOfKey, decideUpload, evidenceLimits } from '../../shared/domain/evidence.ts';
import { logger } from '../../shared/logger.ts';
import { processCreatedObjects } from '../../shared/notify/s3-notifications.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { attachmentStore } from '../../shared/store/attachments.ts';
import { type EvidenceStore, evidenceStore } from '../../shared/store/evidence-bucket.ts';

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

  return (event: SQSEvent): Promise<SQSBatchResponse> =>
    processCreatedObjects(event, 'evidence check', checkObject);
};

export const handler = evidenceCheck(createServices());
