/**
 * DynamoDB Local's JVM as the runtime starts it: a bounded heap, one runtime per kept directory,
 * and a timeout that says it is one. The SNS emulator listens on loopback only.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { startSnsEmulator } from '../../infra/local/sns.ts';
import { alive, waitFor } from './support/child.ts';

describe('DynamoDB Local', () => {
  it('runs with a heap limit, and refuses a second JVM on the same kept data while the first lives', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zhengming-kept-'));
    const first = await startDynamoDbLocal({ dataDir });
    try {
      expect(readFileSync(`/proc/${first.pid}/cmdline`, 'latin1').split('\0')).toContain('-Xmx768m');
      await expect(startDynamoDbLocal({ dataDir })).rejects.toThrow(
        `The data directory ${dataDir} is in use by process ${process.pid}`,
      );
    } finally {
      await first.stop();
    }
    expect(alive(first.pid)).toBe(false);
  }, 240_000);

  it('says "timed out" when it is a timeout, without the start-up banner, and leaves no JVM', async () => {
    // Every descendant seen while it starts: the wrapper and the JVM under it.
    const seen = new Set<number>();
    const watch = setInterval(() => {
      for (const child of childrenOf(process.pid)) {
        seen.add(child);
        for (const grandchild of childrenOf(child)) seen.add(grandchild);
      }
    }, 10);
    const failure = await startDynamoDbLocal({ readinessCapMs: 1 }).catch((error: Error) => error);
    clearInterval(watch);
    expect(String(failure)).toMatch(/DynamoDB Local timed out: still not serving after 0 s$/);
    expect(seen.size).toBeGreaterThan(0);
    await waitFor('the JVM to end', () => [...seen].every((pid) => !alive(pid)), 15_000);
  }, 120_000);
});

describe('the SNS emulator', () => {
  it('listens on 127.0.0.1 only', async () => {
    const emulator = await startSnsEmulator();
    try {
      expect(new URL(emulator.endpoint).hostname).toBe('127.0.0.1');
    } finally {
      await emulator.stop();
    }
  });
});

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
