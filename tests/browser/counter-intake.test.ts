/**
 * 登记来信来访来电 in Chromium: intake staff fill in the report as the person gave it, with how it
 * came in, and print the receipt to hand over; the report waits in the intake queue like any other.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../infra/local/keys.ts';
import { defaultCommissionName } from '../../shared/config.ts';
import { expectAccessible, ready, screenshot, useBrowserRuntime } from './support/browser.ts';
import { consoleSupport } from './support/console.ts';

const env = useBrowserRuntime();

const { signIn } = consoleSupport(env);

const field = (page: Page, text: string) => page.getByLabel(new RegExp(`^${text}( \\*)?$`));

describe('reports taken at the counter', { timeout: 120_000 }, () => {
  it('records a visit and prints the receipt to hand to the person', async () => {
    const page = await signIn('demo-intake');
    await page.locator('.console-nav a[href="/console/intake"]').click();
    await ready(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('登记来信来访来电');
    await page.locator('#intake-channel').selectOption('VISIT');
    await field(page, '姓名').first().fill('孙八');
    await field(page, '职务').fill('某县民政局副局长');
    await field(page, '单位').fill('某县民政局');
    await field(page, '问题类别').selectOption('DISCIPLINE');
    await field(page, '问题概要').fill('违规为亲属办理低保');
    await expectAccessible(page, 'counter intake form');
    await page.locator('#record-report').click();

    const code = (await page.locator('#receipt-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
    await expectAccessible(page, 'counter intake receipt');

    // The printed page is the portal's: the commission's name, the code, the signed receipt.
    await page.emulateMedia({ media: 'print' });
    const sheet = page.locator('#receipt-sheet');
    await expect(sheet.isVisible()).resolves.toBe(true);
    await expect(page.locator('#record-another').isVisible()).resolves.toBe(false);
    await expect(page.locator('.console-nav').isVisible()).resolves.toBe(false);
    await expect(page.locator('h1').isVisible()).resolves.toBe(false);
    const printed = ((await sheet.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(printed).toContain(defaultCommissionName);
    expect(printed).toContain('检举控告接收回执');
    expect(printed).toContain(code);
    await screenshot(page, 'counter-intake-receipt-printed');
    await page.emulateMedia({ media: 'screen' });

    // The person follows it with the code; the report was taken as a visit.
    const followed = await env.api('POST', '/receipts/lookup', { receiptCode: code });
    expect(followed.status).toBe(200);
    expect(followed.body.stage).toBe('RECEIVED');
    await env.runtime.settled();
    const token = await issueLocalToken('demo-auditor', ['auditor']);
    const stats = await env.api('GET', '/stats', undefined, token);
    expect(stats.body.byChannel.VISIT).toBeGreaterThanOrEqual(1);
  });

  it('is not offered to staff who are not intake', async () => {
    const page = await signIn('demo-approver');
    await expect(page.locator('.console-nav a[href="/console/intake"]').count()).resolves.toBe(0);
    await page.goto('/console/intake');
    await ready(page);
    await expect(page.locator('[role="alert"]').textContent()).resolves.toContain('受理人员');
    await expect(page.locator('#intake-form').count()).resolves.toBe(0);
  });
});
