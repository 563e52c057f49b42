/** The local runtime's small decisions: which Java will do, which caller gets a page, the data lock. */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkJava, javaMajorVersion, LocalStartError } from '../../infra/local/jvm.ts';
import { lockDataDir } from '../../infra/local/lock.ts';
import { acceptsJsonOnly } from '../../infra/local/web.ts';
import { cachedProbe } from '../../shared/store/health.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'zhengming-unit-'));

describe('Java for DynamoDB Local', () => {
  it('reads the major version from both version styles', () => {
    expect(javaMajorVersion('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(javaMajorVersion('java version "1.8.0_292"')).toBe(8);
    expect(javaMajorVersion('openjdk version "21" 2023-09-19')).toBe(21);
    expect(javaMajorVersion('no version here')).toBeUndefined();
  });

  it('says "needs Java 17+" when there is no java at all, instead of spawn ENOENT', async () => {
    const missing = checkJava(join(scratch(), 'java'));
    await expect(missing).rejects.toThrow(LocalStartError);
    await expect(missing).rejects.toThrow(/needs Java 17\+/);
  });

  it('says so too when the java found is older than 17', async () => {
    const java = join(scratch(), 'java');
    writeFileSync(java, '#!/bin/sh\necho \'openjdk version "11.0.2" 2019-01-15\' >&2\n');
    chmodSync(java, 0o755);
    await expect(checkJava(java)).rejects.toThrow(/Found Java 11\. DynamoDB Local needs Java 17\+/);
  });
});

describe('pages for page navigations', () => {
  it('serves the page to curl, browsers and callers without Accept, the 404 to JSON-only callers', () => {
    expect(acceptsJsonOnly(undefined)).toBe(false);
    expect(acceptsJsonOnly('*/*')).toBe(false);
    expect(acceptsJsonOnly('text/html,application/xhtml+xml,*/*;q=0.8')).toBe(false);
    expect(acceptsJsonOnly('application/json, text/plain, */*')).toBe(false);
    expect(acceptsJsonOnly('application/json')).toBe(true);
    expect(acceptsJsonOnly('application/problem+json, application/json;q=0.9')).toBe(true);
  });
});

describe('the lock on a kept data directory', () => {
  it('refuses while its holder lives, in one line naming the pid', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'zhengming.lock'), JSON.stringify({ runtime: 999_999_999, jvm: process.ppid }));
    expect(() => lockDataDir(dir)).toThrow(
      new LocalStartError(
        `The data directory ${dir} is in use by process ${process.ppid} (another runtime or its DynamoDB Local); stop it or choose another --data-dir.`,
      ),
    );
  });

  it('takes over a lock whose runtime and JVM are both gone, and gives it back', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'zhengming.lock'), JSON.stringify({ runtime: 999_999_998, jvm: 999_999_999 }));
    const lock = lockDataDir(dir);
    lock.hold(4242);
    expect(JSON.parse(readFileSync(join(dir, 'zhengming.lock'), 'utf8'))).toEqual({
      runtime: process.pid,
      jvm: 4242,
    });
    lock.release();
    expect(() => lockDataDir(dir).release()).not.toThrow();
  });
});

describe('the readiness probe', () => {
  it('asks at most once a second, and shares one answer between callers', async () => {
    let now = 0;
    let asked = 0;
    const ready = cachedProbe(
      async () => {
        asked++;
        return asked === 1;
      },
      1_000,
      () => now,
    );
    expect(await Promise.all([ready(), ready(), ready()])).toEqual([true, true, true]);
    now = 999;
    expect(await ready()).toBe(true);
    now = 1_000;
    expect(await ready()).toBe(false);
    expect(asked).toBe(2);
  });
});
