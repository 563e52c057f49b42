/**
 * 回避 in the console: the assigned investigator declares a conflict on the clue page, after a
 * confirmation that says what follows, and is then shown a plain 回避 notice instead of the clue,
 * also when opening it again. An approver sees the recusal listed, the clue without its assignee,
 * and records a recusal for another member; then lifts the investigator's (解除回避, with a reason
 * and a confirmation), which stays listed as lifted, and the investigator opens the clue again.
 */
import { describe, expect, it } from 'vitest';
import { anonymousReport } from '../support/fixtures.ts';
import { expectAccessible, ready, screenshot, useBrowserRuntime } from './support/browser.ts';
import { consoleSupport } from './support/console.ts';

const env = useBrowserRuntime();
const { signIn, staff, token } = consoleSupport(env);

/**
 * Registers the report as a clue. On a loaded machine a registration can commit and still time out
 * (503, then 409 on the retry); the clue is then found in the registration queue by its cadre.
 */
const registered = async (reportId: string, accusedName: string) => {
  const intake = await token('intake');
  const made = await env.api('POST', '/clues', { reportIds: [reportId] }, intake);
  if (made.status === 201) return made.body;
  expect(made.status, JSON.stringify(made.body)).toBe(409);
  const queue = await env.api('GET', '/clues?status=REGISTERED&limit=100', undefined, intake);
  const found = queue.body.items.find((c: { accused: { name: string } }) => c.accused.name === accusedName);
  expect(found, 'the registered clue').toBeDefined();
  return (await env.api('GET', `/clues/${found.clueId}`, undefined, intake)).body;
};

describe('the recusal panel', { timeout: 240_000 }, () => {
  it('lets a member declare their own conflict, and an approver record one for a member and lift one', async () => {
    // Signed in first: the runtime is warm before the set-up writes (a loaded machine times out cold ones).
    const investigator = await signIn('demo-investigator');
    const report = await env.api('POST', '/reports', {
      ...anonymousReport('违规插手工程招标'),
      accused: { name: '钱回避', position: '某县交通局副局长', organization: '某县交通局' },
    });
    expect(report.status).toBe(201);
    let clue = await registered(report.body.reportId, '钱回避');
    clue = await staff('intake', 'POST', `/clues/${clue.clueId}/actions`, {
      expectedVersion: clue.version,
      action: 'assign',
      assignee: 'demo-investigator',
    });
    const url = `/console/clues/${encodeURIComponent(clue.clueId)}`;

    await investigator.goto(url);
    await investigator.locator('#recusal-form-self').waitFor();
    await expect(investigator.locator('#recusal-list').textContent()).resolves.toMatch(/尚无回避记录/);
    // An investigator records no recusal for others.
    await expect(investigator.locator('#recusal-form-other').count()).resolves.toBe(0);

    // Too short a reason is refused beside the field, before anything is sent.
    await investigator.getByLabel(/^回避理由/).fill('亲属');
    await investigator.locator('#recusal-form-self button[type="submit"]').click();
    await expect(investigator.locator('#recusal-form-self .field-error').textContent()).resolves.toMatch(
      /至少/,
    );

    await investigator.getByLabel(/^回避理由/).fill('本人与被反映人系表兄弟关系，申请回避。');
    await investigator.locator('#recusal-form-self button[type="submit"]').click();
    const confirm = investigator.locator('#recusal-form-self .confirm-step');
    await confirm.waitFor();
    await expect(confirm.textContent()).resolves.toMatch(/不能再查阅、办理或审批该线索/);
    await expect(confirm.textContent()).resolves.toMatch(/承办人/);
    await expectAccessible(investigator, 'recusal confirmation');
    await confirm.locator('.confirm-yes').click();

    await investigator.locator('#recused-notice').waitFor();
    await expect(investigator.locator('#recused-notice h2').textContent()).resolves.toBe('您已对该线索回避');
    await investigator.reload();
    await ready(investigator);
    await investigator.locator('#recused-notice').waitFor();
    await expect(investigator.locator('#recusal-form-self').count()).resolves.toBe(0);
    await expectAccessible(investigator, 'recused notice');
    await screenshot(investigator, 'console-recused');

    const approver = await signIn('demo-approver');
    await approver.goto(url);
    await approver.locator('#recusal-form-other').waitFor();
    await expect.poll(() => approver.locator('#recusal-list').textContent()).toMatch(/demo-investigator/);
    await expect(approver.locator('#recusal-list').textContent()).resolves.toMatch(/本人申请回避/);
    await expect(approver.locator('#history').textContent()).resolves.toMatch(/recusal|回避/);

    await approver.getByLabel(/^回避人员/).selectOption('demo-intake');
    await approver
      .locator('#recusal-reason-other')
      .fill('举报人来信反映该同志与被反映人系同学关系，经核实予以登记。');
    await approver.locator('#recusal-form-other button[type="submit"]').click();
    const recordConfirm = approver.locator('#recusal-form-other .confirm-step');
    await recordConfirm.waitFor();
    await expect(recordConfirm.textContent()).resolves.toMatch(/demo-intake/);
    await recordConfirm.locator('.confirm-yes').click();
    await approver.locator('#recusal-recorded').waitFor();
    await expect.poll(() => approver.locator('#recusal-list li').count()).toBe(2);
    await expectAccessible(approver, 'recusal panel');
    await screenshot(approver, 'console-recusal');

    // 解除回避: the approver lifts the investigator's recusal, giving a reason, after a confirmation.
    const declared = approver.locator('#recusal-list li[data-recused="demo-investigator"]');
    await declared.locator('summary').click();
    await declared.getByLabel(/^解除理由/).fill('经核实，该同志与被反映人并无亲属关系，系误报，予以解除。');
    await declared.locator('.lift-form button[type="submit"]').click();
    const liftConfirm = declared.locator('.confirm-step');
    await liftConfirm.waitFor();
    await expect(liftConfirm.textContent()).resolves.toMatch(/demo-investigator 将可以重新查阅/);
    await expectAccessible(approver, 'lift confirmation');
    await liftConfirm.locator('.confirm-yes').click();
    await approver.locator('#recusal-lifted').waitFor();
    await expect
      .poll(() => approver.locator('#recusal-list li.lifted').textContent())
      .toMatch(/已解除[\s\S]*由 demo-approver 解除回避[\s\S]*系误报/);
    await expect(approver.locator('#recusal-list li').count()).resolves.toBe(2);
    await expect(approver.locator('#history').textContent()).resolves.toMatch(/解除回避/);

    // The investigator may open the clue again.
    await investigator.reload();
    await ready(investigator);
    await investigator.locator('#recusal-form-self').waitFor();
    await expect(investigator.locator('#recused-notice').count()).resolves.toBe(0);
  });
});
