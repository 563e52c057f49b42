/**
 * Evidence: a reporter announces a file with the receipt code and uploads it straight to the
 * evidence bucket through a short-lived URL; staff handling the report list the files and download
 * a checked one through a short-lived URL. Part of the route table (shared/contract/routes.ts).
 */
import { AnnounceAttachmentRequest } from '../../schemas/attachments.ts';
import type { RouteDef } from './route-def.ts';

export const announceAttachment = {
  method: 'POST',
  path: '/receipts/attachments',
  entry: 'functions/attachments/announce.ts',
  access: 'public',
  summary:
    'Announce an evidence file (name, type, size, SHA-256) by receipt code; answers with an upload URL bound to them',
  body: AnnounceAttachmentRequest,
  maxBodyBytes: 4_096, // 4 KiB
  // Writes too: the per-client miss counter and the report's file count live in the table.
  uses: { table: 'readWrite', peppers: true, bucket: 'put' },
  responses: { 201: 'AnnouncedAttachment' },
  errors: [400, 404, 413, 415, 429, 503],
} as const satisfies RouteDef;

export const listAttachments = {
  method: 'GET',
  path: '/reports/{reportId}/attachments',
  entry: 'functions/attachments/list.ts',
  access: ['intake', 'investigator', 'approver'],
  summary: "A report's evidence files and their check status (staff handling the report)",
  auditRead: { kind: 'REPORT', subject: { param: 'reportId' } },
  uses: { table: 'read' },
  responses: { 200: 'AttachmentList' },
  errors: [401, 403, 404, 503],
} as const satisfies RouteDef;

export const downloadAttachment = {
  method: 'POST',
  path: '/attachments/{attachmentId}/download',
  entry: 'functions/attachments/download.ts',
  access: ['intake', 'investigator', 'approver'],
  summary: 'A short-lived download URL for a checked evidence file; each download goes on the audit trail',
  maxBodyBytes: 1_024,
  auditRead: { kind: 'ATTACHMENT', subject: { param: 'attachmentId' } },
  uses: { table: 'readWrite', peppers: true, bucket: 'read' },
  responses: { 200: 'AttachmentDownload' },
  errors: [401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const attachmentsRoutes = {
  announceAttachment,
  listAttachments,
  downloadAttachment,
} as const satisfies Record<string, RouteDef>;
