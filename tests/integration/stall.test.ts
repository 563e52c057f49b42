/**
 * A real stall: this file's own DynamoDB Local JVM is paused (SIGSTOP) past the function's
 * timeout while submissions are on the wire, then resumed. Before, the early timeout answered
 * 503 UNAVAILABLE while the transaction was still in flight; it committed on resume, and a
 * client that retried as told made a second report whose receipt code nobody had seen.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import { type LocalDynamoDb, startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.ts';
import { anonymousReport } from '../support/fixtures.ts';

let dynamo: LocalDynamoDb;
let runtime: LocalRuntime;
let jvmPid: number;

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  // This file's own JVM (the shared one serves other files), not the wrapper that watches it.
  jvmPid = dynamo.pid;
  runtime = await startLocalRuntime({
    dynamoDbEndpoint: dynamo.endpoint,
    snsEndpoint: inject('snsEndpoint'),
    tableName: `zhengming-${randomBytes(4).toString('hex')}`,
    // The pause makes the stream poller and the handlers log their timeouts, on purpose.
    env: { LOG_LEVEL: 'SILENT' },
    streamBatchingWindowMs: 0,
  });
}, 240_000);

afterAll(async () => {
  if (jvmPid) process.kill(jvmPid, 'SIGCONT');
  await runtime?.stop();
  await dynamo?.stop();
});

const post = async (body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${runtime.url}/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
};

/** The reports stored with this allegation summary (a scan: fine for a test, never in the service). */
const reportsSaying = async (summary: string) => {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(dynamo.endpoint)));
  try {
    const out = await db.send(
      new ScanCommand({
        TableName: runtime.tableName,
        FilterExpression: 'entity = :report',
        ExpressionAttributeValues: { ':report': 'Report' },
      }),
    );
    return (out.Items ?? []).filter((item) =>
      (item.allegations as { summary: string }[]).some((a) => a.summary === summary),
    );
  } finally {
    db.destroy();
  }
};

describe('a submission while DynamoDB is paused past the timeout', () => {
  it('is answered OUTCOME_UNKNOWN, and a retry of it makes exactly one report', async () => {
    // Anonymous, so the transaction is the first call that meets the pause (a real-name report
    // reads the reporter's flag first, and a read cut short is a plain UNAVAILABLE).
    const keyed = anonymousReport(`有键提交 ${randomUUID()}`);
    const unkeyed = anonymousReport(`无键提交 ${randomUUID()}`);
    const key = randomUUID();
    expect((await post(anonymousReport('暂停前的一份'))).status).toBe(201);

    process.kill(jvmPid, 'SIGSTOP');
    let during: Awaited<ReturnType<typeof post>>[];
    try {
      during = await Promise.all([post(keyed, { 'idempotency-key': key }), post(unkeyed)]);
    } finally {
      process.kill(jvmPid, 'SIGCONT');
    }
    for (const response of during) {
      // Not "failed": the transaction may still commit, and here the client is told so.
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('OUTCOME_UNKNOWN');
      expect(response.headers.get('retry-after')).toBe('1');
    }

    // The retries the answer asks for: the same request, the same key where there was one.
    const retried = [await post(keyed, { 'idempotency-key': key }), await post(unkeyed)];
    for (const response of retried) expect(response.status).toBe(201);
    const [keyedReports, unkeyedReports] = [
      await reportsSaying(keyed.allegations[0]?.summary as string),
      await reportsSaying(unkeyed.allegations[0]?.summary as string),
    ];
    expect(keyedReports.map((r) => r.reportId)).toEqual([retried[0]?.body.reportId]);
    expect(unkeyedReports.map((r) => r.reportId)).toEqual([retried[1]?.body.reportId]);

    // The receipt the retry returned is the one that works.
    const lookup = await fetch(`${runtime.url}/receipts/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ receiptCode: retried[1]?.body.receiptCode }),
    });
    expect(((await lookup.json()) as { reportId: string }).reportId).toBe(retried[1]?.body.reportId);
  }, 120_000);

  it('still makes two reports of two answered submissions that read the same', async () => {
    const same = anonymousReport(`两份相同的举报 ${randomUUID()}`);
    const first = await post(same);
    const second = await post(same);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.reportId).not.toBe(first.body.reportId);
    expect(await reportsSaying(same.allegations[0]?.summary as string)).toHaveLength(2);
  });
});
