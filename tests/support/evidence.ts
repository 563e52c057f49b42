/**
 * A reporter's file on the local runtime: announced on the receipt, uploaded through the presigned
 * URL to the emulator's bucket, and looked for there.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { localClientConfig } from '../../infra/local/aws-env.ts';

/** The smallest PDF the check worker takes for one. */
export const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n');

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The reporter attaches a receipt (收据.pdf) to the report; answers the attachment's id. */
export const attachFile = async (
  api: { post(path: string, body: unknown): Promise<{ status: number; body: any }> },
  receiptCode: string,
  bytes: Buffer = pdf,
) => {
  const announced = await api.post('/receipts/attachments', {
    receiptCode,
    fileName: '收据.pdf',
    contentType: 'application/pdf',
    size: bytes.length,
    sha256: sha256(bytes),
  });
  expect(announced.status, JSON.stringify(announced.body)).toBe(201);
  const put = await fetch(announced.body.upload.url, {
    method: 'PUT',
    headers: announced.body.upload.headers,
    body: bytes,
  });
  expect(put.status).toBe(200);
  return announced.body.attachmentId as string;
};

/** Whether the evidence bucket still holds the file. */
export const storedInBucket = async (
  runtime: { snsEndpoint: string; evidenceBucket: string },
  reportId: string,
  attachmentId: string,
) => {
  const s3 = new S3Client({ ...localClientConfig(runtime.snsEndpoint), forcePathStyle: true });
  try {
    await s3.send(
      new GetObjectCommand({ Bucket: runtime.evidenceBucket, Key: `reports/${reportId}/${attachmentId}` }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return false;
    throw error;
  } finally {
    s3.destroy();
  }
};
