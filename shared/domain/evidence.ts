/**
 * Evidence (证据材料): the files a reporter attaches to a report. Which files are accepted, how many,
 * and whether an uploaded file is what it was declared to be. Pure rules: the announce handler and
 * the upload check worker load and commit around them.
 *
 * An attachment is ANNOUNCED when the reporter declares it (name, type, size, SHA-256) and gets a
 * short-lived upload URL bound to that size, type and hash; the check that follows the upload
 * makes it AVAILABLE, or REJECTED when the stored bytes are not what was declared (and the object
 * is deleted). An announcement never uploaded expires.
 */
import type { HistoryFacts } from './audit.ts';
import { DomainError } from './errors.ts';
import type { Role } from './roles.ts';

export type AttachmentStatus = 'ANNOUNCED' | 'AVAILABLE' | 'REJECTED';
export const attachmentStatuses = ['ANNOUNCED', 'AVAILABLE', 'REJECTED'] as const;

/** Why a file was rejected: its size, its hash, or its leading bytes differ from what was declared. */
export type RejectionReason = 'SIZE_MISMATCH' | 'HASH_MISMATCH' | 'TYPE_MISMATCH';

export const evidenceLimits = {
  fileBytes: 20_971_520, // 20 MiB
  filesPerReport: 20,
  bytesPerReport: 104_857_600, // 100 MiB
  /** How long an upload URL and a download URL stay valid. */
  uploadUrlSeconds: 900,
  downloadUrlSeconds: 300,
  /** An announcement not uploaded is deleted (TTL) this long after its URL expired. */
  announcedGraceSeconds: 86_400,
} as const;

const bytesOf = (text: string) => [...text].map((c) => c.charCodeAt(0));
const startsWith = (head: Uint8Array, prefix: readonly number[], at = 0) =>
  head.length >= at + prefix.length && prefix.every((byte, i) => head[at + i] === byte);

/** Plain text: valid UTF-8 with no control characters but tab, newline, carriage return and form feed. */
const isPlainText = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return bytes.every((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0c);
};

const zip = bytesOf('PK\u0003\u0004');
const ftyp = bytesOf('ftyp');

/**
 * The accepted types, each with the leading bytes a genuine file of that type starts with (magic
 * numbers). DOCX is a ZIP package whose parts include `word/`; plain text has no signature, so the
 * whole file must be UTF-8 text.
 */
export const evidenceTypes = {
  'application/pdf': { label: 'PDF', matches: (b: Uint8Array) => startsWith(b, bytesOf('%PDF-')) },
  'image/jpeg': { label: 'JPEG', matches: (b: Uint8Array) => startsWith(b, [0xff, 0xd8, 0xff]) },
  'image/png': {
    label: 'PNG',
    matches: (b: Uint8Array) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  'text/plain': { label: 'TXT', matches: isPlainText },
  'audio/mpeg': {
    label: 'MP3',
    // An ID3v2 tag, or an MPEG audio frame sync (11 set bits).
    matches: (b: Uint8Array) =>
      startsWith(b, bytesOf('ID3')) || (b.length >= 2 && b[0] === 0xff && ((b[1] as number) & 0xe0) === 0xe0),
  },
  'audio/mp4': { label: 'M4A', matches: (b: Uint8Array) => startsWith(b, ftyp, 4) },
  'audio/x-m4a': { label: 'M4A', matches: (b: Uint8Array) => startsWith(b, ftyp, 4) },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    label: 'DOCX',
    matches: (b: Uint8Array) => startsWith(b, zip) && new TextDecoder('latin1').decode(b).includes('word/'),
  },
} as const satisfies Record<string, { label: string; matches: (bytes: Uint8Array) => boolean }>;

export type EvidenceType = keyof typeof evidenceTypes;
export const isEvidenceType = (contentType: string): contentType is EvidenceType =>
  Object.hasOwn(evidenceTypes, contentType);

/** The media type without parameters, lower-cased: `Text/Plain; charset=utf-8` is `text/plain`. */
export const bareMediaType = (contentType: string) => (contentType.split(';')[0] ?? '').trim().toLowerCase();

export const evidenceMessages = {
  unsupportedType: {
    zh: '不支持该文件类型。可上传 PDF、JPEG、PNG、纯文本、MP3/M4A 音频或 DOCX 文档',
    en: 'This type of file is not accepted. Upload PDF, JPEG, PNG, plain text, MP3/M4A audio or DOCX',
  },
  fileTooLarge: {
    zh: '单个文件不得超过 20 MB',
    en: 'A file may be at most 20 MB',
  },
  reportFull: {
    zh: '每件举报最多可附 20 个文件，合计不超过 100 MB',
    en: 'A report may carry at most 20 files and 100 MB in all',
  },
  notAvailable: {
    zh: '该文件尚未通过核验，暂不能下载',
    en: 'This file has not passed its check and cannot be downloaded',
  },
} as const;

export interface Announcement {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

/**
 * Refuses a file that could never be accepted, before any count is taken: a type not on the list
 * (415), a file above 20 MB (413). The report's own limits are the store's conditional update.
 */
export const checkAnnouncement = (announcement: Announcement): EvidenceType => {
  const type = bareMediaType(announcement.contentType);
  if (!isEvidenceType(type)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', evidenceMessages.unsupportedType, [
      { path: 'contentType', code: 'unsupported', message: `${type} is not an accepted type` },
    ]);
  }
  if (announcement.size > evidenceLimits.fileBytes) {
    throw new DomainError('PAYLOAD_TOO_LARGE', evidenceMessages.fileTooLarge, [
      { path: 'size', code: 'too_big', message: `at most ${evidenceLimits.fileBytes} bytes` },
    ]);
  }
  return type;
};

export const reportFull = () =>
  new DomainError('PAYLOAD_TOO_LARGE', evidenceMessages.reportFull, [
    {
      code: 'report_limit',
      message: `at most ${evidenceLimits.filesPerReport} files and ${evidenceLimits.bytesPerReport} bytes a report`,
    },
  ]);

export interface Attachment {
  attachmentId: string;
  reportId: string;
  fileName: string;
  contentType: EvidenceType;
  size: number;
  /** The declared SHA-256, lower-case hex. */
  sha256: string;
  status: AttachmentStatus;
  announcedAt: string;
  /** When the upload URL stops working. */
  uploadBy: string;
  checkedAt?: string | undefined;
  rejection?: RejectionReason | undefined;
  /** The object version that passed the check (a versioned bucket); downloads serve that one. */
  versionId?: string | undefined;
}

/** What the check read back from storage. */
export interface StoredObject {
  size: number;
  /** SHA-256 of the stored bytes, lower-case hex. */
  sha256: string;
  /** The stored bytes (at most the file limit and one byte more are ever read). */
  bytes: Uint8Array;
}

export type UploadVerdict = { status: 'AVAILABLE' } | { status: 'REJECTED'; reason: RejectionReason };

/** Whether what arrived is what was announced: the size, then the hash, then the leading bytes. */
export const decideUpload = (attachment: Attachment, stored: StoredObject): UploadVerdict => {
  if (stored.size !== attachment.size) return { status: 'REJECTED', reason: 'SIZE_MISMATCH' };
  if (stored.sha256 !== attachment.sha256) return { status: 'REJECTED', reason: 'HASH_MISMATCH' };
  if (!evidenceTypes[attachment.contentType].matches(stored.bytes)) {
    return { status: 'REJECTED', reason: 'TYPE_MISMATCH' };
  }
  return { status: 'AVAILABLE' };
};

/** What anyone but the check sees: an announcement whose upload time passed shows as EXPIRED. */
export const shownStatus = (attachment: Attachment, now: Date): AttachmentStatus | 'EXPIRED' =>
  attachment.status === 'ANNOUNCED' && now.toISOString() > attachment.uploadBy
    ? 'EXPIRED'
    : attachment.status;

/** The object key of an attachment: the report's prefix, so a report's files sit together. */
export const evidenceKey = (reportId: string, attachmentId: string) => `reports/${reportId}/${attachmentId}`;

/** The attachment an object key names, or undefined for a key the service did not make. */
export const attachmentOfKey = (key: string): { reportId: string; attachmentId: string } | undefined => {
  const match = /^reports\/(rpt_[A-Za-z0-9_-]{22})\/(att_[A-Za-z0-9_-]{22})$/.exec(key);
  return match ? { reportId: match[1] as string, attachmentId: match[2] as string } : undefined;
};

/**
 * Who handles a report, and so may see and download its files: before registration, intake and
 * approvers; once a clue holds it, the clue's investigator (its assignee) and approvers.
 */
export const handlesReport = (
  actor: { userId: string; roles: readonly string[] },
  report: { clueId?: string | undefined },
  clue: { assignee?: string | undefined } | undefined,
): boolean => {
  if (actor.roles.includes('approver')) return true;
  if (!report.clueId) return actor.roles.includes('intake');
  return actor.roles.includes('investigator') && clue?.assignee === actor.userId;
};

export const notHandling = {
  zh: '您未承办该举报，不能查看其证据材料',
  en: 'You do not handle this report and may not see its evidence',
} as const;

/** The audit facts of a download: which file, never its name (the reporter's words). */
export const downloadFacts = (
  attachment: Attachment,
  acting: { actor: string; role: Role; at: string },
): HistoryFacts => ({
  at: acting.at,
  actor: acting.actor,
  role: acting.role,
  action: 'download-attachment',
  details: {
    reportId: attachment.reportId,
    attachmentId: attachment.attachmentId,
    sha256: attachment.sha256,
  },
});
