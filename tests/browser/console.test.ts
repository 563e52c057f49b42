/**
 * The commission console in Chromium, end to end with demo users: intake registers and assigns,
 * the investigator verifies and proposes, an approver (another person) concludes; the investigator
 * proposes clearance, the cadre consents through the link from the local inbox, the approver
 * publishes, and the notice is on the board and verifies. The fabrication flag that follows is
 * confirmed. Also: a VERSION_CONFLICT is reloaded and explained.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../infra/local/keys.ts';
import { anonymousReport, realNameReport } from '../support/fixtures.ts';
import { expectAccessible, ready, screenshot, useBrowserRuntime } from './support/browser.ts';

const env = useBrowserRuntime();

/** Signs in through the authorization-code flow: the console, the local login page, the callback. */
const signIn = async (userId: string, viewport: { width?: number } = {}): Promise<Page> => {
  const page = await env.newPage(viewport);
  await page.goto('/console/sign-in');
  await page.locator('#start-sign-in').click();
  await page.locator(`button[data-user="${userId}"]`).click();
  await page.locator('.console-nav').waitFor();
  await page.waitForLoadState('networkidle');
  return page;
};

const field = (page: Page, text: string) => page.getByLabel(new RegExp(`^${text}( \\*)?$`));

/** Opens an action's form on the clue page, lets `fill` complete it, confirms, and waits for the result. */
const act = async (page: Page, action: string, fill: () => Promise<void> = async () => {}) => {
  await page.locator(`#clue-actions button[data-action="${action}"]`).click();
  await fill();
  await page.locator('#confirm-action').click();
  await page.locator(`#action-done[data-action="${action}"]`).waitFor();
};

const statusOf = (page: Page) => page.locator('#clue-status').textContent();

// Each flow signs in up to three people through the authorization-code flow (two page loads and a
// token exchange apiece): generous headroom for a busy machine.
describe('the console', { timeout: 150_000 }, () => {
  const state = {} as { clueUrl: string; clearanceId: string; noticeUrl: string; receiptCode: string };

  // One clue goes from registration to conclusion, a step per test: each proves one thing, and a
  // slow machine meets each test's limit rather than one limit for the whole journey.
  it('registers the reports on one cadre as one clue, and intake assigns it', async () => {
    const cadre = {
      name: '钱七',
      position: '某县水利局局长',
      organization: '某县水利局',
      region: '某省某县',
    };
    const fabricated = {
      ...realNameReport(),
      accused: cadre,
      allegations: [
        { summary: '利用职权为亲属承揽水利工程', incidentFrom: '2024-03-01' },
        { summary: '在防汛物资采购中收受回扣', incidentFrom: '2024-06-01' },
      ],
    };
    const other = { ...anonymousReport('公车私用'), accused: cadre };
    const submitted = await env.api('POST', '/reports', fabricated);
    expect(submitted.status).toBe(201);
    state.receiptCode = submitted.body.receiptCode;
    expect((await env.api('POST', '/reports', other)).status).toBe(201);

    // Intake: both reports in the queue, registered together as one clue, then assigned.
    const intake = await signIn('demo-intake');
    const queued = intake.locator('#unregistered > li');
    await expect.poll(() => queued.count()).toBe(2);
    await expectAccessible(intake, 'work queue');
    await screenshot(intake, 'console-queue');
    await expect(intake.locator('#register-clue').isDisabled()).resolves.toBe(true);
    for (const box of await intake.locator('#unregistered input[type="checkbox"]').all()) await box.check();
    await intake.locator('#register-clue').click();
    await intake.locator('#clue-status').waitFor();
    state.clueUrl = new URL(intake.url()).pathname;
    expect(state.clueUrl).toMatch(/^\/console\/clues\/.+/);
    await expect(statusOf(intake)).resolves.toBe('已受理');
    // 核实身份: the real-name report is unverified until intake records meeting or calling the person.
    const report = intake.locator(`li[data-report="${submitted.body.reportId}"]`);
    await expect(report.locator('[data-marker="identityStatus"]').textContent()).resolves.toBe('身份未核实');
    await report.locator('summary').click();
    await report.getByLabel('核实方式').selectOption('PHONE_CALL');
    await report.getByLabel(/^核实情况/).fill('按举报人留存电话回拨，核对姓名及身份证号后六位一致。');
    await report.locator('button.verify-identity').click();
    await expect(report.locator('[role="alert"]').textContent()).resolves.toMatch(/请先勾选确认/);
    await report.getByLabel(/本人确已当面或通过电话核实/).check();
    await report.locator('button.verify-identity').click();
    await expect
      .poll(() =>
        intake
          .locator(`li[data-report="${submitted.body.reportId}"] [data-marker="identityStatus"]`)
          .textContent(),
      )
      .toBe('身份已核实');
    // Intake may assign, shelve, transfer or close; never verify or conclude.
    const intakeActions = await intake
      .locator('#clue-actions button')
      .evaluateAll((b) => b.map((x) => x.getAttribute('data-action')));
    expect(intakeActions.sort()).toEqual(['assign', 'close', 'shelve', 'transfer']);
    await act(intake, 'assign', async () => {
      await field(intake, '承办人').selectOption('demo-investigator');
    });
    await expect(intake.locator('#clue-assignee').textContent()).resolves.toBe('demo-investigator');
    await expect(statusOf(intake)).resolves.toBe('已分办');
    // The queue lists it under its assignee.
    await intake.goto('/console');
    await intake.locator('#assignee-filter').fill('demo-investigator');
    await intake.getByRole('button', { name: '查看', exact: true }).click();
    await expect.poll(() => intake.locator('#clues-by-assignee tbody tr').count()).toBe(1);
    await expect(intake.locator('#clues-by-assignee tbody tr td').nth(4).textContent()).resolves.toMatch(
      /剩余 \d+ 天/,
    );
  });

  it('lets the investigator verify and propose a finding per allegation, not approve it', async () => {
    const investigator = await signIn('demo-investigator');
    await investigator.goto(state.clueUrl);
    await investigator.locator('#clue-status').waitFor();
    await act(investigator, 'start-verification');
    await expect(statusOf(investigator)).resolves.toBe('初步核实中');
    await act(investigator, 'propose-conclusion', async () => {
      const selects = investigator.locator('form[data-action="propose-conclusion"] select');
      await expect.poll(() => selects.count()).toBe(3);
      const choices = ['FABRICATED', 'UNTRUE', 'INCONCLUSIVE'];
      const reasons = [
        '经调取工程合同、招投标档案和银行流水，所涉工程与其亲属无任何关联，举报人系捏造事实，且其本人承认编造。',
        '经核查采购账目和供应商陈述，未发现收受回扣的情况，系举报人误解了正常的采购程序。',
        '现有证据既不能证实也不能排除公车私用的情况。',
      ];
      for (const [i, finding] of choices.entries()) {
        await selects.nth(i).selectOption(finding);
        await investigator
          .locator('form[data-action="propose-conclusion"] textarea')
          .nth(i)
          .fill(reasons[i] as string);
      }
      await field(investigator, '核查结论摘要').fill('两项反映不实，其中一项系诬告陷害；一项查无实据。');
    });
    await expect(statusOf(investigator)).resolves.toBe('结论待审批');
    // The proposer cannot approve their own conclusion (and has no approver role anyway).
    await expect(
      investigator.locator('#clue-actions button[data-action="approve-conclusion"]').count(),
    ).resolves.toBe(0);
  });

  it("concludes the clue only on a second person's approval (four eyes)", async () => {
    const approver = await signIn('demo-approver');
    await approver.goto(state.clueUrl);
    await approver.locator('#clue-status').waitFor();
    await expectAccessible(approver, 'clue page');
    await act(approver, 'approve-conclusion', () => field(approver, '审批意见（可选）').fill('同意。'));
    await expect(statusOf(approver)).resolves.toBe('已办结');
    await expect(approver.locator('#history li').count()).resolves.toBeGreaterThanOrEqual(5);
    await screenshot(approver, 'console-clue-concluded');
  });

  it('shows the reporter the outcome when they follow with the receipt code', async () => {
    await env.runtime.settled();
    const reporter = await env.newPage();
    await reporter.goto('/follow');
    await ready(reporter);
    await reporter.getByLabel(/^受理码/).fill(state.receiptCode);
    await reporter.locator('#lookup').click();
    await expect.poll(() => reporter.locator('#stage').textContent()).toBe('已办结');
    await expect(reporter.locator('.outcome').textContent()).resolves.toMatch(/处理结果/);
    await expect(reporter.locator('.timeline li').count()).resolves.toBeGreaterThanOrEqual(3);
  });

  it('proposes clearance for the eligible allegations only', async () => {
    const investigator = await signIn('demo-investigator');
    await investigator.goto(state.clueUrl);
    await investigator.locator('#clearance-form').waitFor();
    const boxes = investigator.locator('#clearance-form input[data-eligible]');
    await expect(boxes.evaluateAll((b) => b.map((x) => (x as HTMLInputElement).disabled))).resolves.toEqual([
      false,
      false,
      true,
    ]);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    // Each matter is named in the investigator's words, which the form asks for.
    const wordings = investigator.locator('#clearance-form input[data-wording]:visible');
    await expect(wordings.count()).resolves.toBe(2);
    await wordings.nth(0).fill('违反廉洁纪律问题');
    await wordings.nth(1).fill('违反工作纪律问题');
    await investigator.locator('#harm-CAREER_AFFECTED').check();
    await investigator.locator('#method-PUBLIC_NOTICE').check();
    // A talk brings its letter: the letter is ticked and cannot be unticked.
    await investigator.locator('#method-IN_PERSON').check();
    await expect(investigator.locator('#method-LETTER').isChecked()).resolves.toBe(true);
    await expect(investigator.locator('#method-LETTER').isDisabled()).resolves.toBe(true);
    await field(investigator, '澄清说明').fill('经核查，反映钱七同志的两项问题不实，予以澄清。');
    await field(investigator, '被澄清人的电子邮箱（发送征求意见链接）').fill('qianqi@example.cn');
    await investigator.locator('#clearance-form button[type="submit"]').click();
    await investigator.locator('#clearance-state').waitFor();
    await expect(investigator.locator('#clearance-state').textContent()).resolves.toBe('待本人同意');
    await expect(investigator.locator('#notice-preview').textContent()).resolves.toMatch(
      /钱七.*违反廉洁纪律问题/s,
    );
    await expect(investigator.locator('#clearance-methods').textContent()).resolves.toBe(
      '公开澄清、当面说明、发函说明',
    );
    await expect(investigator.locator('#document-LETTER').count()).resolves.toBe(1);
    state.clearanceId = decodeURIComponent(new URL(investigator.url()).pathname.split('/').at(-1) as string);
  });

  it("takes the cadre's consent from the link in the local inbox", async () => {
    let link: RegExpExecArray | null = null;
    await expect
      .poll(async () => {
        const inbox = await env.api<{ items: { message: string }[] }>('GET', '/local/inbox?limit=100');
        for (const item of inbox.body.items) {
          link ??= /consent\?clearance=([^&\s"]+)&token=([^\s"\\]+)/.exec(item.message);
        }
        return link?.[1];
      })
      .toBe(state.clearanceId);
    const [, clearance, token] = link as unknown as string[];
    const cadre = await env.newPage();
    await cadre.goto(`/consent?clearance=${clearance}&token=${token}`);
    await ready(cadre);
    expect(cadre.url()).not.toContain(token as string);
    // Everything agreed to is on the page before any button: who asks, the forms, the full text.
    await cadre.locator('#consent-content').waitFor();
    await expect(cadre.locator('#consent-commission').textContent()).resolves.toMatch(/某县纪委监委.*12388/);
    await expect(cadre.locator('#consent-public').count()).resolves.toBe(1);
    await expect(cadre.locator('#consent-allegations li').allTextContents()).resolves.toEqual([
      '违反廉洁纪律问题',
      '违反工作纪律问题',
    ]);
    await expect(cadre.locator('[data-method]').count()).resolves.toBe(3);
    await expectAccessible(cadre, 'consent page');
    await screenshot(cadre, 'consent');
    // A reload and a change of language keep the page (the token stays in this tab).
    await cadre.reload();
    await ready(cadre);
    await cadre.locator('#lang-switch').click();
    await cadre.locator('#consent-content').waitFor();
    await cadre.locator('#lang-switch').click();
    await cadre.locator('#consent-yes').click();
    await expect(cadre.locator('#consent-confirm-text').textContent()).resolves.toMatch(/确认同意/);
    await cadre.locator('#consent-confirm').click();
    await expect.poll(() => cadre.locator('[role="alert"]').textContent()).toMatch(/已记录您的同意/);
    await expect(cadre.locator('#consent-yes').count()).resolves.toBe(0);
    // A used link shows no buttons, only that it was used.
    await cadre.reload();
    await ready(cadre);
    await cadre.locator('#consent-invalid').waitFor();
    await expect(cadre.locator('#consent-yes').count()).resolves.toBe(0);
  });

  it("publishes the notice on another person's approval, with a preview before it", async () => {
    const approver = await signIn('demo-approver');
    await approver.goto(`/console/clearances/${encodeURIComponent(state.clearanceId)}`);
    await approver.locator('#consent-state').waitFor();
    await expect(approver.locator('#consent-state').textContent()).resolves.toMatch(/^同意/);
    await expect(approver.locator('h2', { hasText: '澄清文书全文' }).count()).resolves.toBe(1);
    await expectAccessible(approver, 'clearance page');
    await screenshot(approver, 'console-clearance-preview');
    await approver.locator('#approve-clearance').click();
    // Publishing asks first, saying what it does.
    await expect(approver.locator('.confirm-step').textContent()).resolves.toMatch(/发布后不能撤回/);
    await approver.locator('.confirm-step .confirm-yes').click();
    await expect.poll(() => approver.locator('#clearance-state').textContent()).toBe('已发布');
    state.noticeUrl = (await approver.locator('#published-notice').getAttribute('href')) as string;
  });

  it('shows the notice on the board and its own page, where it verifies', async () => {
    const reader = await env.newPage();
    await reader.goto('/board');
    await ready(reader);
    await expect(reader.locator('#notice-list li').first().textContent()).resolves.toMatch(/钱七/);
    await reader.locator('#notice-list li a').first().click();
    await reader.locator('#verify-notice').waitFor();
    expect(new URL(reader.url()).pathname).toBe(state.noticeUrl);
    await reader.locator('#verify-notice').click();
    await expect.poll(() => reader.locator('[data-valid]').getAttribute('data-valid')).toBe('true');
    await expectAccessible(reader, 'notice page');
    await screenshot(reader, 'notice');
  });

  it('refuses to verify an altered copy, and opens the shareable URL directly', async () => {
    // Here the page is served a notice with one word changed.
    const doubter = await env.newPage();
    await doubter.route('**/notices/*', async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      const notice = await response.json();
      await route.fulfill({ response, json: { ...notice, text: notice.text.replace('钱七', '钱八') } });
    });
    await doubter.goto(state.noticeUrl);
    await doubter.locator('#verify-notice').click();
    await expect.poll(() => doubter.locator('[data-valid]').getAttribute('data-valid')).toBe('false');
    await expect(doubter.locator('[data-valid]').textContent()).resolves.toMatch(/核验未通过/);

    // A shareable URL: a fresh visitor opening it directly sees the same notice.
    const visitor = await env.newPage();
    await visitor.goto(state.noticeUrl);
    await expect(visitor.locator('#notice-title').textContent()).resolves.toMatch(/钱七/);
  });

  it('lets an approver confirm the fabrication flag with a reason, and export it', async () => {
    await env.runtime.settled();
    const approver = await signIn('demo-approver');
    await approver.goto('/console/flags');
    const card = approver.locator('#flag-list li[data-flag]').first();
    await card.waitFor();
    await expect(card.textContent()).resolves.toMatch(/诬告陷害/);
    await expect(card.textContent()).resolves.toMatch(/R-[0-9A-Z]{5}-[0-9A-Z]{5}/);
    await expectAccessible(approver, 'flags');
    await screenshot(approver, 'console-flags');
    await card.locator('button[data-decision="CONFIRM"]').click();
    await expect(card.locator('.field-error').first().textContent()).resolves.toMatch(/必填/);
    await card.getByLabel(/^决定理由/).fill('经复核，捏造事实证据确凿，确认标记。');
    await card.locator('button[data-decision="CONFIRM"]').click();
    await card.locator('.confirm-step .confirm-yes').click();
    await expect.poll(() => approver.locator('#flag-list li[data-flag]').count()).toBe(0);
    await approver.locator('#flag-status').selectOption('CONFIRMED');
    await expect.poll(() => approver.locator('#flag-list li[data-flag]').count()).toBe(1);

    const download = approver.waitForEvent('download');
    await approver.getByRole('button', { name: 'JSON' }).click();
    const file = await download;
    const exported = JSON.parse(
      await (await file.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')),
    );
    expect(exported.items).toHaveLength(1);
    expect(exported.items[0].level).toBe('FABRICATION');

    // The same person reports again: received and handled, with the marker for the staff who triage.
    const again = await env.api('POST', '/reports', {
      ...realNameReport(),
      allegations: [{ summary: '又一次反映同一干部' }],
    });
    expect(again.status).toBe(201);
    const intake = await signIn('demo-intake');
    const item = intake.locator(`#unregistered li[data-report="${again.body.reportId}"]`);
    await item.waitFor();
    await expect(item.locator('[data-marker="reporterFlag"]').textContent()).resolves.toMatch(
      /诬告陷害（已确认）/,
    );
    // Their new report is unverified again: a new report may be typed by anyone.
    await expect(item.locator('[data-marker="identityStatus"]').textContent()).resolves.toBe('身份未核实');
    await item.locator('input[type="checkbox"]').check();
    await intake.locator('#register-clue').click();
    await intake.locator('#clue-status').waitFor();
    await expect(intake.locator('[data-marker="reporterFlag"]').first().textContent()).resolves.toMatch(
      /诬告陷害/,
    );
    await screenshot(intake, 'console-clue-flagged-reporter');

    // The person contests: the statement is recorded and the flag goes back to review.
    await approver.goto('/console/flags?status=CONFIRMED');
    const confirmed = approver.locator('#flag-list li[data-flag]').first();
    await confirmed.locator('summary').click();
    await confirmed.getByLabel(/^申诉内容/).fill('本人对认定有异议，已提交新的证明材料。');
    await confirmed.getByRole('button', { name: '提交申诉，重新审查' }).click();
    await expect.poll(() => approver.locator('#flag-list li[data-flag]').count()).toBe(0);
    await approver.locator('#flag-status').selectOption('PROPOSED');
    const reopened = approver.locator('#flag-list li[data-flag]').first();
    await reopened.waitFor();
    await expect(reopened.locator('.timeline').textContent()).resolves.toMatch(/申诉.*本人对认定有异议/s);
  });

  it('marks an allegation from before the cadre took the post as a historical matter', async () => {
    const intakeToken = await issueLocalToken('demo-intake', ['intake']);
    const cadre = await env.api(
      'POST',
      '/cadres',
      {
        name: '孙八',
        posts: [{ position: '某县交通局局长', organization: '某县交通局', from: '2025-01-01' }],
      },
      intakeToken,
    );
    expect(cadre.status).toBe(201);
    const report = await env.api('POST', '/reports', {
      ...anonymousReport('道路工程质量问题'),
      accused: { name: '孙八', position: '某县交通局局长', organization: '某县交通局' },
      allegations: [
        { summary: '2023年修建的道路出现严重质量问题', incidentFrom: '2023-03-01', incidentTo: '2023-10-31' },
        { summary: '2025年违规指定施工单位', incidentFrom: '2025-05-01' },
      ],
    });
    const clue = await env.api(
      'POST',
      '/clues',
      { reportIds: [report.body.reportId], cadreId: cadre.body.cadreId },
      intakeToken,
    );
    expect(clue.status).toBe(201);
    const page = await signIn('demo-intake');
    await page.goto(`/console/clues/${encodeURIComponent(clue.body.clueId)}`);
    await page.locator('#clue-status').waitFor();
    const items = page.locator('.allegation-list > li');
    await expect(items.nth(0).locator('[data-marker="predatesTenure"]').count()).resolves.toBe(1);
    await expect(items.nth(1).locator('[data-marker="predatesTenure"]').count()).resolves.toBe(0);
    await expectAccessible(page, 'clue with markers');
  });

  it('shows the dashboard with charts', async () => {
    const auditor = await signIn('demo-auditor');
    await auditor.goto('/console/dashboard');
    await auditor.locator('#staff-figures').waitFor();
    await expect(auditor.locator('svg.chart').count()).resolves.toBeGreaterThanOrEqual(4);
    const chart = (caption: string) => auditor.locator('figure', { hasText: caption }).locator('svg');
    await expect(chart('线索状态分布').getAttribute('aria-label')).resolves.toMatch(/已办结: 1/);
    await expect(chart('每月收到的举报').getAttribute('aria-label')).resolves.toMatch(/: [1-9]/);
    // One clue has been concluded by now, so days to conclude have a median (0 on the same day).
    await expect(chart('办结用时（天，已办结线索）').getAttribute('aria-label')).resolves.toMatch(
      /办结用时中位数（天）: \d+/,
    );
    await expectAccessible(auditor, 'dashboard');
    await screenshot(auditor, 'console-dashboard');
  });

  it('keeps the console usable at 375 px wide', async () => {
    const page = await signIn('demo-approver', { width: 375 });
    for (const [name, path] of [
      ['mobile-console-queue', '/console'],
      ['mobile-console-clue', state.clueUrl],
      ['mobile-console-flags', '/console/flags?status=CONFIRMED'],
      ['mobile-console-dashboard', '/console/dashboard'],
    ] as const) {
      await page.goto(path);
      await ready(page);
      await screenshot(page, name);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, name).toBeLessThanOrEqual(0);
    }
  });

  it('reloads a clue that changed meanwhile and says what changed (VERSION_CONFLICT)', async () => {
    const report = await env.api('POST', '/reports', anonymousReport('违规使用公务接待经费'));
    const intakeToken = await issueLocalToken('demo-intake', ['intake']);
    const clue = await env.api('POST', '/clues', { reportIds: [report.body.reportId] }, intakeToken);
    expect(clue.status).toBe(201);
    const page = await signIn('demo-intake');
    await page.goto(`/console/clues/${encodeURIComponent(clue.body.clueId)}`);
    await page.locator('#clue-status').waitFor();
    // Someone else assigns it first.
    const other = await issueLocalToken('intake-colleague', ['intake']);
    const changed = await env.api(
      'POST',
      `/clues/${clue.body.clueId}/actions`,
      { action: 'assign', expectedVersion: 1, assignee: 'someone-else' },
      other,
    );
    expect(changed.status).toBe(200);
    await page.locator('#clue-actions button[data-action="assign"]').click();
    await field(page, '承办人').selectOption('demo-investigator');
    await page.locator('#confirm-action').click();
    const banner = page.locator('#version-conflict');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(/已被他人修改/);
    await expect(banner.textContent()).resolves.toMatch(/承办人：— → someone-else/);
    await expect(page.locator('#clue-assignee').textContent()).resolves.toBe('someone-else');
    await expect(page.locator('#clue-version').textContent()).resolves.toBe('2');
  });

  it('after a clue was closed elsewhere, reloads it with no action left; explains INVALID_TRANSITION', async () => {
    const report = await env.api('POST', '/reports', anonymousReport('超标准配备办公用房'));
    const token = await issueLocalToken('demo-approver', ['approver']);
    const clue = await env.api(
      'POST',
      '/clues',
      { reportIds: [report.body.reportId] },
      await issueLocalToken('demo-intake', ['intake']),
    );
    const page = await signIn('demo-approver');
    const url = `/console/clues/${encodeURIComponent(clue.body.clueId)}`;
    await page.goto(url);
    await page.locator('#clue-status').waitFor();

    // The API refuses a transition: the message says why, and the page stays as it was.
    await page.route('**/actions', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'INVALID_TRANSITION', message: '线索状态为 CLOSED，不能执行 shelve' },
        }),
      }),
    );
    await page.locator('#clue-actions button[data-action="shelve"]').click();
    await field(page, '理由').fill('等待补充材料');
    await page.locator('#confirm-action').click();
    await expect
      .poll(() => page.locator('form[data-action="shelve"] [role="alert"]').textContent())
      .toMatch(/当前状态不允许此操作。.*CLOSED/);
    await page.unroute('**/actions');

    // Closed elsewhere meanwhile: the stale page gets VERSION_CONFLICT, reloads, offers nothing.
    const closed = await env.api(
      'POST',
      `/clues/${clue.body.clueId}/actions`,
      { action: 'close', expectedVersion: 1, reason: '不属于本机关受理范围' },
      token,
    );
    expect(closed.status).toBe(200);
    await page.locator('#confirm-action').click();
    await page.locator('#version-conflict').waitFor();
    await expect(page.locator('#no-actions').count()).resolves.toBe(1);
    await expect(statusOf(page)).resolves.toBe('已了结');
  });
});
