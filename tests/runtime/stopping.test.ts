/**
 * `npm start` as a user runs it, stopped in every way it can be: nothing may be left running, and
 * nothing accepted may be cut off. Each test starts its own runtime (about 10–60 s on a busy
 * machine) and finds its processes by a tag in their environment (support/child.ts).
 */
import { createServer } from 'node:net';
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

/** What the runtime itself printed to stderr, without npm's own lines. */
const ownLines = (stderr: string) =>
  stderr.split('\n').filter((line) => line.trim() && !line.startsWith('npm '));

describe('npm start refuses at once', () => {
  it('on a taken port: one line, a non-zero exit within seconds, nothing started', async () => {
    const port = await freePort();
    const holder = createServer();
    await new Promise<void>((done) => holder.listen(port, '127.0.0.1', done));
    try {
      child = startNpm(['--port', String(port)]);
      const { code, afterMs } = await child.exited;
      expect(code).not.toBe(0);
      expect(afterMs).toBeLessThan(10_000 + 20_000); // npm and tsx alone take seconds on a loaded machine
      expect(ownLines(child.stderr())).toEqual([expect.stringContaining(`Port ${port} is already in use`)]);
      expect(child.stdout()).not.toContain('DynamoDB Local');
      expect(taggedProcesses(child.tag)).toEqual([]);
    } finally {
      holder.close();
    }
  }, 60_000);

  it('on an unknown option: the usage in one line', async () => {
    child = startNpm(['--prot', '3905']);
    const { code } = await child.exited;
    expect(code).toBe(2);
    expect(ownLines(child.stderr())).toEqual([
      "Unknown option '--prot'; usage: npm start -- [--port <n>] [--persist | --data-dir <dir>]",
    ]);
  }, 60_000);
});

describe('npm start stops everything', () => {
  it('on SIGTERM, answers every request in flight before it stops, and leaves nothing running', async () => {
    // Every API call waits 3 s first (the runtime's fault hook), so the requests are still
    // running when the signal arrives.
    child = startNpm(['--port', String(await freePort())], { ZM_LOCAL_HANDLER_DELAY_MS: '3000' });
    const { url, runtimePid, jvmPid } = await ready(child);
    const submits = Array.from({ length: 4 }, (_, i) =>
      fetch(`${url}/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `drain-${i}-${child?.tag}` },
        body: JSON.stringify(anonymousReport(`排水测试 ${i}`)),
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { receiptCode?: string },
      })),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    process.kill(runtimePid, 'SIGTERM');
    const answers = await Promise.all(submits);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    for (const { body } of answers) expect(body.receiptCode).toEqual(expect.any(String));
    const { code } = await child.exited;
    expect(code).toBe(0);
    expect(alive(jvmPid)).toBe(false);
    expect(taggedProcesses(child.tag)).toEqual([]);
  }, 300_000);

  it.each([
    // SIGINT takes the same path as these two (Ctrl-C also reaches the JVM's wrapper directly).
    ['SIGHUP', 'the runtime'],
    ['SIGTERM', 'npm alone'],
  ] as const)(
    'on %s to %s, leaves no process behind',
    async (signal, target) => {
      child = startNpm(['--port', String(await freePort())]);
      const { runtimePid, jvmPid } = await ready(child);
      expect(alive(jvmPid)).toBe(true);
      process.kill(target === 'npm alone' ? (child.npm.pid as number) : runtimePid, signal);
      await child.exited;
      const tag = child.tag;
      await waitFor('every process to end', () => taggedProcesses(tag).length === 0, 30_000);
      expect(alive(jvmPid)).toBe(false);
    },
    300_000,
  );

  it('when the runtime is killed outright, the JVM goes within seconds', async () => {
    child = startNpm(['--port', String(await freePort())]);
    const { runtimePid, jvmPid } = await ready(child);
    process.kill(runtimePid, 'SIGKILL');
    const killedAt = Date.now();
    await waitFor('the JVM to end', () => !alive(jvmPid), 15_000);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    const tag = child.tag;
    await waitFor('every process to end', () => taggedProcesses(tag).length === 0, 15_000);
  }, 300_000);

  it('tells the truth on /health when DynamoDB Local stalls, and exits non-zero when it dies', async () => {
    child = startNpm(['--port', String(await freePort())]);
    const { url, jvmPid } = await ready(child);
    // The first probe pays for the SDK's first connection: on a loaded machine it may miss.
    let healthy = await fetch(`${url}/health`);
    for (const deadline = Date.now() + 30_000; healthy.status !== 200 && Date.now() < deadline; )
      healthy = await fetch(`${url}/health`);
    expect(healthy.status).toBe(200);
    process.kill(jvmPid, 'SIGSTOP');
    try {
      // The probe's answer is kept for a second; the stalled probe gives up after another.
      let stalled = await fetch(`${url}/health`);
      for (const deadline = Date.now() + 30_000; stalled.status !== 503 && Date.now() < deadline; )
        stalled = await fetch(`${url}/health`);
      expect(stalled.status).toBe(503);
      expect(stalled.headers.get('retry-after')).toBe('1');
      expect(((await stalled.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
    } finally {
      process.kill(jvmPid, 'SIGCONT');
    }
    process.kill(jvmPid, 'SIGKILL');
    const { code } = await child.exited;
    expect(code).not.toBe(0);
    expect(ownLines(child.stderr()).filter((line) => line.includes('DynamoDB Local'))).toEqual([
      `DynamoDB Local (pid ${jvmPid}) was killed (SIGKILL); the runtime cannot serve without it: finishing requests in flight, then stopping the workers, the SNS emulator and DynamoDB Local…`,
    ]);
    const tag = child.tag;
    await waitFor('every process to end', () => taggedProcesses(tag).length === 0, 30_000);
  }, 300_000);
});
