/**
 * The cadre registry in the console: intake records a cadre with two posts and their tenure, sees
 * the record, and links a clue to it from the clue page; the allegation from before the post is
 * then marked as a historical matter, and the link is on the clue's history.
 */
import { describe, expect, it } from 'vitest';
import { anonymousReport } from '../support/fixtures.ts';
import { expectAccessible, ready, screenshot, useBrowserRuntime } from './support/browser.ts';
import { consoleSupport } from './support/console.ts';

const env = useBrowserRuntime();
const { signIn, staff } = consoleSupport(env);

describe('the cadre registry', { timeout: 150_000 }, () => {
  it('records a cadre with posts and tenure, and links a clue to the record from the clue page', async () => {
    const intake = await signIn('demo-intake');
    await intake.locator('.console-nav a[href="/console/cadres"]').click();
    await intake.locator('#cadre-form').waitFor();
    await expect(intake.locator('main h1').textContent()).resolves.toBe('干部档案');

    // Nothing is sent while a required field is empty; each says so beside it.
    await intake.locator('#create-cadre').click();
    await expect(intake.locator('#cadre-form .field-error').first().textContent()).resolves.toMatch(/必填/);

    await intake.getByLabel(/^姓名/).fill('周九');
    await intake.getByLabel(/^职务（1）/).fill('某县教育局副局长');
    await intake.getByLabel(/^单位（1）/).fill('某县教育局');
    await intake.getByLabel(/^任职起始日期（1）/).fill('2020-03-01');
    await intake.getByLabel(/^任职截止日期（1）/).fill('2023-12-31');
    await intake.locator('#add-post').click();
    await intake.getByLabel(/^职务（2）/).fill('某县教育局局长');
    await intake.getByLabel(/^单位（2）/).fill('某县教育局');
    await intake.getByLabel(/^任职起始日期（2）/).fill('2024-01-01');
    await expectAccessible(intake, 'cadre form');
    await intake.locator('#create-cadre').click();

    await intake.locator('#cadre-created').waitFor();
    const cadreId = (await intake.locator('#cadre-id').textContent()) as string;
    expect(cadreId).toMatch(/^cad_/);
    expect(new URL(intake.url()).pathname).toBe(`/console/cadres/${cadreId}`);
    await expect(intake.locator('#cadre-name').textContent()).resolves.toBe('周九');
    const posts = await intake.locator('#cadre-post-list li').allTextContents();
    expect(posts).toEqual([
      '某县教育局 某县教育局副局长 · 2020-03-01 至 2023-12-31',
      '某县教育局 某县教育局局长 · 2024-01-01 至 今',
    ]);
    await expectAccessible(intake, 'cadre record');
    await screenshot(intake, 'console-cadre');

    // A clue about him, with one allegation from before he took any post and one after.
    const report = await env.api('POST', '/reports', {
      ...anonymousReport('违规招录教师'),
      accused: { name: '周九', position: '某县教育局局长', organization: '某县教育局' },
      allegations: [
        { summary: '2018年违规招录亲属为教师', incidentFrom: '2018-07-01', incidentTo: '2018-08-31' },
        { summary: '2024年违规指定教材供应商', incidentFrom: '2024-05-01' },
      ],
    });
    expect(report.status).toBe(201);
    const clue = await staff('intake', 'POST', '/clues', { reportIds: [report.body.reportId] });
    await intake.goto(`/console/clues/${encodeURIComponent(clue.clueId)}`);
    await intake.locator('#link-cadre-form').waitFor();
    await expect(intake.locator('#linked-cadre').textContent()).resolves.toBe('尚未关联干部档案。');
    await expect(intake.locator('[data-marker="predatesTenure"]').count()).resolves.toBe(0);

    // A number that is not in the registry is refused, and nothing changes.
    await intake.getByLabel(/^干部档案编号/).fill('cad_nosuchcadre');
    await intake.locator('#link-cadre-form button[type="submit"]').click();
    await expect.poll(() => intake.locator('#link-cadre-form [role="alert"]').textContent()).toMatch(/\S/);
    await expect(intake.locator('#clue-version').textContent()).resolves.toBe(String(clue.version));

    await intake.getByLabel(/^干部档案编号/).fill(cadreId);
    await intake.locator('#link-cadre-form button[type="submit"]').click();
    await intake.locator('#cadre-linked').waitFor();
    await expect(intake.locator('#linked-cadre a').textContent()).resolves.toBe(cadreId);
    const items = intake.locator('.allegation-list > li');
    await expect(items.nth(0).locator('[data-marker="predatesTenure"]').count()).resolves.toBe(1);
    await expect(items.nth(1).locator('[data-marker="predatesTenure"]').count()).resolves.toBe(0);
    await expect(intake.locator('#history').textContent()).resolves.toMatch(/关联干部档案/);
    await expectAccessible(intake, 'clue linked to a cadre');

    // The link leads back to the record.
    await intake.locator('#linked-cadre a').click();
    await expect.poll(() => intake.locator('#cadre-name').textContent()).toBe('周九');
  });

  it('shows the registry to intake and approvers only, and lets no investigator record a cadre', async () => {
    const investigator = await signIn('demo-investigator');
    await expect(investigator.locator('.console-nav a[href="/console/cadres"]').count()).resolves.toBe(0);
    await investigator.goto('/console/cadres');
    await investigator.locator('#cadre-lookup').waitFor();
    await expect(investigator.locator('#cadre-form').count()).resolves.toBe(0);
    const approver = await signIn('demo-approver');
    await expect(approver.locator('.console-nav a[href="/console/cadres"]').count()).resolves.toBe(1);
  });

  it('keeps the new screens usable at 375 px wide', async () => {
    const page = await signIn('demo-approver', { width: 375 });
    for (const [name, path] of [
      ['mobile-console-cadres', '/console/cadres'],
      ['mobile-console-follow-ups', '/console/follow-ups'],
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
});
