/**
 * The upload path, apart from the overhead part: evidence goes from the browser straight to the
 * bucket, so what matters is that the presigned URL costs nothing against a plain PutObject of the
 * same file to the same emulator (target: throughput ratio ≥ 0.9). Both are timed interleaved, one
 * after the other per round, in the same process; the presigned PUT is a plain fetch with the
 * headers the announcement returns (as the browser sends them), the PutObject goes through the SDK.
 */
import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { evidenceStore } from '../../shared/store/evidence-bucket.ts';

export const uploadTarget = 0.9;

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

export const benchUploads = async (
  runtime: Pick<LocalRuntime, 'snsEndpoint' | 'evidenceBucket'>,
  options: { rounds: number; sizes?: number[] },
) => {
  const s3 = new S3Client({
    ...localClientConfig(runtime.snsEndpoint),
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const store = evidenceStore(s3);
  const rows = [];
  for (const size of options.sizes ?? [1_048_576, 10_485_760]) {
    const body = Buffer.alloc(size, 0x41);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const presigned: number[] = [];
    const plain: number[] = [];
    for (let round = 0; round < options.rounds + 2; round++) {
      const id = `att_${String(round).padStart(22, '0')}`;
      const attachment = {
        attachmentId: id,
        reportId: 'rpt_bench00000000000000000',
        fileName: 'bench.txt',
        contentType: 'text/plain' as const,
        size,
        sha256,
        status: 'ANNOUNCED' as const,
        announcedAt: new Date().toISOString(),
        uploadBy: new Date().toISOString(),
      };
      const upload = await store.uploadUrl(attachment, 900);
      let started = performance.now();
      const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body });
      if (!put.ok) throw new Error(`presigned PUT: ${put.status}`);
      const presignedMs = performance.now() - started;
      started = performance.now();
      await s3.send(
        new PutObjectCommand({
          Bucket: store.bucket,
          Key: `bench/plain-${round}`,
          Body: body,
          ContentType: 'text/plain',
        }),
      );
      const plainMs = performance.now() - started;
      if (round >= 2) {
        presigned.push(presignedMs);
        plain.push(plainMs);
      }
    }
    const mbps = (ms: number) => Math.round((size / 1_048_576 / (ms / 1000)) * 10) / 10;
    rows.push({
      sizeBytes: size,
      presignedMBps: mbps(median(presigned)),
      putObjectMBps: mbps(median(plain)),
      // Throughput of the presigned PUT over PutObject's: ≥ 0.9 is the target.
      ratio: Math.round((median(plain) / median(presigned)) * 100) / 100,
    });
  }
  s3.destroy();
  console.log(
    `\nUploads: presigned PUT against PutObject, same file, same emulator (target: ratio ≥ ${uploadTarget})`,
  );
  console.table(rows);
  return { target: uploadTarget, rows };
};
