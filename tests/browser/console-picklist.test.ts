/**
 * The console picks members from the staff directory (GET /staff): intake assigns a clue by choosing
 * the investigator by name from a list filled from every page of GET /staff?role=investigator (the
 * page size is forced down here so that the list needs several pages), and the clue then holds that
 * investigator's user id. The list holds the commission's investigators only: no other role, no
 * member of another commission.
 */
import { describe, expect, it } from 'vitest';
import { anonymousReport } from '../support/fixtures.ts';
import { testMembers } from '../support/members.ts';
import { expectAccessible, useBrowserRuntime } from './support/browser.ts';
import { consoleSupport } from './support/console.ts';

const env = useBrowserRuntime();
const { signIn, staff } = consoleSupport(env);

/** The seeded investigators of the single commission, as the list should show them. */
const investigators = testMembers
  .filter((m) => m.groups.includes('investigator') && m.commissionId === 'default')
  .map((m) => m.userId)
  .sort();

describe('the member pick lists', { timeout: 150_000 }, () => {
  it('assigns a clue to the investigator picked by name, reading every page of the directory', async () => {
    const intake = await signIn('demo-intake');
    const report = await env.api('POST', '/reports', {
      ...anonymousReport('违规发放津贴补贴'),
      accused: { name: '钱名录', position: '某县财政局副局长', organization: '某县财政局' },
    });
    expect(report.status).toBe(201);
    const clue = await staff('intake', 'POST', '/clues', { reportIds: [report.body.reportId] });

    // Three members a page: the list is only complete if the console follows nextCursor.
    const staffPages: string[] = [];
    await intake.route(/\/staff\?/, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('limit', '3');
      staffPages.push(url.search);
      return route.continue({ url: url.toString() });
    });

    await intake.goto(`/console/clues/${encodeURIComponent(clue.clueId)}`);
    await intake.locator('#clue-status').waitFor();
    await intake.locator('#clue-actions button[data-action="assign"]').click();
    const list = intake.getByLabel(/^承办人( \*)?$/);
    await expect.poll(() => list.isEnabled()).toBe(true);

    const values = await list
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(values[0]).toBe('');
    expect(values.slice(1)).toEqual(expect.arrayContaining(investigators));
    expect(values).not.toContain('demo-intake');
    expect(values).not.toContain('inv-a');
    expect(staffPages.length).toBeGreaterThanOrEqual(Math.ceil(investigators.length / 3));
    expect(staffPages.every((q) => q.includes('role=investigator'))).toBe(true);
    await expectAccessible(intake, 'assign pick list');

    // Submitting without a choice says so beside the list.
    await intake.locator('#confirm-action').click();
    await expect(intake.locator('#assignee-error').textContent()).resolves.toBe('此项必填。');

    // Picked by the name shown, the user id is what is sent.
    await list.selectOption({ label: '李建华（监督检查室）（demo-investigator）' });
    await intake.locator('#confirm-action').click();
    await intake.locator('#action-done[data-action="assign"]').waitFor();
    await expect(intake.locator('#clue-assignee').textContent()).resolves.toBe('demo-investigator');
    const stored = await staff('intake', 'GET', `/clues/${clue.clueId}`);
    expect(stored.assignee).toBe('demo-investigator');
    expect(stored.status).toBe('ASSIGNED');
  });
});
