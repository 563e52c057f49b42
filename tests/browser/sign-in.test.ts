/**
 * Staff sign-in in Chromium through the OAuth 2.0 authorization-code flow with PKCE, against the
 * local runtime's stand-in for Cognito's managed login: the same console code as in the cloud.
 * Tokens stay in sessionStorage, never localStorage; an expired session and a forged return are
 * sent back to sign in; signing out goes through the logout endpoint.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserRuntime } from './support/browser.ts';

const env = useBrowserRuntime();

const storage = (page: Page) =>
  page.evaluate(() => ({ session: Object.keys(sessionStorage).sort(), local: Object.keys(localStorage) }));

describe('staff sign-in', () => {
  it('signs in with the authorization code and PKCE, reaches the work queue, and signs out', async () => {
    const page = await env.newPage();
    await page.goto('/console');
    await page.waitForURL('**/console/sign-in?next=%2Fconsole');
    await page.locator('#start-sign-in').click();
    await page.waitForURL('**/oauth2/authorize?**');
    const request = new URL(page.url());
    expect(request.searchParams.get('code_challenge_method')).toBe('S256');
    expect(request.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(request.searchParams.get('state')).toBeTruthy();
    await page.locator('button[data-user="demo-intake"]').click();
    await page.locator('.console-nav').waitFor();
    await page.locator('#unregistered-title').waitFor();
    // Back on the work queue: the code has left the address bar and the verifier is spent.
    expect(new URL(page.url()).pathname).toBe('/console');
    expect(await storage(page)).toEqual({ session: ['zm.staff'], local: [] });
    await expect(page.locator('.who').textContent()).resolves.toContain('demo-intake');

    await page.locator('#sign-out').click();
    await page.waitForURL('**/console/sign-in');
    await page.locator('#start-sign-in').waitFor();
    expect((await storage(page)).session).toEqual([]);
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
  });

  it('sends an expired session back to sign in', async () => {
    const page = await env.newPage();
    await page.goto('/console/sign-in');
    await page.evaluate(() =>
      sessionStorage.setItem(
        'zm.staff',
        JSON.stringify({
          token: 'x.e30.x',
          userId: 'demo-intake',
          roles: ['intake'],
          expiresAt: Date.now() - 1000,
        }),
      ),
    );
    await page.goto('/console');
    await page.waitForURL('**/console/sign-in?next=%2Fconsole');
    expect((await storage(page)).session).toEqual([]);
  });

  it('refuses a return whose state is not the one it sent', async () => {
    const page = await env.newPage();
    await page.goto('/console/sign-in');
    await page.locator('#start-sign-in').click();
    await page.waitForURL('**/oauth2/authorize?**');
    await page.goto('/console/callback?code=forged&state=forged');
    await page.locator('[role="alert"]:has-text("登录未完成")').waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect((await storage(page)).session).toEqual([]);
  });
});
