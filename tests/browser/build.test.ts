/**
 * The static build (web/dist, built by the global setup): the portal's first load stays under
 * 150 KB of JavaScript gzip, carries no secret and no inline script, and its CSP forbids them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { localSecrets } from '../../infra/local/keys.ts';
import { webDist } from '../../infra/local/web.ts';

const html = () => readFileSync(join(webDist, 'index.html'), 'utf8');
const assets = () => readdirSync(join(webDist, 'assets')).map((name) => join(webDist, 'assets', name));

describe('the web build', () => {
  it('loads under 150 KB of JavaScript (gzip) on first visit', () => {
    const entry = [...html().matchAll(/<script[^>]*src="([^"]+\.js)"/g)].map((m) => m[1] as string);
    const preloaded = [...html().matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    const firstLoad = [...entry, ...preloaded];
    expect(firstLoad.length).toBeGreaterThan(0);
    const gzipBytes = firstLoad.reduce(
      (sum, path) => sum + gzipSync(readFileSync(join(webDist, path))).length,
      0,
    );
    console.log(`first-load JavaScript: ${firstLoad.join(', ')} = ${(gzipBytes / 1024).toFixed(1)} KB gzip`);
    expect(gzipBytes).toBeGreaterThan(5 * 1024);
    expect(gzipBytes).toBeLessThan(150 * 1024);
  });

  it('has no inline script and a CSP without unsafe-inline', () => {
    const page = html();
    for (const tag of page.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [])
      expect(tag).toMatch(/^<script[^>]*\bsrc="/);
    expect(page).toMatch(/http-equiv="Content-Security-Policy"/);
    expect(page).toMatch(/script-src 'self'/);
    expect(page).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('carries no secret: no local key, no token, no private JWK, no AWS key', () => {
    const secrets = localSecrets();
    const noticeKey = JSON.parse(secrets.noticeKey) as { d: string };
    const text = [html(), ...assets().map((path) => readFileSync(path, 'utf8'))].join('\n');
    for (const secret of [secrets.masterSecret, secrets.identityKey, noticeKey.d])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./); // a JWT
    expect(text).not.toMatch(/"d"\s*:\s*"[\w-]{40,}"/); // a private JWK
    expect(text).not.toMatch(/AKIA[0-9A-Z]{16}/);
    expect(text).not.toMatch(/LOCAL_MASTER_SECRET|LOCAL_IDENTITY_KEY/);
  });

  it('never puts the receipt code in a URL, storage or analytics', () => {
    const text = assets()
      .filter((path) => path.endsWith('.js'))
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    expect(/sendBeacon|google-analytics|gtag\(|umami|plausible/.test(text)).toBe(false);
    // localStorage is written in one place only: the language.
    expect(text.match(/localStorage\.setItem\(/g)?.length).toBe(1);
    expect(/localStorage\.setItem\([a-zA-Z_$]+,/.test(text) && text.includes('zm.lang')).toBe(true);
  });
});
