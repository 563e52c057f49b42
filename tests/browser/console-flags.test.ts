/**
 * The flags page names each level for what it is (关注, 多次不实, 诬告陷害; Watch, Repeatedly
 * untrue, Fabrication), never "诬告标记" for all; confirming a flag asks first and says what follows;
 * a confirmed fabricator's identity opens for referral only with a reason and a confirmation.
 */
import { describe, expect, it } from 'vitest';
import { realNameReport, validResidentId } from '../support/fixtures.ts';
import { expectAccessible, screenshot, useBrowserRuntime } from './support/browser.ts';
import { consoleSupport } from './support/console.ts';

const env = useBrowserRuntime();
const { signIn, concludedClue } = consoleSupport(env);

const levelsShown = (page: import('playwright-core').Page) =>
  page
    .locator('#flag-list li[data-flag] [data-level]')
    .evaluateAll((badges) =>
      [...new Set(badges.map((b) => `${b.getAttribute('data-level')}=${b.textContent}`))].sort(),
    );

describe('the flags page', { timeout: 240_000 }, () => {
  it('names each level for what it is, in both languages', async () => {
    // One reporter repeats the same matter three times, found untrue each time: a WATCH flag for
    // repeating it, and REPEATED_UNTRUE for the third untrue finding. Another invents one: FABRICATION.
    const repeater = realNameReport();
    for (let i = 0; i < 3; i++) await concludedClue(repeater, ['UNTRUE']);
    const fabricator = realNameReport({
      name: '王五',
      idNumber: validResidentId('789'),
      phone: '13900001234',
    });
    await concludedClue({ ...fabricator, allegations: [{ summary: '收受开发商房产一套' }] }, ['FABRICATED']);
    await env.runtime.settled();

    const approver = await signIn('demo-approver');
    await approver.locator('.console-nav a[href="/console/flags"]').click();
    await expect
      .poll(() => levelsShown(approver))
      .toEqual(['FABRICATION=诬告陷害', 'REPEATED_UNTRUE=多次不实', 'WATCH=关注']);
    await expect(approver.locator('main h1').textContent()).resolves.toBe('举报人标记');
    await expect(approver.locator('#flag-levels').textContent()).resolves.toMatch(
      /关注.*多次不实.*诬告陷害/s,
    );
    await expect(approver.locator('main').textContent()).resolves.not.toMatch(/诬告标记/);
    await expectAccessible(approver, 'flags by level');
    await screenshot(approver, 'console-flag-levels');

    await approver.locator('#lang-switch').click();
    await expect
      .poll(() => levelsShown(approver))
      .toEqual(['FABRICATION=Fabrication', 'REPEATED_UNTRUE=Repeatedly untrue', 'WATCH=Watch']);
    await expect(approver.locator('main h1').textContent()).resolves.toBe('Reporter flags');
  });

  it('confirms a flag only after saying what confirming does', async () => {
    const approver = await signIn('demo-approver');
    await approver.goto('/console/flags');
    const card = approver.locator('#flag-list li[data-flag]', {
      has: approver.locator('[data-level="FABRICATION"]'),
    });
    await card.waitFor();
    await card.getByLabel(/^决定理由/).fill('经复核，举报人捏造事实证据确凿，确认标记。');
    await card.locator('button[data-decision="CONFIRM"]').click();
    const confirm = card.locator('.confirm-step');
    await expect(confirm.locator('h3').textContent()).resolves.toBe('确认“诬告陷害”标记？');
    await expect(confirm.textContent()).resolves.toMatch(/导出到信用系统/);
    await expect(confirm.textContent()).resolves.toMatch(/可以申诉/);
    await expectAccessible(approver, 'flag confirmation');

    // Cancelled: nothing happened.
    await confirm.locator('.confirm-no').click();
    await expect(card.locator('.confirm-step').count()).resolves.toBe(0);
    await approver.reload();
    await card.waitFor();

    // A lower level says it is not exported.
    const watch = approver.locator('#flag-list li[data-flag]', {
      has: approver.locator('[data-level="WATCH"]'),
    });
    await watch.getByLabel(/^决定理由/).fill('同一事项已有结论仍重复反映，确认关注。');
    await watch.locator('button[data-decision="CONFIRM"]').click();
    await expect(watch.locator('.confirm-step').textContent()).resolves.toMatch(/不导出到信用系统/);
    await watch.locator('.confirm-step .confirm-no').click();

    await card.getByLabel(/^决定理由/).fill('经复核，举报人捏造事实证据确凿，确认标记。');
    await card.locator('button[data-decision="CONFIRM"]').click();
    await card.locator('.confirm-step .confirm-yes').click();
    await expect.poll(() => approver.locator('#flag-list [data-level="FABRICATION"]').count()).toBe(0);
    await approver.locator('#flag-status').selectOption('CONFIRMED');
    await expect.poll(() => approver.locator('#flag-list [data-level="FABRICATION"]').count()).toBe(1);
  });

  it("opens a confirmed fabricator's identity for referral, with a reason and a confirmation", async () => {
    const approver = await signIn('demo-approver');
    await approver.goto('/console/flags?status=CONFIRMED');
    const card = approver.locator('#flag-list li[data-flag]').first();
    await card.waitFor();
    await card.locator('button[data-reveal-open]').click();
    await card.locator('button[data-reveal]').click();
    await expect(card.locator('.reveal .field-error').textContent()).resolves.toMatch(/必填/);
    await expect(card.locator('.confirm-step').count()).resolves.toBe(0);

    await card.getByLabel(/^调阅理由/).fill('拟移送公安机关依法处理，依据《信访举报工作规则》，经批准调阅。');
    await card.locator('button[data-reveal]').click();
    const confirm = card.locator('.confirm-step');
    await expect(confirm.textContent()).resolves.toMatch(/审计记录/);
    await expect(confirm.textContent()).resolves.toMatch(/当日调阅身份的次数限额/);
    await confirm.locator('.confirm-yes').click();
    const shown = card.locator('[data-identity]');
    await shown.waitFor();
    await expect(shown.textContent()).resolves.toMatch(/王五/);
    await expect(shown.textContent()).resolves.toMatch(validResidentId('789'));
    await expectAccessible(approver, 'identity for referral');
    await screenshot(approver, 'console-flag-identity');

    // Closed, it is gone from the page.
    await shown.locator('.close-identity').click();
    await expect(card.locator('[data-identity]').count()).resolves.toBe(0);
    await expect(approver.locator('main').textContent()).resolves.not.toMatch(/王五/);

    // An auditor sees the flags, and no way to open an identity.
    const auditor = await signIn('demo-auditor');
    await auditor.goto('/console/flags?status=CONFIRMED');
    await auditor.locator('#flag-list li[data-flag]').first().waitFor();
    await expect(auditor.locator('button[data-reveal-open]').count()).resolves.toBe(0);
  });
});
