/**
 * The evidence bucket: presigned upload and download URLs, and the check worker's reads and
 * deletes. Only the evidence functions import this module, so no other bundle carries the S3 client.
 *
 * An upload URL binds what was announced: Content-Type, Content-Length and the SHA-256 are signed
 * headers (`x-amz-checksum-sha256` is kept a header, not hoisted into the query), so S3 refuses a
 * PUT of another length or type (403) and a body whose SHA-256 differs from the checksum (400).
 * The emulator used locally checks none of that; the check worker's own reading catches the same
 * lies in both places (docs/architecture.md, "Evidence").
 */
import { createHash } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { evidenceBucket } from '../contract/resources.ts';
import type { Attachment, StoredObject } from '../domain/evidence.ts';
import { evidenceKey } from '../domain/evidence.ts';

const bucketName = (): string => {
  const name = process.env[evidenceBucket.env];
  if (!name) throw new Error(`Invalid configuration: ${evidenceBucket.env}: required`);
  return name;
};

/** The client, once per cold start. A local endpoint (the emulator) takes path-style URLs. */
export const evidenceClient = (): S3Client =>
  new S3Client({
    ...(process.env.AWS_ENDPOINT_URL_S3 ? { forcePathStyle: true } : {}),
    // Otherwise the SDK adds a CRC32 of an empty body to every presigned PUT.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

/** RFC 6266 / 5987: a file name in any script, safely quoted. */
const contentDisposition = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

export const evidenceStore = (s3: S3Client = evidenceClient()) => {
  const Bucket = bucketName();
  return {
    bucket: Bucket,

    /** A PUT URL for exactly this file, and the headers the browser must send with it. */
    async uploadUrl(attachment: Attachment, expiresIn: number) {
      const headers = {
        'content-type': attachment.contentType,
        'x-amz-checksum-sha256': hexToBase64(attachment.sha256),
        'x-amz-meta-sha256': attachment.sha256,
      };
      const url = await getSignedUrl(
        s3,
        new PutObjectCommand({
          Bucket,
          Key: evidenceKey(attachment.reportId, attachment.attachmentId),
          ContentType: attachment.contentType,
          ContentLength: attachment.size,
          ChecksumSHA256: headers['x-amz-checksum-sha256'],
          Metadata: { sha256: attachment.sha256 },
        }),
        {
          expiresIn,
          signableHeaders: new Set(['content-type', 'content-length']),
          unhoistableHeaders: new Set(['x-amz-checksum-sha256', 'x-amz-meta-sha256']),
        },
      );
      return { method: 'PUT' as const, url, headers };
    },

    /** A GET URL for the checked version, offered as a download under the reporter's file name. */
    downloadUrl(attachment: Attachment, expiresIn: number): Promise<string> {
      return getSignedUrl(
        s3,
        new GetObjectCommand({
          Bucket,
          Key: evidenceKey(attachment.reportId, attachment.attachmentId),
          ...(attachment.versionId ? { VersionId: attachment.versionId } : {}),
          ResponseContentType: attachment.contentType,
          ResponseContentDisposition: contentDisposition(attachment.fileName),
        }),
        { expiresIn },
      );
    },

    /**
     * Reads an object whole, hashing it as it comes, but never more than `limit` bytes and one:
     * a larger object is already a size mismatch. Undefined when it is gone.
     */
    async read(
      key: string,
      limit: number,
      versionId?: string,
    ): Promise<(StoredObject & { versionId?: string }) | undefined> {
      try {
        const out = await s3.send(
          new GetObjectCommand({ Bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
        );
        const size = Number(out.ContentLength ?? 0);
        const hash = createHash('sha256');
        const chunks: Uint8Array[] = [];
        let kept = 0;
        for await (const chunk of out.Body as AsyncIterable<Uint8Array>) {
          hash.update(chunk);
          if (kept <= limit) chunks.push(chunk);
          kept += chunk.length;
        }
        const bytes = Buffer.concat(chunks);
        return {
          size: Math.max(size, kept),
          sha256: hash.digest('hex'),
          bytes,
          ...(out.VersionId ? { versionId: out.VersionId } : {}),
        };
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },

    /** Deletes one version (or, unversioned, the object); with versioning, nothing of it stays. */
    async remove(key: string, versionId?: string): Promise<void> {
      await s3.send(
        new DeleteObjectCommand({ Bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
      );
    },
  };
};

export type EvidenceStore = ReturnType<typeof evidenceStore>;
