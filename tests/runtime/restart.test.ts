/**
 * The runtime killed outright in the middle of a load, then started again on the data it kept:
 * every acknowledged report is still there, a retry of an unanswered one under its key makes no
 * second report, and every report's `ReportSubmitted` is published in the end (counted by the
 * public statistics, which count an event when it is marked published). Whatever the killed relay
 * had not published goes out after the restart, from the stream or through the outbox sweep
 * (run here every 2 s with a 1 s grace period; tests/integration/outbox-sweep.test.ts shows the
 * sweep alone recovering what the relay gave up on).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports.ts';
import { anonymousReport } from '../support/fixtures.ts';
import {
  alive,
  cleanUp,
  type RuntimeChild,
  ready,
  startNpm,
  taggedProcesses,
  waitFor,
} from './support/child.ts';

let child: RuntimeChild | undefined;
afterEach(() => {
  cleanUp(child);
  child = undefined;
});

type Outcome = { key: string; status: number | 'no answer'; reportId?: string; receiptCode?: string };

const submit = async (url: string, key: string): Promise<Outcome> => {
  try {
    const response = await fetch(`${url}/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(anonymousReport(`重启测试 ${key}`)),
    });
    const body = (await response.json()) as { reportId?: string; receiptCode?: string };
    return { key, status: response.status, ...body };
  } catch {
    return { key, status: 'no answer' }; // the connection died with the runtime
  }
};

describe('a runtime killed mid-load and restarted on kept data', () => {
  it('loses no acknowledged report and no event, and a retry makes no second report', async () => {
    const env = {
      ZM_LOCAL_DIR: mkdtempSync(join(tmpdir(), 'zhengming-restart-')), // keys and data, kept
      OUTBOX_SWEEP_GRACE_SECONDS: '1',
      ZM_OUTBOX_SWEEP_SECONDS: '2',
    };
    const port = String(await freePort());
    child = startNpm(['--port', port, '--persist'], env);
    const first = await ready(child);

    // Eight clients submit one report after another until the runtime is killed under them.
    const outcomes: Outcome[] = [];
    let killed = false;
    const clients = Array.from({ length: 8 }, async (_, client) => {
      for (let n = 0; !killed; n++) outcomes.push(await submit(first.url, `restart-${client}-${n}`));
    });
    await waitFor(
      '30 acknowledged reports',
      () => outcomes.filter((o) => o.status === 201).length >= 30,
      120_000,
    );
    process.kill(first.runtimePid, 'SIGKILL');
    killed = true;
    await Promise.all(clients);
    await waitFor('the JVM to end', () => !alive(first.jvmPid), 30_000);
    const tag = child.tag;
    await waitFor('every process to end', () => taggedProcesses(tag).length === 0, 30_000);

    child = startNpm(['--port', port, '--persist'], env);
    const { url } = await ready(child);

    // Every acknowledged report is found by its receipt code.
    const acknowledged = outcomes.filter((o) => o.status === 201);
    for (const { receiptCode, reportId } of acknowledged) {
      const lookup = await fetch(`${url}/receipts/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ receiptCode }),
      });
      expect(lookup.status).toBe(200);
      expect(((await lookup.json()) as { reportId: string }).reportId).toBe(reportId);
    }
    // The unanswered ones, retried under their keys, as a client told nothing would: each ends in
    // one report, the one that may have committed before the kill or a new one.
    const retried = await Promise.all(
      outcomes.filter((o) => o.status !== 201).map(async (o) => submit(url, o.key)),
    );
    expect(retried.map((o) => o.status)).toEqual(retried.map(() => 201));
    const reports = new Set([...acknowledged, ...retried].map((o) => o.reportId));
    expect(reports.size).toBe(acknowledged.length + retried.length);

    // Every one of them published in the end: the public count reaches exactly their number.
    const received = async () =>
      ((await (await fetch(`${url}/stats/public`)).json()) as { reportsReceived: number }).reportsReceived;
    await waitFor('every ReportSubmitted published', async () => (await received()) >= reports.size, 120_000);
    expect(await received()).toBe(reports.size);
  }, 600_000);
});
