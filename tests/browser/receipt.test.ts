/**
 * The signed receipt in the portal: downloaded as a file that verifies, and printed on a page that
 * names the commission and says, Chinese first, what the code and the receipt are for.
 */
import { describe, expect, it } from 'vitest';
import { defaultCommissionName } from '../../shared/config.ts';
import { expectAccessible, ready, screenshot, useBrowserRuntime } from './support/browser.ts';

const env = useBrowserRuntime();

describe('the signed receipt', () => {
  it('downloads as a file whose receipt verifies, and prints with the commission’s name', async () => {
    const page = await env.newPage();
    await page.goto('/report');
    await ready(page);
    await page.getByLabel(/^姓名( \*)?$/).fill('赵六');
    await page.getByLabel(/^职务( \*)?$/).fill('某县交通局局长');
    await page.getByLabel(/^单位( \*)?$/).fill('某县交通局');
    await page.getByLabel(/^问题类别( \*)?$/).selectOption('CORRUPTION');
    await page.getByLabel(/^问题概要( \*)?$/).fill('在道路养护招标中指定中标单位');
    await page.locator('#submit-report').click();
    const code = (await page.locator('#receipt-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
    await expect(page.locator('#signed-receipt-intro').textContent()).resolves.toMatch(/数字签名/);
    await expectAccessible(page, 'receipt with download');

    const download = page.waitForEvent('download');
    await page.locator('#download-receipt').click();
    const file = await download;
    const text = await (await file.createReadStream())
      .toArray()
      .then((chunks) => Buffer.concat(chunks).toString('utf8'));
    const receipt = JSON.parse(text);
    expect(file.suggestedFilename()).toBe(`receipt-${receipt.reportId}.json`);
    expect(Object.keys(receipt).sort()).toEqual([
      'contentHash',
      'keyId',
      'reportId',
      'signature',
      'submittedAt',
    ]);
    // The file proves the report; it is not the key to follow it.
    expect(text).not.toContain(code.slice(0, 9));
    const verified = await env.api('POST', '/receipts/verify', { receipt });
    expect(verified.body).toEqual({ valid: true });
    const tampered = await env.api('POST', '/receipts/verify', {
      receipt: { ...receipt, submittedAt: '2020-01-01T00:00:00.000Z' },
    });
    expect(tampered.body).toEqual({ valid: false });

    const sheet = page.locator('#receipt-sheet');
    await expect(sheet.isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: 'print' });
    await expect(sheet.isVisible()).resolves.toBe(true);
    await expect(page.locator('#receipt-code').isVisible()).resolves.toBe(false);
    await expect(page.locator('#download-receipt').isVisible()).resolves.toBe(false);
    const printed = ((await sheet.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(printed).toContain(defaultCommissionName);
    expect(printed).toContain('检举控告接收回执');
    for (const value of [code, receipt.reportId, receipt.contentHash, receipt.signature]) {
      expect(printed).toContain(value);
    }
    const order = [
      '受理码的用途',
      'What the receipt code is for',
      '电子回执的用途',
      'What the signed receipt is for',
    ];
    const at = order.map((phrase) => printed.indexOf(phrase));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    await screenshot(page, 'receipt-printed');
    await page.emulateMedia({ media: 'screen' });
  });
});
