/**
 * The audit trail in the console: an approver opens a real-name reporter's identity only after a
 * reason and a confirmation step that says what will happen, sees it once, and the opening is on
 * the clue's history; "核验审计链" says the trail is intact, and after an entry is altered in the
 * table, that it is broken at that entry.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import { entityKeys } from '../../shared/store/keys.ts';
import { realNameReport } from '../support/fixtures.ts';
import { expectAccessible, screenshot, useBrowserRuntime } from './support/browser.ts';
import { consoleSupport } from './support/console.ts';

const env = useBrowserRuntime();
const { signIn, staff } = consoleSupport(env);

describe('the audit trail in the console', { timeout: 150_000 }, () => {
  const state = {} as { clueId: string; reportId: string; entries: number };

  it('opens a reporter’s identity only with a reason and a confirmation, once, and records it', async () => {
    const submitted = await env.api('POST', '/reports', realNameReport());
    expect(submitted.status).toBe(201);
    const clue = await staff('intake', 'POST', '/clues', { reportIds: [submitted.body.reportId] });
    state.clueId = clue.clueId;
    state.reportId = submitted.body.reportId;

    const approver = await signIn('demo-approver');
    await approver.goto(`/console/clues/${encodeURIComponent(clue.clueId)}`);
    await approver.locator(`#identity-reports button[data-report="${state.reportId}"]`).click();
    const form = approver.locator('#identity-form');
    // No reason, no next step.
    await form.locator('#identity-continue').click();
    await expect(form.locator('.field-error').textContent()).resolves.toMatch(/必填/);
    await expect(approver.locator('.confirm-step').count()).resolves.toBe(0);

    await form.getByLabel(/^调阅理由/).fill('举报人反映的情况需当面核实，经批准调阅其联系方式。');
    await form.locator('#identity-continue').click();
    const confirm = approver.locator('.confirm-step');
    await confirm.waitFor();
    const consequences = await confirm.locator('li').allTextContents();
    expect(consequences.join('\n')).toMatch(/审计记录/);
    expect(consequences.join('\n')).toMatch(/当日调阅身份的次数限额/);
    expect(consequences.join('\n')).toMatch(/只在本页显示这一次/);
    await expectAccessible(approver, 'identity confirmation');

    // Cancelling opens nothing and records nothing.
    await confirm.locator('.confirm-no').click();
    await expect(approver.locator('.confirm-step').count()).resolves.toBe(0);
    const before = await staff('approver', 'GET', `/clues/${clue.clueId}`);
    expect(before.history.map((e: { action: string }) => e.action)).not.toContain('reveal-reporter-identity');

    await form.locator('#identity-continue').click();
    await approver.locator('.confirm-step .confirm-yes').click();
    const opened = approver.locator('#opened-identity');
    await opened.waitFor();
    await expect(opened.textContent()).resolves.toMatch(/李四/);
    await expect(opened.textContent()).resolves.toMatch(/13812345678/);
    await screenshot(approver, 'console-identity-opened');
    // Shown in the page, kept nowhere else.
    const stored = await approver.evaluate(
      () => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }),
    );
    expect(stored).not.toMatch(/李四|13812345678/);

    // Closing forgets it; the clue shows again, with the opening on its history.
    await approver.locator('#close-identity').click();
    await expect.poll(() => approver.locator('#history').textContent()).toMatch(/调阅举报人身份/);
    await expect(approver.locator('#history').textContent()).resolves.toMatch(/经批准调阅其联系方式/);
    await expect(approver.locator('#opened-identity').count()).resolves.toBe(0);
    await expect(approver.locator('main').textContent()).resolves.not.toMatch(/13812345678/);
    state.entries = await approver.locator('#history li').count();
  });

  it('shows an auditor that the audit trail is intact, and offers no identity', async () => {
    const auditor = await signIn('demo-auditor');
    await auditor.goto(`/console/clues/${encodeURIComponent(state.clueId)}`);
    await auditor.locator('#verify-history').waitFor();
    await expect(auditor.locator('#identity-reports').count()).resolves.toBe(0);
    await auditor.locator('#verify-history').click();
    const verdict = auditor.locator('#chain-verdict');
    await verdict.waitFor();
    await expect(verdict.getAttribute('data-valid')).resolves.toBe('true');
    await expect(verdict.textContent()).resolves.toBe(`审计链完整：共 ${state.entries} 条记录，均未被改动。`);
    await expectAccessible(auditor, 'audit trail intact');
  });

  it('says where the trail breaks when an entry was altered behind the service’s back', async () => {
    const db = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(inject('dynamoDbEndpoint'))));
    await db.send(
      new UpdateCommand({
        TableName: env.runtime.tableName,
        Key: { PK: entityKeys.clue(state.clueId).PK, SK: 'HISTORY#00000002' },
        UpdateExpression: 'SET reason = :r',
        ExpressionAttributeValues: { ':r': '无正当理由' },
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
    // In English this time: the verdict reads the same in both languages.
    const approver = await signIn('demo-approver');
    await approver.goto(`/console/clues/${encodeURIComponent(state.clueId)}`);
    await approver.locator('#verify-history').waitFor();
    await approver.locator('#lang-switch').click();
    await approver.getByRole('button', { name: 'Verify the audit trail' }).click();
    const verdict = approver.locator('#chain-verdict');
    await verdict.waitFor();
    await expect(verdict.getAttribute('data-valid')).resolves.toBe('false');
    await expect(verdict.textContent()).resolves.toMatch(
      new RegExp(`The audit trail is broken at entry 2 \\(of ${state.entries}\\)`),
    );
    await expect(verdict.textContent()).resolves.toMatch(/was altered/);
    await screenshot(approver, 'console-audit-broken');
  });
});
