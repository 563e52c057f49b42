/**
 * The public portal in Chromium: reporting anonymously and by real name, the receipt shown once,
 * following a report, the uniform miss, the language switch, accessibility and a 375 px viewport.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { validResidentId } from '../support/fixtures.ts';
import { expectAccessible, ready, screenshot, useBrowserRuntime } from './support/browser.ts';

const env = useBrowserRuntime();

/** A field by its label's text (required fields add an aria-hidden asterisk). */
const field = (page: Page, text: string) => page.getByLabel(new RegExp(`^${text}( \\*)?$`));

const fillAccused = async (page: Page) => {
  await field(page, '姓名').fill('王五');
  await field(page, '职务').fill('某镇党委书记');
  await field(page, '单位').fill('某县某镇党委');
  await field(page, '问题类别').selectOption('WORK_STYLE');
  await field(page, '问题概要').fill('在扶贫项目验收中弄虚作假');
};

const receiptOf = async (page: Page) => {
  const code = page.locator('#receipt-code');
  await code.waitFor();
  return (await code.textContent())?.trim() ?? '';
};

describe('reporting', () => {
  it('submits anonymously, shows the receipt once with copy and print, and keeps it out of the URL and storage', async () => {
    const page = await env.newPage();
    const submissions: { key: string | undefined; body: string }[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/reports')
        submissions.push({ key: request.headers()['idempotency-key'], body: request.postData() ?? '' });
    });
    await page.goto('/report');
    await ready(page);
    await expect(page.locator('aside').textContent()).resolves.toMatch(/诬告陷害.*违法.*错告的，不会被追究/s);
    await expectAccessible(page, 'report form');
    await screenshot(page, 'report-form');

    await fillAccused(page);
    // A double click sends at most the same key twice: the API answers the same receipt.
    await page.locator('#submit-report').dblclick();
    const code = await receiptOf(page);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
    expect(submissions.length).toBeGreaterThanOrEqual(1);
    expect(new Set(submissions.map((s) => s.key)).size).toBe(1);
    expect(submissions[0]?.key).toMatch(/^web-[0-9a-f-]{36}$/);
    expect(JSON.parse(submissions[0]?.body ?? '{}').reporter).toEqual({ anonymous: true });

    await expect(page.locator('#receipt-warning').textContent()).resolves.toMatch(/无法找回/);
    await expect(page.locator('#print-receipt').isVisible()).resolves.toBe(true);
    await page.locator('#copy-receipt').click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(code);
    await expectAccessible(page, 'receipt');
    await screenshot(page, 'receipt');

    const normalised = code.replace(/-/g, '');
    expect(page.url()).not.toContain(normalised.slice(0, 8));
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
    );
    expect(stored).not.toContain(code.slice(0, 9));
    expect(stored).not.toContain(normalised.slice(0, 8));

    // Following it: lower case and no separators are fine.
    await page.getByRole('link', { name: '去查询进度' }).click();
    await ready(page);
    await field(page, '受理码').fill(normalised.toLowerCase());
    await page.locator('#lookup').click();
    await expect(page.locator('#stage').textContent()).resolves.toBe('已收到');
    expect(page.url()).not.toContain(normalised.slice(0, 8));
    await expectAccessible(page, 'lookup result');
    await screenshot(page, 'follow-result');
  });

  it('checks a real-name report beside the fields before sending, then sends it', async () => {
    const page = await env.newPage();
    let posts = 0;
    let sent: { allegations: unknown[]; reporter: Record<string, unknown> } | undefined;
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/reports') {
        posts++;
        sent = JSON.parse(r.postData() ?? '{}');
      }
    });
    await page.goto('/report');
    await ready(page);
    await fillAccused(page);
    await field(page, '实名举报').check();
    await field(page, '您的姓名').fill('赵六');
    await field(page, '身份证号码').fill('110105198001011230');
    await field(page, '手机号码').fill('1381234');
    await page.locator('#submit-report').click();

    const idError = page.locator(`#${await field(page, '身份证号码').getAttribute('id')}-error`);
    await expect(idError.textContent()).resolves.toMatch(/身份证号码无效/);
    await expect(field(page, '身份证号码').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(field(page, '手机号码').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page, 'report form with errors');
    await screenshot(page, 'report-errors');
    expect(posts).toBe(0);

    // A second allegation, added and removed and added again.
    await page.locator('#add-allegation').click();
    await expect(page.locator('fieldset.allegation').count()).resolves.toBe(2);
    await page.getByRole('button', { name: '删除问题 2' }).click();
    await expect(page.locator('fieldset.allegation').count()).resolves.toBe(1);
    await page.locator('#add-allegation').click();
    await page.locator('fieldset.allegation').nth(1).locator('.allegation-summary').fill('违规报销差旅费');
    await field(page, '身份证号码').fill(validResidentId('789'));

    await field(page, '手机号码').fill('13912345678');
    await field(page, '电子邮箱（可选）').fill('zhaoliu@example.cn');
    await page.locator('#submit-report').click();
    const code = await receiptOf(page);
    expect(posts).toBe(1);
    expect(sent?.allegations).toHaveLength(2);
    expect(sent?.reporter).toMatchObject({ anonymous: false, name: '赵六', phone: '13912345678' });

    const lookup = await env.api('POST', '/receipts/lookup', { receiptCode: code });
    expect(lookup.status).toBe(200);
    const queue = await env.api('GET', '/reports?status=UNREGISTERED', undefined, await staffToken('intake'));
    expect(queue.body.items.some((r: { reporterKind: string }) => r.reporterKind === 'REAL_NAME')).toBe(true);

    // 验证手机号: the code texted to the phone (locally, the inbox); a wrong one first.
    const box = page.locator('#verify-phone');
    await box.waitFor();
    await expect(box.textContent()).resolves.not.toContain('13912345678');
    await env.runtime.settled();
    const texts = await env.api('GET', '/local/inbox?limit=500');
    const text = texts.body.items.find(
      (m: { attributes: Record<string, string> }) => m.attributes.to === '13912345678',
    );
    const sms = /(\d{6})/.exec(text?.message ?? '')?.[1] as string;
    expect(sms).toMatch(/^\d{6}$/);
    await field(page, '短信验证码').fill(String((Number(sms) + 1) % 1_000_000).padStart(6, '0'));
    await page.locator('#verify-phone-submit').click();
    await expect.poll(() => box.locator('[role="alert"]').textContent()).toMatch(/验证码不正确/);
    await field(page, '短信验证码').fill(sms);
    await page.locator('#verify-phone-submit').click();
    await expect(page.locator('#phone-verified').textContent()).resolves.toMatch(/手机号已验证/);
    await expectAccessible(page, 'phone verified');
    // The follow page shows it verified, never the phone.
    await page.goto('/follow');
    await field(page, '受理码').fill(code);
    await page.locator('#lookup').click();
    await expect(page.locator('#phone-verified').textContent()).resolves.toMatch(/手机号已验证/);
  });

  it('says politely how long to wait after too many wrong codes (429 with Retry-After)', async () => {
    const page = await env.newPage();
    // A client of its own (the local gateway lets a loopback caller name itself), so other tests keep their budget.
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': '203.0.113.77' });
    await page.goto('/follow');
    await ready(page);
    const status = page.locator('#follow-form [role="alert"]');
    let limited = '';
    for (let attempt = 0; attempt < 15 && !limited; attempt++) {
      await field(page, '受理码').fill(
        `WRNG-${String(attempt).padStart(4, '0')}-AAAA-BBBB-CCCC-DDDD-EEEE-FFFF`,
      );
      await page.locator('#lookup').click();
      await expect.poll(() => status.textContent()).not.toBe('');
      const text = (await status.textContent()) ?? '';
      if (/查询次数过多/.test(text)) limited = text;
      else expect(text).toMatch(/没有找到/);
    }
    expect(limited).toMatch(/请 \d+ (分钟|秒) 后再试/);
    await screenshot(page, 'follow-rate-limited');
  });

  it('pages through the notice board with the cursor the API gives', async () => {
    const page = await env.newPage();
    const asked: string[] = [];
    const notice = (n: number) => ({
      noticeId: `ntc_${n}`,
      publishedAt: new Date(Date.UTC(2026, 0, 30 - n)).toISOString(),
      issuer: '某县纪委监委',
      method: 'PUBLIC_NOTICE',
      public: true,
      cadre: { name: `干部${n}`, position: '局长', organization: '某县某局' },
      clearedAllegations: [{ summary: '不实反映' }],
      text: '澄清公告',
      translations: { en: 'Clearance notice' },
      signature: { alg: 'ES256', keyId: 'k1', value: 'x' },
    });
    await page.route('**/notices?*', async (route) => {
      const url = new URL(route.request().url());
      asked.push(url.search);
      const second = url.searchParams.get('cursor') === 'page-2';
      await route.fulfill({
        json: second
          ? { items: [notice(11)] }
          : { items: Array.from({ length: 10 }, (_, i) => notice(i + 1)), nextCursor: 'page-2' },
      });
    });
    await page.goto('/board');
    await ready(page);
    await expect(page.locator('#notice-list > li').count()).resolves.toBe(10);
    await expect(page.locator('#notice-list > li').first().textContent()).resolves.toMatch(/干部1/);
    await page.getByRole('link', { name: '下一页' }).click();
    await expect.poll(() => page.locator('#notice-list > li').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('cursor')).toBe('page-2');
    expect(asked).toEqual(['?limit=10', '?limit=10&cursor=page-2']);
    await expect(page.getByRole('link', { name: '下一页' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: '第一页' }).count()).resolves.toBe(1);
  });

  it('works with the keyboard alone', async () => {
    const page = await env.newPage();
    await page.goto('/follow');
    await ready(page);
    // Tab through the page until the receipt field has the focus, type, and press Enter.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.getAttribute('name') === 'receipt')) break;
    }
    await expect(page.evaluate(() => document.activeElement?.getAttribute('name'))).resolves.toBe('receipt');
    await page.keyboard.type('ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#follow-form [role="alert"]').textContent()).toMatch(/没有找到/);
    // The language switch is a button in the tab order too.
    await page.locator('#lang-switch').focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('main h1').textContent()).resolves.toBe('Follow a report');
  });

  it('gives the same polite not-found message for any wrong code', async () => {
    const page = await env.newPage();
    await page.goto('/follow');
    await ready(page);
    const messages: string[] = [];
    for (const typed of ['AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH', 'nonsense']) {
      await field(page, '受理码').fill(typed);
      await page.locator('#lookup').click();
      const status = page.locator('#follow-form [role="alert"]');
      await expect.poll(() => status.textContent()).toMatch(/没有找到/);
      messages.push((await status.textContent()) ?? '');
    }
    expect(messages[0]).toBe(messages[1]);
    await expectAccessible(page, 'follow not found');
    await screenshot(page, 'follow-not-found');
  });
});

const staffToken = async (role: string) => {
  const { issueLocalToken } = await import('../../infra/local/keys.ts');
  return issueLocalToken(`${role}-browser`, [role]);
};

describe('the public pages', () => {
  it('charts the public statistics, with the reports of this month', async () => {
    await env.runtime.settled();
    const page = await env.newPage();
    await page.goto('/statistics');
    await ready(page);
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    await expect(page.locator('svg.chart').first().getAttribute('aria-label')).resolves.toMatch(
      new RegExp(`${month}: [1-9]`),
    );
    expect(
      Number(await page.locator('#public-figures .stat-value').first().textContent()),
    ).toBeGreaterThanOrEqual(2);
  });

  it('switches to English and remembers it, and only the language is stored', async () => {
    const page = await env.newPage();
    await page.goto('/');
    await ready(page);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await page.locator('#lang-switch').click();
    await expect(page.locator('main h1').textContent()).resolves.toBe('Reports and clearance of names');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await page.reload();
    await ready(page);
    await expect(page.locator('main h1').textContent()).resolves.toBe('Reports and clearance of names');
    await expect(page.evaluate(() => Object.keys(localStorage))).resolves.toEqual(['zm.lang']);
    await page.goto('/report');
    await ready(page);
    await expect(page.locator('main h1').textContent()).resolves.toBe('Make a report');
    await screenshot(page, 'report-form-en');
    await page.locator('#lang-switch').click();
    await expect(page.locator('main h1').textContent()).resolves.toBe('提交检举控告');
  });

  it.each([
    ['home', '/'],
    ['board', '/board'],
    ['statistics', '/statistics'],
    ['offline verification', '/verify-offline'],
    ['sign-in', '/console/sign-in'],
  ])('renders %s with no serious accessibility violation and no CSP error', async (name, path) => {
    const page = await env.newPage();
    const response = await page.goto(path);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response?.headers()['content-security-policy']).not.toMatch(/unsafe-inline/);
    await ready(page);
    await expectAccessible(page, name);
    await screenshot(page, name.replace(/\s+/g, '-'));
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
  });

  it('stays usable at 375 px wide without horizontal scrolling', async () => {
    const page = await env.newPage({ width: 375, height: 812 });
    for (const [name, path] of [
      ['mobile-home', '/'],
      ['mobile-report', '/report'],
      ['mobile-follow', '/follow'],
      ['mobile-offline', '/verify-offline'],
      ['mobile-board', '/board'],
      ['mobile-statistics', '/statistics'],
      ['mobile-sign-in', '/console/sign-in'],
    ] as const) {
      await page.goto(path);
      await ready(page);
      await screenshot(page, name);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth, name).toBeLessThanOrEqual(clientWidth);
    }
    // The form is reachable by keyboard alone: Tab from the skip link lands in the page.
    await page.goto('/report');
    await ready(page);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe('skip-link');
  });
});
