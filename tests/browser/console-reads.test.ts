/**
 * 查阅记录 in the console: an investigator opens a clue; the auditor finds that read by member and
 * by case file, with when, who in which role, what and through which path; without a filter the
 * page asks for one instead of querying.
 */
import { describe, expect, it } from 'vitest';
import { anonymousReport } from '../support/fixtures.ts';
import { expectAccessible, screenshot, useBrowserRuntime } from './support/browser.ts';
import { consoleSupport } from './support/console.ts';

const env = useBrowserRuntime();
const { signIn, staff } = consoleSupport(env);

describe('read records in the console', { timeout: 150_000 }, () => {
  it('lets the auditor find who read a case file, by member and by case file', async () => {
    const submitted = await env.api('POST', '/reports', anonymousReport('违规占用办公用房'));
    const clue = await staff('intake', 'POST', '/clues', { reportIds: [submitted.body.reportId] });
    await staff('investigator', 'GET', `/clues/${clue.clueId}`);

    const auditor = await signIn('demo-auditor');
    await auditor.locator('.console-nav a[href="/console/reads"]').click();
    await auditor.locator('#reads-form').waitFor();
    // No filter: the page says what is needed and asks the API nothing.
    await auditor.locator('#reads-form button[type="submit"]').click();
    await expect(auditor.locator('.status').first().textContent()).resolves.toMatch(/至少填写/);

    await auditor.getByLabel(/^人员/).fill('demo-investigator');
    await auditor.locator('#reads-form button[type="submit"]').click();
    const row = auditor.locator('#read-rows tr', { hasText: clue.clueId });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toMatch(/demo-investigator（承办）/);
    expect(text).toMatch(/线索/);
    expect(text).toContain(`/clues/${clue.clueId}`);
    await expect(row.locator(`a[href="/console/clues/${clue.clueId}"]`).count()).resolves.toBe(1);
    await expectAccessible(auditor, 'read records');
    await screenshot(auditor, 'console-reads');

    await auditor.getByLabel(/^人员/).fill('');
    await auditor.getByLabel(/^案卷编号/).fill(clue.clueId);
    await auditor.locator('#reads-form button[type="submit"]').click();
    await expect.poll(() => auditor.locator('#read-rows tr').count()).toBeGreaterThanOrEqual(1);
    const users = await auditor.locator('#read-rows tr td:nth-child(2)').allTextContents();
    expect(users.some((u) => u.startsWith('demo-investigator'))).toBe(true);
  });

  it('is not offered to other roles', async () => {
    const approver = await signIn('demo-approver');
    await expect(approver.locator('.console-nav a[href="/console/reads"]').count()).resolves.toBe(0);
  });
});
