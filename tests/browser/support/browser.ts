/**
 * A local runtime that serves the built pages (its own table on the shared DynamoDB Local), and
 * Debian's Chromium driven by playwright-core. Screenshots go to test-artifacts/.
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.ts';
import { webDist } from '../../../infra/local/web.ts';
import { compileContract, expectContract } from '../../support/contract.ts';
import { testMembers } from '../../support/members.ts';

export const artifacts = resolve(import.meta.dirname, '..', '..', '..', 'test-artifacts');
const axeSource = readFileSync(
  resolve(import.meta.dirname, '..', '..', '..', 'node_modules/axe-core/axe.min.js'),
  'utf8',
);

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const useBrowserRuntime = () => {
  const state = {} as { runtime: LocalRuntime; browser: Browser };
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    compileContract();
    const [runtime, browser] = await Promise.all([
      startLocalRuntime({
        dynamoDbEndpoint: inject('dynamoDbEndpoint'),
        snsEndpoint: inject('snsEndpoint'),
        tableName: `zhengming-web-${randomBytes(4).toString('hex')}`,
        env: { LOG_LEVEL: 'WARN' },
        members: testMembers,
        webDir: webDist,
        // The pages wait for messages the relay sends (the consent link); relay each at once.
        streamBatchingWindowMs: 0,
      }),
      chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: chromiumArgs,
      }),
    ]);
    state.runtime = runtime;
    state.browser = browser;
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await state.browser?.close();
    await state.runtime?.stop();
  });

  /** A fresh browser profile (its own storage), optionally at another viewport size. */
  const newPage = async (
    options: { width?: number; height?: number; locale?: string } = {},
  ): Promise<Page> => {
    const context = await state.browser.newContext({
      baseURL: state.runtime.url,
      viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
      locale: options.locale ?? 'zh-CN',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    contexts.push(context);
    const page = await context.newPage();
    // A wait on a condition, not a budget: generous, so that a busy machine is slow but green.
    page.setDefaultTimeout(30_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text()))
        problems.push(message.text());
    });
    (page as Page & { problems: string[] }).problems = problems;
    return page;
  };

  /**
   * Set-up through the API, as a careful client calls it: a 503 is retried after Retry-After when
   * nothing happened (UNAVAILABLE) or when the request is idempotent (a report with its
   * Idempotency-Key), so a loaded machine slows the set-up down instead of failing it.
   */
  const api = async <T = any>(method: string, path: string, body?: unknown, token?: string) => {
    const idempotent = method === 'POST' && path === '/reports';
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(idempotent ? { 'idempotency-key': randomUUID() } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${state.runtime.url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const parsed = (text ? JSON.parse(text) : undefined) as T;
      const code = (parsed as { error?: { code?: string } } | undefined)?.error?.code;
      if (response.status === 503 && attempt < 5 && (idempotent || code === 'UNAVAILABLE')) {
        await new Promise((r) => setTimeout(r, Number(response.headers.get('retry-after') ?? 1) * 1000));
        continue;
      }
      const received = { status: response.status, headers: response.headers, body: parsed };
      // Every response must keep the published contract, or the test that received it fails.
      expectContract(method, path, received);
      return received;
    }
  };

  return {
    get runtime() {
      return state.runtime;
    },
    newPage,
    api,
  };
};

/** Runs axe-core in the page and returns the serious and critical violations. */
export const seriousViolations = async (page: Page) => {
  // Evaluated through the DevTools protocol: the page's CSP forbids inline scripts, as it should.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<unknown> } })
      .axe;
    return axe.run(document, { resultTypes: ['violations'] });
  })) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
};

export const expectAccessible = async (page: Page, name: string) => {
  expect(await seriousViolations(page), name).toEqual([]);
};

export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

/** The page has rendered its route: the h1 is there and no request is pending. */
export const ready = async (page: Page) => {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
};
