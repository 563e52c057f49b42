/**
 * Objections (异议) in Chromium: a reporter whose report was concluded objects on the follow page
 * (the window's end is shown), an approver reopens the clue from the console's objections page
 * after confirming, and the reporter then reads both steps in the messages.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../infra/local/keys.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { expectAccessible, ready, screenshot, useBrowserRuntime } from './support/browser.ts';
import { consoleSupport } from './support/console.ts';

const env = useBrowserRuntime();

const { signIn } = consoleSupport(env);

/** A report concluded through the API, as the console would take it: its receipt code and clue. */
const concludedReport = async () => {
  const token = {
    intake: await issueLocalToken('demo-intake', ['intake']),
    investigator: await issueLocalToken('demo-investigator', ['investigator']),
    approver: await issueLocalToken('other-approver', ['approver']),
  };
  const submitted = await env.api('POST', '/reports', anonymousReport('在项目验收中收受好处费'));
  let clue = (await env.api('POST', '/clues', { reportIds: [submitted.body.reportId] }, token.intake)).body;
  const act = async (who: keyof typeof token, body: Record<string, unknown>) => {
    const response = await env.api(
      'POST',
      `/clues/${clue.clueId}/actions`,
      { expectedVersion: clue.version, ...body },
      token[who],
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    clue = response.body;
  };
  await act('intake', { action: 'assign', assignee: 'demo-investigator' });
  await act('investigator', { action: 'start-verification' });
  await act('investigator', {
    action: 'propose-conclusion',
    summary: '查无实据',
    findings: clue.allegations.map((a: { allegationId: string }) => ({
      allegationId: a.allegationId,
      finding: 'UNTRUE',
      reason: '经调阅会议记录和财务凭证，所反映事项与事实不符，属误听误信。',
    })),
  });
  await act('approver', { action: 'approve-conclusion' });
  return { receiptCode: submitted.body.receiptCode as string, clueId: clue.clueId as string };
};

const follow = async (page: Page, receiptCode: string) => {
  await page.goto('/follow');
  await ready(page);
  await page.getByLabel(/^受理码( \*)?$/).fill(receiptCode);
  await page.locator('#lookup').click();
  await page.locator('#stage').waitFor();
};

describe('objections', { timeout: 150_000 }, () => {
  it('the reporter objects on the follow page; an approver reopens after confirming; the reporter sees both steps', async () => {
    const { receiptCode, clueId } = await concludedReport();

    const reporter = await env.newPage();
    await follow(reporter, receiptCode);
    await expect(reporter.locator('#stage').textContent()).resolves.toBe('已办结');
    const intro = await reporter.locator('#objection-form').locator('..').textContent();
    expect(intro).toMatch(/可在 .+ 前提出异议/);
    await expectAccessible(reporter, 'objection form');
    await reporter.locator('#object').click();
    // Sent empty, the form says so beside the field and sends nothing.
    await expect
      .poll(() => reporter.getByLabel(/^异议理由( \*)?$/).getAttribute('aria-invalid'))
      .toBe('true');
    await reporter
      .getByLabel(/^异议理由( \*)?$/)
      .fill('我有新的证据，验收记录显示当天他本人在场，请重新核查。');
    await reporter.locator('#object').click();
    await expect
      .poll(() => reporter.locator('#objection-standing').textContent())
      .toBe('您的异议正在复核中。');
    await expect(reporter.locator('.messages').textContent()).resolves.toContain('您提出的异议已收到');
    await screenshot(reporter, 'objection-lodged');

    const approver = await signIn('demo-approver');
    await approver.getByRole('link', { name: '异议复核' }).click();
    // The card names the clue by its case number and links to it by id.
    const ofClue = () =>
      approver
        .locator(`#objection-list li[data-objection]`)
        .filter({ has: approver.locator(`a[href="/console/clues/${clueId}"]`) });
    const card = ofClue();
    await card.waitFor();
    await expect(card.locator('.objection-reason').textContent()).resolves.toContain(
      '验收记录显示当天他本人在场',
    );
    await expectAccessible(approver, 'objections page');
    await card.getByLabel(/^复核意见( \*)?$/).fill('举报人提供了新的验收记录，需重新核查。');
    await card.locator('button[data-decision="REOPEN"]').click();
    await expect(card.locator('.confirmation [role="alert"]').textContent()).resolves.toContain(
      '确定重新核查',
    );
    await card.locator('button[data-confirm="REOPEN"]').click();
    await expect.poll(() => ofClue().count()).toBe(0);
    await screenshot(approver, 'objection-decided');

    await approver.goto(`/console/clues/${clueId}`);
    await expect.poll(() => approver.locator('#clue-status').textContent()).toBe('初步核实中');
    await expect(approver.locator('[data-marker="objection"]').textContent()).resolves.toContain(
      '因异议重新核查',
    );

    await follow(reporter, receiptCode);
    await expect(reporter.locator('#stage').textContent()).resolves.not.toBe('已办结');
    await expect(reporter.locator('.messages').textContent()).resolves.toContain(
      '经复核，决定对您反映的问题重新进行核查。',
    );
  });

  it('a reporter objects to a decision not to accept (不予受理); the approver sees the report and upholds the decision', async () => {
    const intake = await issueLocalToken('demo-intake', ['intake']);
    const submitted = await env.api('POST', '/reports', anonymousReport('在扶贫项目中虚报冒领'));
    const { reportId, receiptCode } = submitted.body as { reportId: string; receiptCode: string };
    const declined = await env.api(
      'POST',
      `/reports/${reportId}/decline`,
      { reason: '反映的是村民之间的土地纠纷，不属于本机关受理范围' },
      intake,
    );
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);

    const reporter = await env.newPage();
    await follow(reporter, receiptCode);
    await expect(reporter.locator('#objection-title').textContent()).resolves.toBe('对不予受理决定提出异议');
    await reporter
      .getByLabel(/^异议理由( \*)?$/)
      .fill('我反映的是村干部虚报冒领扶贫资金，不是土地纠纷，请重新审查。');
    await reporter.locator('#object').click();
    await expect
      .poll(() => reporter.locator('#objection-standing').textContent())
      .toBe('您的异议正在复核中。');

    const approver = await signIn('demo-approver');
    await approver.getByRole('link', { name: '异议复核' }).click();
    const card = approver.locator('#objection-list li[data-objection]').filter({ hasText: reportId });
    await card.waitFor();
    await expect(card.locator('[data-against="NOT_ACCEPTED"]').textContent()).resolves.toBe(
      '对不予受理决定的异议',
    );
    await expect(card.locator('.declined-report').textContent()).resolves.toContain('土地纠纷');
    await expect(card.locator('a[href^="/console/clues/"]').count()).resolves.toBe(0);
    await expectAccessible(approver, 'objections page, a decline');
    await card.getByLabel(/^复核意见( \*)?$/).fill('所反映问题确属村民之间的土地纠纷，原决定并无不当。');
    await card.locator('button[data-decision="UPHOLD"]').click();
    await expect(card.locator('.confirmation [role="alert"]').textContent()).resolves.toBe(
      '确定维持原不予受理决定？',
    );
    await card.locator('button[data-confirm="UPHOLD"]').click();
    await expect
      .poll(() =>
        approver.locator('#objection-list li[data-objection]').filter({ hasText: reportId }).count(),
      )
      .toBe(0);

    await follow(reporter, receiptCode);
    await expect(reporter.locator('#objection-standing').textContent()).resolves.toBe(
      '您的异议已复核：维持原不予受理决定。',
    );
    await expect(reporter.locator('.messages').textContent()).resolves.toContain(
      '经复核，原不予受理决定并无不当，予以维持。',
    );
  });
});
