/**
 * Evidence in the portal: after a lookup, files are chosen, each shows its upload's progress, goes
 * straight to the (emulated) bucket, and the page shows what the check decided per file.
 */
import { describe, expect, it } from 'vitest';
import { anonymousReport } from '../support/fixtures.ts';
import { expectAccessible, ready, screenshot, useBrowserRuntime } from './support/browser.ts';

const env = useBrowserRuntime();

describe('evidence in the portal', () => {
  it('uploads chosen files with progress and shows each one accepted or rejected', async () => {
    const submitted = await env.api('POST', '/reports', anonymousReport());
    expect(submitted.status).toBe(201);
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
});
