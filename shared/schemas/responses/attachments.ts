/**
 * Response bodies of the evidence routes. Only the OpenAPI document builds them; handlers and pages
 * import their types alone.
 */
import * as z from 'zod';
import { attachmentStatuses } from '../../domain/evidence.ts';

export const AnnouncedAttachment = z
  .object({
    attachmentId: z.string(),
    upload: z.object({
      method: z.literal('PUT'),
      url: z.string(),
      headers: z.record(z.string(), z.string()),
    }),
    expiresAt: z.iso.datetime(),
  })
  .meta({
    id: 'AnnouncedAttachment',
    description:
      'PUT the file to upload.url with exactly upload.headers before expiresAt; the URL is bound to the declared size, type and SHA-256',
  });
export type AnnouncedAttachment = z.infer<typeof AnnouncedAttachment>;

const Status = z.enum([...attachmentStatuses, 'EXPIRED']);

/** What a reporter sees of their files in the lookup. */
export const ReporterAttachment = z
  .object({ attachmentId: z.string(), fileName: z.string(), size: z.number().int(), status: Status })
  .meta({ id: 'ReporterAttachment' });

export const Attachment = z
  .object({
    attachmentId: z.string(),
    reportId: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    status: Status,
    announcedAt: z.iso.datetime(),
    checkedAt: z.iso.datetime().optional(),
    rejection: z.enum(['SIZE_MISMATCH', 'HASH_MISMATCH', 'TYPE_MISMATCH']).optional(),
  })
  .meta({ id: 'Attachment' });
export type Attachment = z.infer<typeof Attachment>;

export const AttachmentList = z.object({ items: z.array(Attachment) }).meta({ id: 'AttachmentList' });

export const AttachmentDownload = z
  .object({ url: z.string(), expiresAt: z.iso.datetime() })
  .meta({ id: 'AttachmentDownload', description: 'A short-lived GET URL for the checked file' });
