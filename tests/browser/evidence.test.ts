/**
 * Evidence in the portal: after a lookup, files are chosen, each shows its upload's progress, goes
 * straight to the (emulated) bucket, and the page shows what the check decided per file.
 */
import { describe, expect, it } from 'vitest';
import { anonymousReport } from '../support/fixtures.ts';
import { expectAccessible, ready, screenshot, useBrowserRuntime } from './support/browser.ts';
import { consoleSupport } from './support/console.ts';

const env = useBrowserRuntime();
const { signIn } = consoleSupport(env);
let reportId = '';

describe('evidence in the portal', () => {
  it('uploads chosen files with progress and shows each one accepted or rejected', async () => {
    const submitted = await env.api('POST', '/reports', anonymousReport());
    expect(submitted.status).toBe(201);
    reportId = submitted.body.reportId;
    const page = await env.newPage();
    const problems: string[] = [];
    page.on('console', (m) => problems.push(`${m.type()}: ${m.text()}`));
    page.on('requestfailed', (r) =>
      problems.push(`failed ${r.method()} ${r.url().slice(0, 80)}: ${r.failure()?.errorText}`),
    );
    await page.goto('/follow');
    await ready(page);
    await page.getByLabel(/^受理码( \*)?$/).fill(submitted.body.receiptCode);
    await page.locator('#lookup').click();
    await expect(page.locator('#attachments').textContent()).resolves.toMatch(/尚未提交证据材料/);
    // Every <progress> the page shows while uploading, as it shows it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        for (const p of document.querySelectorAll('#uploads progress'))
          seen.push((p as HTMLProgressElement).value.toString());
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });

    const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
    await page.locator('#evidence-files').setInputFiles([
      { name: '收据.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: '照片.png', mimeType: 'image/png', buffer: pdf },
    ]);
    const rowOf = (name: string) => page.locator('#attachments li', { hasText: name });
    await expect
      .poll(async () => [await rowOf('收据.pdf').textContent(), await rowOf('照片.png').textContent()], {
        timeout: 30_000,
      })
      .toEqual([expect.stringMatching(/已接收/), expect.stringMatching(/未通过核验/)]);
    expect(problems.filter((p) => p.startsWith('error') || p.startsWith('failed'))).toEqual([]);
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen.length).toBeGreaterThan(0);
    await expectAccessible(page, 'evidence');
    await screenshot(page, 'evidence');
  });

  it('lets intake see the checked files of a report in the queue and download one, never a rejected one', async () => {
    const intake = await signIn('demo-intake');
    await intake.goto('/console');
    await ready(intake);
    const item = intake.locator(`li[data-report="${reportId}"]`);
    await item.locator('details.evidence-details summary').click();
    const files = item.locator('.evidence-files li');
    await expect.poll(() => files.count()).toBe(2);
    await expect(item.locator('li[data-status="REJECTED"] [data-download]').count()).resolves.toBe(0);
    const [request] = await Promise.all([
      intake.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/download')),
      item.locator('li[data-status="AVAILABLE"] [data-download]').click(),
    ]);
    const answer = await request.response();
    if (!answer) throw new Error('the download request got no answer');
    expect(answer.status()).toBe(200);
    const link = item.locator('a[data-link]');
    await link.waitFor();
    const url = (await link.getAttribute('href')) as string;
    expect(url).toBe(((await answer.json()) as { url: string }).url);
    // The link is short-lived and signed; fetched as the browser would, it serves the file.
    expect(url).toMatch(/X-Amz-Expires=\d+/);
    const file = await fetch(url);
    expect((await file.text()).startsWith('%PDF')).toBe(true);
    await expect(item.locator('li[data-status="AVAILABLE"] .status').textContent()).resolves.toMatch(
      /审计记录/,
    );
    await expectAccessible(intake, 'console evidence');
  });
});
