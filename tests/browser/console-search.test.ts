/**
 * Case search from the console header: a member types part of an organisation or a case number,
 * sees reports and clues with their case numbers, pages on, and opens a clue from the results.
 */
import { describe, expect, inject, it } from 'vitest';
import { seedLocalCommissions } from '../../infra/local/commissions.ts';
import { issueLocalToken } from '../../infra/local/keys.ts';
import { forgetRegistry } from '../../shared/store/commissions.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { expectAccessible, screenshot, useBrowserRuntime } from './support/browser.ts';
import { consoleSupport } from './support/console.ts';

const env = useBrowserRuntime();
const { signIn, staff, token } = consoleSupport(env);

describe('case search', { timeout: 150_000 }, () => {
  it('searches from the header, shows case numbers, pages, and opens the clue', async () => {
    const report = (organization: string) => ({
      ...anonymousReport('违规使用公务用车'),
      accused: { name: '蒋检索', position: '所长', organization, region: '某省某县' },
    });
    // Enough reports about the same organisation for a second page (newest first: the clue leads).
    for (let i = 0; i < 21; i++)
      expect((await env.api('POST', '/reports', report('某县市场监督管理局'))).status).toBe(201);
    const submitted = await env.api('POST', '/reports', report('某县市场监督管理局'));
    expect(submitted.status).toBe(201);
    const clue = await staff('intake', 'POST', '/clues', { reportIds: [submitted.body.reportId] });
    expect(clue.caseNumber).toMatch(/^〔\d{4}〕某县纪委线索第\d{4}号$/);

    const page = await signIn('demo-investigator');
    // The index follows the writes by a second or two: search until the clue is there.
    await expect
      .poll(
        async () => {
          await page.locator('#console-search').fill('市场监督');
          await page.locator('#console-search-go').click();
          await page.locator('#search-status').waitFor({ state: 'attached' });
          await page.waitForLoadState('networkidle');
          return page.locator(`#search-results tr[data-hit="${clue.clueId}"]`).count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    await expect(page.locator('main h1').textContent()).resolves.toBe('检索“市场监督”的结果');
    const row = page.locator(`#search-results tr[data-hit="${clue.clueId}"]`);
    await expect(row.textContent()).resolves.toContain(clue.caseNumber);
    await expect(row.textContent()).resolves.toContain('问题线索');
    await expect(row.locator('.case-number').getAttribute('title')).resolves.toBe(clue.clueId);
    await expectAccessible(page, 'search results');
    await screenshot(page, 'console-search');

    // Twenty a page; "more" brings the rest.
    await expect(page.locator('#search-results tbody tr').count()).resolves.toBe(20);
    await page.locator('#search-more').click();
    await expect.poll(() => page.locator('#search-results tbody tr').count()).toBe(23);
    await expect(page.locator('#search-more').isHidden()).resolves.toBe(true);

    // One character is not a search: the answer says so.
    await page.locator('#console-search').fill('蒋');
    await page.locator('#console-search-go').click();
    await expect.poll(() => page.locator('#search-status').textContent()).toMatch(/至少需要2个字/);

    // The case number finds the clue, and a click opens it under its number.
    await page.locator('#console-search').fill(clue.caseNumber);
    await page.locator('#console-search-go').click();
    await page.locator(`#search-results tr[data-hit="${clue.clueId}"] a`).click();
    await page.locator('#clue-status').waitFor();
    await expect(page.locator('main h1').textContent()).resolves.toContain(clue.caseNumber);
    await expect(page.locator('main h1').getAttribute('title')).resolves.toBe(clue.clueId);
  });

  it('finds a report transferred in by the sender’s number, and says so in its row', async () => {
    // Prepare: a report of 甲市纪委监委 (its second, so its number is not one this county draws
    // next), handed down to this county by the city's intake.
    await seedLocalCommissions(inject('dynamoDbEndpoint'), env.runtime.tableName);
    forgetRegistry(); // the handlers run in this process
    const cityIntake = await issueLocalToken('jia-intake', ['intake'], 1, {
      'custom:commissionId': 'jia-shi',
    });
    const submit = async () => {
      const answer = await env.api('POST', '/reports', {
        ...anonymousReport('违规收受礼金'),
        accused: { name: '钟移来', position: '科长', organization: '某县自然资源局', region: '某省某县' },
        commissionId: 'jia-shi',
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      return answer.body.reportId as string;
    };
    await submit();
    const reportId = await submit();
    const queue = await env.api<any>('GET', '/reports?status=UNREGISTERED&limit=100', undefined, cityIntake);
    const cityNumber: string = queue.body.items.find(
      (r: { reportId: string }) => r.reportId === reportId,
    )?.caseNumber;
    expect(cityNumber).toMatch(/第\d{4}号$/);
    const moved = await env.api(
      'POST',
      `/reports/${reportId}/transfer`,
      { toCommissionId: 'default', reason: '按管理权限移交下级纪委办理' },
      cityIntake,
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const ours = await env.api<any>(
      'GET',
      '/reports?status=UNREGISTERED&limit=100',
      undefined,
      await token('intake'),
    );
    const ownNumber: string = ours.body.items.find(
      (r: { reportId: string }) => r.reportId === reportId,
    )?.caseNumber;
    expect(ownNumber).not.toBe(cityNumber);

    // Act: the county's investigator types the number on the city's transfer letter.
    const page = await signIn('demo-investigator');
    const row = page.locator(`#search-results tr[data-hit="${reportId}"]`);
    await expect
      .poll(
        async () => {
          await page.locator('#console-search').fill(cityNumber);
          await page.locator('#console-search-go').click();
          await page.locator('#search-status').waitFor({ state: 'attached' });
          await page.waitForLoadState('networkidle');
          return row.count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);

    // Assess: the row is the report as it is here, under this county's number, and names the
    // city's number it was found by.
    await expect(row.locator('.case-number').textContent()).resolves.toBe(ownNumber);
    await expect(row.locator('.former-number').textContent()).resolves.toBe(
      `按移交前编号检出：${cityNumber}`,
    );
    await expectAccessible(page, 'search results with a former number');
    // Found by its cadre, the row names no former number.
    await page.locator('#console-search').fill('钟移来');
    await page.locator('#console-search-go').click();
    // The former search's row stays on the page until the new answer replaces it (on a busy
    // machine, long enough to be counted): wait for the row without the note, then for it alone.
    await expect.poll(() => row.locator('.former-number').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await expect(row.locator('.case-number').textContent()).resolves.toBe(ownNumber);
  });
});
