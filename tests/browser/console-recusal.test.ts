/**
 * 回避 in the console: the assigned investigator declares a conflict on the clue page, after a
 * confirmation that says what follows, and is then shown a plain 回避 notice instead of the clue,
 * also when opening it again. An approver sees the recusal listed, the clue without its assignee,
 * and records a recusal for another member; then lifts the investigator's (解除回避, with a reason
 * and a confirmation), which stays listed as lifted, and the investigator opens the clue again.
 * A reporter's request is answered from their message in the conversation: the approver records the
 * recusal on it (「据此记录回避」), the recusal keeps the request, and the reporter reads the grant by
 * receipt code; the assigned investigator, who reads the same conversation, is offered no such action.
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

  it('lets an approver record a recusal on a reporter’s request from the conversation, and the reporter reads the grant', async () => {
    const investigator = await signIn('demo-investigator');
    const report = await env.api('POST', '/reports', {
      ...anonymousReport('违规干预土地出让'),
      accused: { name: '孙申请', position: '某县自然资源局局长', organization: '某县自然资源局' },
    });
    expect(report.status).toBe(201);
    const { reportId, receiptCode } = report.body as { reportId: string; receiptCode: string };
    let clue = await registered(reportId, '孙申请');
    clue = await staff('intake', 'POST', `/clues/${clue.clueId}/actions`, {
      expectedVersion: clue.version,
      action: 'assign',
      assignee: 'demo-investigator',
    });
    const asked = await env.api('POST', '/receipts/messages', {
      receiptCode,
      text: '我听说承办此事的李某与被举报人是亲戚，请求让他回避，以免影响公正处理。',
      recusalRequest: { name: '李某', reason: '李某与被举报人系表兄弟关系。' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const messageId = asked.body.messageId as string;
    const url = `/console/clues/${encodeURIComponent(clue.clueId)}`;

    // The assigned investigator reads the request but is offered no action on it.
    await investigator.goto(url);
    const seen = investigator.locator(`#clue-conversation li[data-message="${messageId}"]`);
    await seen.waitFor();
    await expect(seen.locator('[data-marker="recusalRequest"]').count()).resolves.toBe(1);
    await expect(investigator.locator('.answer-recusal-request').count()).resolves.toBe(0);
    await expect(investigator.locator('#recusal-form-other').count()).resolves.toBe(0);

    // The approver answers it from the message: the form shows which message and what the reporter is told.
    const approver = await signIn('demo-approver');
    await approver.goto(url);
    const message = approver.locator(`#clue-conversation li[data-message="${messageId}"]`);
    await message.locator('.answer-recusal-request').click();
    const linked = approver.locator('#recusal-form-other .linked-request');
    await linked.waitFor();
    await expect(linked.getAttribute('data-request')).resolves.toBe(messageId);
    await expect(linked.textContent()).resolves.toMatch(new RegExp(`举报 ${reportId}`));
    await expect(linked.textContent()).resolves.toMatch(/承办此事的李某与被举报人是亲戚/);
    await expect(linked.textContent()).resolves.toMatch(/不显示回避人员姓名和回避理由/);
    await expect(approver.evaluate(() => document.activeElement?.id)).resolves.toBe('recusal-request-title');
    await expectAccessible(approver, 'recusal form answering a request');

    await approver.getByLabel(/^回避人员/).selectOption('demo-investigator');
    await approver
      .locator('#recusal-reason-other')
      .fill('举报人申请回避，经核实承办人与被反映人系表兄弟关系。');
    await approver.locator('#recusal-form-other button[type="submit"]').click();
    const confirm = approver.locator('#recusal-form-other .confirm-step');
    await confirm.waitFor();
    await expect(confirm.textContent()).resolves.toMatch(/demo-investigator 将不能再查阅/);
    await expect(confirm.textContent()).resolves.toMatch(new RegExp(`举报 ${reportId} 的举报人将被告知`));
    await confirm.locator('.confirm-yes').click();
    await approver.locator('#recusal-recorded').waitFor();
    await expect(approver.locator('#recusal-recorded').textContent()).resolves.toMatch(/已答复举报人/);
    const listed = approver.locator('#recusal-list li[data-recused="demo-investigator"]');
    await expect.poll(() => listed.locator('[data-marker="onRequest"]').textContent()).toBe('依举报人申请');
    await expect(listed.locator('.on-request').getAttribute('data-request')).resolves.toBe(messageId);
    await expect
      .poll(() => message.locator('.answered-request').textContent())
      .toBe('已据此登记 demo-investigator 回避');
    await screenshot(approver, 'console-recusal-request');

    // The API keeps the request with the recusal.
    const recusals = await staff('approver', 'GET', `/clues/${clue.clueId}/recusals`);
    expect(recusals.items).toHaveLength(1);
    expect(recusals.items[0]).toMatchObject({
      userId: 'demo-investigator',
      kind: 'RECORDED',
      requestMessageId: messageId,
      requestReportId: reportId,
    });

    // The same request again, for the member already stepped aside: the refusal is shown, nothing more recorded.
    await message.locator('.answer-recusal-request').click();
    await approver.getByLabel(/^回避人员/).selectOption('demo-investigator');
    await approver.locator('#recusal-reason-other').fill('重复登记举报人的回避申请，应当被拒绝。');
    await approver.locator('#recusal-form-other button[type="submit"]').click();
    await approver.locator('#recusal-form-other .confirm-yes').click();
    await expect
      .poll(() => approver.locator('#recusal-form-other .confirm-step [role="alert"]').textContent())
      .toMatch(/已对该线索回避/);
    expect((await staff('approver', 'GET', `/clues/${clue.clueId}/recusals`)).items).toHaveLength(1);

    // The reporter reads the grant by receipt code, naming nobody.
    const portal = await env.newPage();
    await portal.goto('/follow');
    await ready(portal);
    await portal.getByLabel(/^受理码( \*)?$/).fill(receiptCode);
    await portal.locator('#lookup').click();
    const said = portal.locator('#lookup-result li[data-from="COMMISSION"]');
    await expect
      .poll(() => said.last().textContent())
      .toContain('您提出的回避申请经审查，决定相关人员回避，不再参与您所反映问题的办理。');
    const everything = (await portal.locator('#lookup-result').textContent()) ?? '';
    for (const secret of ['demo-investigator', 'demo-approver', '经核实承办人'])
      expect(everything).not.toContain(secret);
  });
});
