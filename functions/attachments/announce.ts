/**
 * POST /receipts/attachments: a reporter announces an evidence file by receipt code and gets a
 * short-lived upload URL bound to the declared size, type and SHA-256 (docs/api.md). The file goes
 * straight to the evidence bucket; the check worker decides what it is once it arrives.
 */
import * as attachmentsRoutes from '../../shared/contract/routes/attachments.ts';
import {
  type Attachment,
  checkAnnouncement,
  evidenceLimits,
  reportFull,
} from '../../shared/domain/evidence.ts';
import { newId } from '../../shared/domain/ids.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { attachmentStore } from '../../shared/store/attachments.ts';
import { type EvidenceStore, evidenceStore } from '../../shared/store/evidence-bucket.ts';
import { receiptHolder } from '../../shared/store/receipt-holder.ts';

export const announceAttachment = (services: Services, bucket: EvidenceStore = evidenceStore()) => {
  const holder = receiptHolder(services);
  const attachments = attachmentStore(services);
  return httpHandler(attachmentsRoutes.announceAttachment, async ({ body, sourceIp }) => {
    // The code first: an unknown code is the same 404 whatever else the request says.
    const report = await holder.resolve(body.receiptCode, sourceIp);
    const contentType = checkAnnouncement(body);
    const now = services.now();
    const attachment: Attachment = {
      attachmentId: newId('att'),
      reportId: report.reportId,
      fileName: body.fileName,
      contentType,
      size: body.size,
      sha256: body.sha256.toLowerCase(),
      status: 'ANNOUNCED',
      announcedAt: now.toISOString(),
      uploadBy: new Date(now.getTime() + evidenceLimits.uploadUrlSeconds * 1000).toISOString(),
    };
    if (!(await attachments.announce(attachment))) throw reportFull();
    const upload = await bucket.uploadUrl(attachment, evidenceLimits.uploadUrlSeconds);
    return {
      status: 201,
      body: { attachmentId: attachment.attachmentId, upload, expiresAt: attachment.uploadBy },
    };
  });
};

export const handler = announceAttachment(createServices());
