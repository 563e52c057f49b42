/**
 * What the console's browser tests share: signing in a demo user through the authorization-code
 * flow, and setting a case up through the API as staff would (a clue concluded with chosen
 * findings, a clearance published), so each test drives in the browser only the screen it is about.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { issueLocalToken } from '../../../infra/local/keys.ts';
import { cadreEmail } from '../../support/fixtures.ts';
import type { useBrowserRuntime } from './browser.ts';

type Env = ReturnType<typeof useBrowserRuntime>;

export const consoleSupport = (env: Env) => {
  /** Signs in through the authorization-code flow: the console, the local login page, the callback. */
  const signIn = async (userId: string, options: { locale?: string; width?: number } = {}): Promise<Page> => {
    const page = await env.newPage(options);
    await page.goto('/console/sign-in');
    await page.locator('#start-sign-in').click();
    await page.locator(`button[data-user="${userId}"]`).click();
    await page.locator('.console-nav').waitFor();
    await page.waitForLoadState('networkidle');
    return page;
  };

  const token = (role: string) => issueLocalToken(`demo-${role}`, [role]);

  /** A staff call that must succeed; answers the body. */
  const staff = async <T = any>(role: string, method: string, path: string, body?: unknown): Promise<T> => {
    const response = await env.api<T>(method, path, body, await token(role));
    expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
    return response.body;
  };

  /**
   * The report (its real-name reporter verified by staff) registered, assigned to demo-investigator,
   * verified and concluded by demo-approver
   * with one finding per allegation, in order. Answers the concluded clue.
   */
  const concludedClue = async (report: Record<string, unknown>, findings: string[]) => {
    const submitted = await env.api('POST', '/reports', report);
    expect(submitted.status).toBe(201);
    // Staff called the reporter: only a verified report counts toward a flag (issue 15).
    if ((report.reporter as { anonymous?: boolean } | undefined)?.anonymous === false)
      await staff('intake', 'POST', `/reports/${submitted.body.reportId}/identity-verification`, {
        method: 'PHONE_CALL',
        note: '电话联系举报人，核对了姓名和身份证号码后四位。',
      });
    let clue = await staff('intake', 'POST', '/clues', { reportIds: [submitted.body.reportId] });
    const act = async (role: string, body: Record<string, unknown>) => {
      clue = await staff(role, 'POST', `/clues/${clue.clueId}/actions`, {
        expectedVersion: clue.version,
        ...body,
      });
    };
    await act('intake', { action: 'assign', assignee: 'demo-investigator' });
    await act('investigator', { action: 'start-verification' });
    await act('investigator', {
      action: 'propose-conclusion',
      summary: '经核查，作出如下结论。',
      findings: clue.allegations.map((a: { allegationId: string }, i: number) => ({
        allegationId: a.allegationId,
        finding: findings[i],
        reason:
          findings[i] === 'FABRICATED'
            ? '经调取合同、档案和银行流水，所反映事项完全不存在，举报人本人承认系编造，属捏造事实诬告陷害。'
            : '经调阅会议记录和财务凭证，所反映事项与事实不符，属误听误信。',
      })),
    });
    await act('approver', { action: 'approve-conclusion' });
    return clue;
  };

  /** A clearance of the clue's first allegation, consented by the cadre and published. */
  const publishedClearance = async (clue: { clueId: string; allegations: { allegationId: string }[] }) => {
    const clearance = await staff('investigator', 'POST', `/clues/${clue.clueId}/clearances`, {
      trigger: 'DEPARTMENT_PROPOSAL',
      harm: ['CAREER_AFFECTED'],
      method: 'IN_PERSON',
      allegationIds: [clue.allegations[0]?.allegationId],
      statement: '该同志因被举报影响提拔考察，经征求本人意见，拟予澄清。',
      cadreContact: { email: cadreEmail },
    });
    let consentToken: string | undefined;
    await expect
      .poll(async () => {
        await env.runtime.settled();
        const inbox = await env.api<{ items: { message: string }[] }>('GET', '/local/inbox?limit=500');
        for (const item of inbox.body.items) {
          const link = /consent\?clearance=([^&\s"]+)&token=([^\s"\\]+)/.exec(item.message);
          if (link && link[1] === clearance.clearanceId) consentToken = link[2];
        }
        return consentToken;
      })
      .toBeDefined();
    const consent = await env.api('POST', `/clearances/${clearance.clearanceId}/consent`, {
      token: consentToken,
      consent: true,
    });
    expect(consent.status).toBe(200);
    return staff('approver', 'POST', `/clearances/${clearance.clearanceId}/approve`, {});
  };

  return { signIn, token, staff, concludedClue, publishedClearance };
};
