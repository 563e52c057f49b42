/**
 * Whose portal it is (issue 16): every public page names the commission, its contact and the
 * national line 12388; the report form preselects the commission the address names, keeps the
 * choice through navigation, sends it with the report, and sends a report about the commission's
 * own leaders to the one above, saying so.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import type { Commission } from '../../shared/domain/commission.ts';
import { seedCommissions, testHierarchy } from '../support/commissions.ts';
import { expectAccessible, ready, screenshot, useBrowserRuntime } from './support/browser.ts';

const env = useBrowserRuntime();

const own: Commission = {
  commissionId: 'default',
  name: '甲市丙县纪委监委',
  level: 'COUNTY',
  parentId: 'city-jia',
  settings: { contact: '丙县纪委监委信访室 0000-7654321' },
  version: 1,
};

beforeAll(async () => {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(env.runtime.dynamoDbEndpoint)));
  try {
    await seedCommissions(db, env.runtime.tableName, [...testHierarchy, own]);
  } finally {
    db.destroy();
  }
});

const fillReport = async (page: Page, summary: string) => {
  await page.getByLabel(/^姓名( \*)?$/).fill('孙七');
  await page.getByLabel(/^职务( \*)?$/).fill('某县住建局副局长');
  await page.getByLabel(/^单位( \*)?$/).fill('某县住建局');
  await page.getByLabel(/^问题类别( \*)?$/).selectOption('CORRUPTION');
  await page.getByLabel(/^问题概要( \*)?$/).fill(summary);
};

/** Submits the form and returns the body the page sent. */
const submit = async (page: Page) => {
  const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/reports');
  await page.locator('#submit-report').click();
  const body = (await sent).postDataJSON() as Record<string, unknown>;
  await page.locator('#receipt-code').waitFor();
  return body;
};

const footerText = async (page: Page) =>
  ((await page.locator('#portal-commission').textContent()) ?? '').replace(/\s+/g, ' ');

describe('the portal names its commission and sends the chosen one', () => {
  it("names the deployment's own commission, its contact and 12388 when the address names none", async () => {
    const page = await env.newPage();
    await page.goto('/');
    await ready(page);

    const footer = await footerText(page);
    expect(footer).toContain('甲市丙县纪委监委');
    expect(footer).toContain('丙县纪委监委信访室 0000-7654321');
    expect(footer).toContain('12388');
    expect(footer).toContain('中央纪委国家监委');
    await expect(page.locator('#brand-commission').textContent()).resolves.toBe('甲市丙县纪委监委');
  });

  it('preselects the commission the address names, keeps a new choice through navigation, and sends it', async () => {
    const page = await env.newPage();
    await page.goto('/report?c=county-a');
    await ready(page);

    await expect(page.locator('#commission-province').inputValue()).resolves.toBe('prov');
    await expect(page.locator('#commission-city').inputValue()).resolves.toBe('city-jia');
    await expect(page.locator('#commission-county').inputValue()).resolves.toBe('county-a');
    expect(await footerText(page)).toContain('甲市A县纪委监委信访室 0000-1234567');
    await expectAccessible(page, 'report form with the commission');

    await page.locator('#commission-county').selectOption('county-b');
    await expect(page.locator('#commission-chosen').textContent()).resolves.toContain('甲市B县纪委监委');
    await fillReport(page, '在安置房分配中优亲厚友');
    const body = await submit(page);

    expect(body.commissionId).toBe('county-b');
    expect(body.aboutCommissionLeadership).toBeUndefined();
    await expect(page.locator('#receipt-commission').textContent()).resolves.toContain('甲市B县纪委监委');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#receipt-sheet').textContent()).toContain('甲市B县纪委监委');
    await page.emulateMedia({ media: 'screen' });

    // The choice holds through navigation: the board names the same commission.
    await page.getByRole('link', { name: '澄清公告' }).first().click();
    await page.locator('#notice-list-empty, #notice-list').first().waitFor();
    expect(await footerText(page)).toContain('甲市B县纪委监委');
    expect(await page.locator('#board-commission').count()).toBe(1);
  });

  it("sends a report about the county's own leaders to the city, and tells the reporter so", async () => {
    const page = await env.newPage();
    await page.goto('/report?c=county-a');
    await ready(page);

    await page.locator('#about-leadership').check();
    const note = (await page.locator('#leadership-note').textContent()) ?? '';
    expect(note).toContain('按照规定，反映本级纪委监委领导班子成员的问题，将报送上一级纪委监委处理');
    expect(note).toContain('甲市纪委监委');
    await fillReport(page, '县纪委监委副书记干预案件办理');
    const body = await submit(page);

    expect(body).toMatchObject({ commissionId: 'county-a', aboutCommissionLeadership: true });
    await expect(page.locator('#receipt-commission').textContent()).resolves.toContain('甲市纪委监委');
    const escalated = (await page.locator('#receipt-escalated').textContent()) ?? '';
    expect(escalated).toContain('甲市A县纪委监委');
    expect(escalated).toContain('甲市纪委监委');
    await screenshot(page, 'report-about-leadership');
  });
});

describe('the public statistics picker over a large registry', () => {
  it('offers every commission, past the first page, grouped by city and filtered by name', async () => {
    // Prepare: 120 more counties under the city, so the registry is longer than one page of 100.
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient(localClientConfig(env.runtime.dynamoDbEndpoint)),
    );
    try {
      await seedCommissions(
        db,
        env.runtime.tableName,
        Array.from({ length: 120 }, (_, i) => ({
          commissionId: `county-x${String(i).padStart(3, '0')}`,
          name: `甲市第${i}区纪委监委`,
          level: 'COUNTY' as const,
          parentId: 'city-jia',
          settings: {},
          version: 1,
        })),
      );
    } finally {
      db.destroy();
    }
    const page = await env.newPage();

    // Act
    await page.goto('/statistics');
    await ready(page);
    const picker = page.locator('#stats-commission');
    await expect.poll(() => picker.locator('option').count()).toBeGreaterThan(120);
    const group = await picker.locator('optgroup', { hasText: '甲市第119区纪委监委' }).getAttribute('label');
    await page.locator('#stats-commission-filter').fill('第119区');
    const filtered = await picker.locator('option').allTextContents();

    // Assess
    expect(group).toBe('某省纪委监委 › 甲市纪委监委');
    expect(filtered).toEqual(['全部（本平台所有机关）', '甲市第119区纪委监委']);
    await picker.selectOption('county-x119');
    await page.waitForURL(/commissionId=county-x119/);
  });
});
