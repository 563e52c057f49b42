/**
 * Follow-up visits (回访) in the console: once a clearance is published, its visit is listed by due
 * date; the clue's investigator records it with what was learned, it leaves the list, and the
 * recording is on the clue's history.
 */
import { describe, expect, it } from 'vitest';
import { anonymousReport } from '../support/fixtures.ts';
import { expectAccessible, screenshot, useBrowserRuntime } from './support/browser.ts';
import { consoleSupport } from './support/console.ts';

const env = useBrowserRuntime();
const { signIn, staff, concludedClue, publishedClearance } = consoleSupport(env);

describe('follow-up visits', { timeout: 150_000 }, () => {
  it('lists the visit of a published clearance and lets the investigator record it', async () => {
    const clue = await concludedClue(
      {
        ...anonymousReport('违规收受土特产'),
        accused: { name: '吴十', position: '某镇镇长', organization: '某镇人民政府' },
      },
      ['UNTRUE'],
    );
    const clearance = await publishedClearance(clue);
    expect(clearance.status).toBe('PUBLISHED');

    const investigator = await signIn('demo-investigator');
    await investigator.locator('.console-nav a[href="/console/follow-ups"]').click();
    const card = investigator.locator(`#follow-up-list li[data-follow-up]`, { hasText: '吴十' });
    await card.waitFor();
    await expect(card.textContent()).resolves.toMatch(/吴十，某镇人民政府 某镇镇长/);
    await expect(card.textContent()).resolves.toMatch(/回访日期 \d{4}/);
    await expect(card.locator(`a[href="/console/clues/${clue.clueId}"]`).count()).resolves.toBe(1);
    await expectAccessible(investigator, 'follow-up visits');
    await screenshot(investigator, 'console-follow-ups');

    // Not due for a month yet: "only those due now" leaves it out.
    await investigator.locator('#due-only').check();
    await expect.poll(() => investigator.locator('#follow-up-list li[data-follow-up]').count()).toBe(0);
    await investigator.locator('#due-only').uncheck();
    await card.waitFor();

    // An auditor sees the same visit, without a way to record it; intake has no such screen.
    const auditor = await signIn('demo-auditor');
    await auditor.locator('.console-nav a[href="/console/follow-ups"]').click();
    await auditor.locator('#follow-up-list li[data-follow-up]', { hasText: '吴十' }).waitFor();
    await expect(auditor.locator('form.record-visit').count()).resolves.toBe(0);
    const intake = await signIn('demo-intake');
    await expect(intake.locator('.console-nav a[href="/console/follow-ups"]').count()).resolves.toBe(0);

    // The notes are required; the date may be left for today.
    await card.getByRole('button', { name: '记录回访' }).click();
    await expect(card.locator('.field-error').first().textContent()).resolves.toMatch(/必填/);
    await card.getByLabel(/^回访情况/).fill('到该同志单位回访，本人表示工作状态良好，已正常参加年度考核。');
    await card.getByRole('button', { name: '记录回访' }).click();
    await investigator.locator('#visit-recorded').waitFor();
    await expect(
      investigator.locator('#follow-up-list li[data-follow-up]', { hasText: '吴十' }).count(),
    ).resolves.toBe(0);

    const after = await staff('approver', 'GET', `/clues/${clue.clueId}`);
    const entry = after.history.at(-1);
    expect(entry).toMatchObject({ action: 'record-follow-up', actor: 'demo-investigator' });
    await investigator.goto(`/console/clues/${encodeURIComponent(clue.clueId)}`);
    await expect.poll(() => investigator.locator('#history li').last().textContent()).toMatch(/记录回访/);
  });
});
