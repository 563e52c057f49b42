/**
 * The dashboard of a superior commission: it names the commission, lists each county below it with
 * its figures and the total, and opens one county's figures; counts only, never a case.
 */
import { describe, expect, inject, it } from 'vitest';
import { seedLocalCommissions } from '../../infra/local/commissions.ts';
import { forgetRegistry } from '../../shared/store/commissions.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { expectAccessible, useBrowserRuntime } from './support/browser.ts';

const env = useBrowserRuntime();

describe("a superior's statistics in the console", { timeout: 150_000 }, () => {
  it("shows the city its counties' figures and opens one county's", async () => {
    await seedLocalCommissions(inject('dynamoDbEndpoint'), env.runtime.tableName);
    forgetRegistry(); // the handlers run in this process
    for (const commissionId of ['jia-shi-a-xian', 'jia-shi-a-xian', 'jia-shi-b-xian']) {
      const submitted = await env.api('POST', '/reports', { ...anonymousReport(), commissionId });
      expect(submitted.status).toBe(201);
    }
    await env.runtime.settled();

    const page = await env.newPage();
    await page.goto('/console/sign-in');
    await page.locator('#start-sign-in').click();
    await page.locator('select[name="commission"]').selectOption('jia-shi');
    await page.locator('button[data-user="demo-auditor"]').click();
    await page.locator('.console-nav').waitFor();
    await page.goto('/console/dashboard');
    await page.locator('#subordinate-figures').waitFor();

    await expect(page.locator('#stats-commission').textContent()).resolves.toContain('甲市纪委监委');
    const county = (id: string) =>
      page.locator(`#subordinate-figures tr[data-commission="${id}"] td`).first();
    await expect(county('jia-shi-a-xian').textContent()).resolves.toBe('2');
    await expect(county('jia-shi-b-xian').textContent()).resolves.toBe('1');
    await expect(page.locator('#subordinate-figures tr.total td').first().textContent()).resolves.toBe('3');
    await expectAccessible(page, 'superior dashboard');

    await page.locator('#subordinate-figures a', { hasText: '甲市A县纪委监委' }).click();
    await expect.poll(() => page.locator('#stats-commission').textContent()).toContain('甲市A县纪委监委');
    await expect(page.locator('#staff-figures .stat-value').first().textContent()).resolves.toBe('2');
    // A county has no subordinates: no table.
    await expect(page.locator('#subordinate-figures').count()).resolves.toBe(0);
  });
});
