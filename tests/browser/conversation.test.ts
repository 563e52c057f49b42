/**
 * The conversation in Chromium: intake asks the reporter a question from the work queue, the
 * reporter reads it on the follow page and replies with the receipt code, and intake sees the
 * answer marked unread in the queue until reading it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { anonymousReport } from '../support/fixtures.ts';
import { expectAccessible, ready, useBrowserRuntime } from './support/browser.ts';
import { consoleSupport } from './support/console.ts';

const env = useBrowserRuntime();

const { signIn } = consoleSupport(env);

const field = (page: Page, text: string) => page.getByLabel(new RegExp(`^${text}( \\*)?$`));

describe('the conversation', { timeout: 150_000 }, () => {
  it('carries a question to the reporter and the answer back, unread until intake reads it', async () => {
    const submitted = await env.api('POST', '/reports', anonymousReport('在公务接待中超标准列支'));
    expect(submitted.status).toBe(201);
    const { reportId, receiptCode } = submitted.body as { reportId: string; receiptCode: string };
    const question = '请补充说明接待的日期和地点。';
    const answer = '2024年5月12日，在县宾馆。';

    // Intake asks from the queue.
    const intake = await signIn('demo-intake');
    const report = intake.locator(`#unregistered > li[data-report="${reportId}"]`);
    await report.locator('details.conversation-details summary').click();
    const box = report.locator(`#conversation-${reportId}`);
    await box.locator('textarea').fill(question);
    await box.locator('button.send-message').click();
    await expect.poll(() => box.locator('li[data-from="COMMISSION"] .text').textContent()).toBe(question);

    // The reporter reads it on the follow page and replies.
    const portal = await env.newPage();
    await portal.goto('/follow');
    await ready(portal);
    await field(portal, '受理码').fill(receiptCode);
    await portal.locator('#lookup').click();
    const messages = portal.locator('#lookup-result li[data-from]');
    await expect.poll(() => messages.last().textContent()).toContain(question);
    await field(portal, '回复或补充情况').fill(answer);
    await portal.locator('#send-reply').click();
    await expect
      .poll(() => portal.locator('#lookup-result li[data-from="REPORTER"]').textContent())
      .toContain(answer);
    await expectAccessible(portal, 'follow with conversation');

    // Back in the queue: the answer is marked unread, and reading it clears the marker.
    await intake.reload();
    await intake.waitForLoadState('networkidle');
    const marker = report.locator(':scope > [data-marker="unread"]');
    await expect.poll(() => marker.count()).toBe(1);
    await report.locator('details.conversation-details summary').click();
    const reply = report.locator('li[data-from="REPORTER"]');
    await expect.poll(() => reply.locator('.text').textContent()).toBe(answer);
    expect(await reply.locator('[data-marker="unread"]').count()).toBe(1);
    await expectAccessible(intake, 'queue with conversation');
    await intake.reload();
    await intake.waitForLoadState('networkidle');
    await report.waitFor();
    expect(await marker.count()).toBe(0);
  });
});
