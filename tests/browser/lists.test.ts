/**
 * The console's lists page on (issue 16): with more than a page of reports waiting, the intake
 * queue shows 50, says more follow, and 「加载更多」 brings the rest while the ticks stay; the clue
 * list's sort and filter choices are kept in the address across a reload.
 */
import { describe, expect, it } from 'vitest';
import { anonymousReport } from '../support/fixtures.ts';
import { useBrowserRuntime } from './support/browser.ts';
import { consoleSupport } from './support/console.ts';

const env = useBrowserRuntime();
const { signIn, staff } = consoleSupport(env);

describe('console lists', { timeout: 240_000 }, () => {
  it('pages the intake queue with 加载更多 and keeps the clue list’s choices in the address', async () => {
    const submitted: string[] = [];
    for (let i = 0; i < 64; i++) {
      const response = await env.api('POST', '/reports', anonymousReport(`第${i + 1}份列表分页举报`));
      expect(response.status).toBe(201);
      submitted.push(response.body.reportId);
    }
    const page = await signIn('demo-intake');
    const queued = page.locator('#unregistered > li');
    await expect.poll(() => queued.count()).toBe(50);
    await expect(page.locator('#unregistered-count').textContent()).resolves.toMatch(
      /已显示 50 条，还有更多/,
    );
    // A tick on the first page survives the next one.
    const first = page.locator('#unregistered input[type="checkbox"]').first();
    await first.check();
    await page.locator('#unregistered-more').click();
    await expect.poll(() => queued.count()).toBeGreaterThanOrEqual(64);
    const shown = await queued.evaluateAll((items) => items.map((li) => li.getAttribute('data-report')));
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown).toEqual(expect.arrayContaining(submitted));
    await expect(page.locator('#unregistered-more').isHidden()).resolves.toBe(true);
    await expect(page.locator('#unregistered-count').textContent()).resolves.toMatch(/已全部显示/);
    await expect(first.isChecked()).resolves.toBe(true);

    // Two clues; the list sorted by deadline, latest first, survives a reload.
    for (const reportId of submitted.slice(0, 2))
      await staff('intake', 'POST', '/clues', { reportIds: [reportId] });
    await page.locator('#status-filter').selectOption('REGISTERED');
    await page.locator('#list-sort').selectOption('deadline');
    await page.locator('#list-order').selectOption('desc');
    await page.locator('#list-category').selectOption('CORRUPTION');
    await expect.poll(() => page.url()).toMatch(/sort=deadline/);
    expect(new URL(page.url()).searchParams.get('order')).toBe('desc');
    await page.reload();
    await expect.poll(() => page.locator('#list-sort').inputValue()).toBe('deadline');
    await expect(page.locator('#list-order').inputValue()).resolves.toBe('desc');
    await expect(page.locator('#status-filter').inputValue()).resolves.toBe('REGISTERED');
    await expect(page.locator('#list-category').inputValue()).resolves.toBe('CORRUPTION');
    const rows = page.locator('#clues-by-status tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    // Latest deadline first: the clue registered second leads.
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-clue')));
    const clues = await staff(
      'intake',
      'GET',
      '/clues?status=REGISTERED&sort=deadline&order=desc&category=CORRUPTION',
    );
    expect(ids).toEqual(clues.items.map((c: { clueId: string }) => c.clueId));
  });
});
