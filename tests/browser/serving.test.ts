/**
 * The local runtime serves the built pages beside the API: API routes first, then files with their
 * content types and security headers, then index.html for page navigations only.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webDist } from '../../infra/local/web.ts';
import { useBrowserRuntime } from './support/browser.ts';

const env = useBrowserRuntime();
const get = (path: string, accept = 'text/html') =>
  fetch(`${env.runtime.url}${path}`, { headers: { accept } });

describe('serving the pages locally', () => {
  it('serves assets with their content types, long caching and the security headers', async () => {
    const assets = readdirSync(join(webDist, 'assets'));
    const js = assets.find((name) => name.endsWith('.js')) as string;
    const css = assets.find((name) => name.endsWith('.css')) as string;
    const script = await get(`/assets/${js}`, '*/*');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toMatch(/immutable/);
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get(`/assets/${css}`, '*/*')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const page = await get('/');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });

  it('answers page navigations with index.html, and everything else as the API does', async () => {
    const navigation = await get('/board/ntc_anything');
    expect(navigation.status).toBe(200);
    expect(await navigation.text()).toMatch(/<div id="app">/);
    // An API route keeps priority even for a browser asking for HTML.
    const notice = await get('/notices/ntc_missing');
    expect(notice.status).toBe(404);
    expect(notice.headers.get('content-type')).toMatch(/application\/json/);
    expect((await notice.json()).error.code).toBe('NOT_FOUND');
    // A miss that is not a page navigation stays the contract's 404.
    const miss = await get('/nothing-here', 'application/json');
    expect(miss.status).toBe(404);
    expect((await miss.json()).error.code).toBe('NOT_FOUND');
    expect((await get('/assets/missing.js', '*/*')).status).toBe(404);
    // Nothing outside web/dist, however the path is spelled.
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json']) {
      const response = await get(path, '*/*');
      expect(await response.text(), path).not.toMatch(/"name": "zhengming"/);
    }
  });

  it('serves the local site config, naming its own authorization server on the caller’s origin', async () => {
    const config = await (await get('/config.json', 'application/json')).json();
    expect(config.demo).toBe(true);
    expect(config.signIn).toMatchObject({
      authorizationEndpoint: `${env.runtime.url}/oauth2/authorize`,
      tokenEndpoint: `${env.runtime.url}/oauth2/token`,
      redirectUri: `${env.runtime.url}/console/callback`,
      scope: 'openid email profile',
    });
    // The old shortcut that handed out tokens without the flow is gone.
    const shortcut = await fetch(`${env.runtime.url}/local/sign-in`, {
      method: 'POST',
      body: JSON.stringify({ userId: 'demo-approver' }),
    });
    expect(shortcut.status).toBe(404);
  });
});
