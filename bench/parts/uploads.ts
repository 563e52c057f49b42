/**
 * The upload path, apart from the overhead part: evidence goes from the browser straight to the
 * bucket, so what matters is that the presigned URL costs nothing against a plain PutObject of the
 * same file to the same emulator (target: throughput ratio ≥ 0.9). Both are timed interleaved, one
 * after the other per round, in the same process; the presigned PUT is a plain HTTP PUT with the
 * headers the announcement returns (as the browser sends them), the PutObject goes through the SDK.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { evidenceStore } from '../../shared/store/evidence-bucket.ts';

export const uploadTarget = 0.9;

/**
 * The presigned PUT over node:http, the transport the SDK's PutObject uses too, so that the ratio
 * measures the URL and not two HTTP clients (Node's fetch moved large bodies several times slower
 * here than node:http did).
 */
const putWithNodeHttp = (url: string, headers: Record<string, string>, body: Buffer) =>
  new Promise<number>((done, fail) => {
    const req = request(
      url,
      { method: 'PUT', headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    req.end(body);
  });

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

export const benchUploads = async (
  runtime: Pick<LocalRuntime, 'snsEndpoint' | 'evidenceBucket' | 'uploadsSettled'>,
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
      // Each upload sets off the evidence check (which reads the object): let it finish first, so
      // that neither upload is timed against the other's check.
      await runtime.uploadsSettled();
      let started = performance.now();
      const status = await putWithNodeHttp(upload.url, upload.headers, body);
      if (status !== 200) throw new Error(`presigned PUT: ${status}`);
      const presignedMs = performance.now() - started;
      await runtime.uploadsSettled();
      started = performance.now();
      await s3.send(
        new PutObjectCommand({
          Bucket: store.bucket,
          Key: `reports/rpt_bench00000000000000000/plain-${round}`,
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
