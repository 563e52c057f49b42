/**
 * The local runtime's stand-in for Cognito's managed login: an OAuth 2.0 authorization server with
 * the authorization-code flow and PKCE (S256). oauth4webapi, the library the console uses, completes
 * the flow against it and its access token is the API's bearer; the token endpoint refuses a wrong
 * verifier, a reused code and a wrong redirect_uri; the authorization endpoint never redirects to
 * an unregistered address.
 */
import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import type { LocalSiteConfig } from '../../infra/local/sign-in.ts';
import { useLocalRuntime } from './support/runtime.ts';

const env = useLocalRuntime();

type SignInConfig = LocalSiteConfig['signIn'];

const signInConfig = async (): Promise<SignInConfig> =>
  ((await (await fetch(`${env.runtime.url}/config.json`)).json()) as { signIn: SignInConfig }).signIn;

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

/** The authorization request's parameters, as the console sends them. */
const authorizationRequest = (cfg: SignInConfig, challenge: string, extra: Record<string, string> = {}) => ({
  response_type: 'code',
  client_id: cfg.clientId,
  redirect_uri: cfg.redirectUri,
  scope: cfg.scope,
  state: 'st-1',
  nonce: 'n-1',
  code_challenge: challenge,
  code_challenge_method: 'S256',
  ...extra,
});

/** Picks a demo user on the authorization page; returns the code it sends back to the console. */
const codeFor = async (cfg: SignInConfig, challenge: string, user = 'demo-approver', commission?: string) => {
  const response = await fetch(
    cfg.authorizationEndpoint,
    form({ ...authorizationRequest(cfg, challenge), user, ...(commission ? { commission } : {}) }),
  );
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') as string);
  expect(`${location.origin}${location.pathname}`).toBe(cfg.redirectUri);
  expect(location.searchParams.get('state')).toBe('st-1');
  return location.searchParams.get('code') as string;
};

const exchange = async (cfg: SignInConfig, fields: Record<string, string>) => {
  const response = await fetch(
    cfg.tokenEndpoint,
    form({
      grant_type: 'authorization_code',
      client_id: cfg.clientId,
      redirect_uri: cfg.redirectUri,
      ...fields,
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};

describe('the local sign-in (authorization code with PKCE)', () => {
  it('names its endpoints on the caller’s origin and lists the demo users on its login page', async () => {
    const cfg = await signInConfig();
    expect(cfg.authorizationEndpoint).toBe(`${env.runtime.url}/oauth2/authorize`);
    expect(cfg.redirectUri).toBe(`${env.runtime.url}/console/callback`);
    const url = new URL(cfg.authorizationEndpoint);
    for (const [name, value] of Object.entries(
      authorizationRequest(cfg, pkce().challenge, { state: '"><script>alert(1)</script>' }),
    ))
      url.searchParams.set(name, value);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await page.text();
    for (const role of ['intake', 'investigator', 'approver', 'auditor'])
      expect(html).toContain(`data-user="demo-${role}"`);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('completes the flow with oauth4webapi, and the access token carries the chosen role to the API', async () => {
    const cfg = await signInConfig();
    const as: oauth.AuthorizationServer = {
      issuer: cfg.issuer,
      authorization_endpoint: cfg.authorizationEndpoint,
      token_endpoint: cfg.tokenEndpoint,
      id_token_signing_alg_values_supported: [cfg.idTokenSigningAlg],
    };
    const client: oauth.Client = { client_id: cfg.clientId };
    const verifier = oauth.generateRandomCodeVerifier();
    const challenge = await oauth.calculatePKCECodeChallenge(verifier);
    const code = await codeFor(cfg, challenge, 'demo-intake');
    const returned = new URL(`${cfg.redirectUri}?code=${code}&state=st-1`);
    const params = oauth.validateAuthResponse(as, client, returned, 'st-1');
    const insecure = { [oauth.allowInsecureRequests]: true }; // plain HTTP to 127.0.0.1 only
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      cfg.redirectUri,
      verifier,
      insecure,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: 'n-1',
      requireIdToken: true,
    });
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      sub: 'demo-intake',
      'cognito:groups': ['intake'],
      token_use: 'access',
    });
    const bearer = { authorization: `Bearer ${tokens.access_token}` };
    expect((await fetch(`${env.runtime.url}/stats`, { headers: bearer })).status).toBe(200);
    // The role is the one picked: intake may not list accuser flags.
    expect((await fetch(`${env.runtime.url}/accuser-flags`, { headers: bearer })).status).toBe(403);
  });

  it('offers the local commissions, and the tokens carry the chosen one as custom:commissionId', async () => {
    // Prepare
    const cfg = await signInConfig();
    const url = new URL(cfg.authorizationEndpoint);
    for (const [name, value] of Object.entries(authorizationRequest(cfg, pkce().challenge)))
      url.searchParams.set(name, value);
    const { verifier, challenge } = pkce();

    // Act
    const html = await (await fetch(url)).text();
    const code = await codeFor(cfg, challenge, 'demo-intake', 'jia-shi-a-xian');
    const tokens = await exchange(cfg, { code, code_verifier: verifier });
    const unknown = await fetch(
      cfg.authorizationEndpoint,
      form({ ...authorizationRequest(cfg, challenge), user: 'demo-intake', commission: 'nowhere' }),
    );

    // Assess
    expect(html).toContain('<option value="jia-shi-a-xian">甲市A县纪委监委</option>');
    expect(decodeJwt(tokens.body.access_token as string)).toMatchObject({
      'custom:commissionId': 'jia-shi-a-xian',
    });
    expect(decodeJwt(tokens.body.id_token as string)).toMatchObject({
      'custom:commissionId': 'jia-shi-a-xian',
    });
    expect(unknown.status).toBe(400);
  });

  it('refuses a wrong code_verifier, and the code is spent by the attempt', async () => {
    const cfg = await signInConfig();
    const { verifier, challenge } = pkce();
    const code = await codeFor(cfg, challenge);
    const wrong = await exchange(cfg, { code, code_verifier: pkce().verifier });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(wrong.body.access_token).toBeUndefined();
    expect((await exchange(cfg, { code, code_verifier: verifier })).status).toBe(400);
  });

  it('refuses a code presented a second time', async () => {
    const cfg = await signInConfig();
    const { verifier, challenge } = pkce();
    const code = await codeFor(cfg, challenge);
    const first = await exchange(cfg, { code, code_verifier: verifier });
    expect(first.status).toBe(200);
    expect(first.body.access_token).toBeTruthy();
    const second = await exchange(cfg, { code, code_verifier: verifier });
    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a redirect_uri other than the authorization request’s', async () => {
    const cfg = await signInConfig();
    const { verifier, challenge } = pkce();
    const code = await codeFor(cfg, challenge);
    const elsewhere = await exchange(cfg, {
      code,
      code_verifier: verifier,
      redirect_uri: 'https://attacker.example/console/callback',
    });
    expect(elsewhere).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('never redirects to an unregistered address, and asks for PKCE with S256', async () => {
    const cfg = await signInConfig();
    const { challenge } = pkce();
    const foreign = await fetch(
      cfg.authorizationEndpoint,
      form({
        ...authorizationRequest(cfg, challenge, { redirect_uri: 'https://attacker.example/cb' }),
        user: 'demo-approver',
      }),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('location')).toBeNull();
    const weakened: Record<string, string>[] = [{ code_challenge_method: 'plain' }, { code_challenge: '' }];
    for (const weak of weakened) {
      const refused = await fetch(
        cfg.authorizationEndpoint,
        form({ ...authorizationRequest(cfg, challenge, weak), user: 'demo-approver' }),
      );
      expect(refused.status).toBe(302);
      const back = new URL(refused.headers.get('location') as string);
      expect(back.searchParams.get('error')).toBe('invalid_request');
      expect(back.searchParams.get('code')).toBeNull();
    }
  });

  it('signs out to the registered address only', async () => {
    const cfg = await signInConfig();
    const logout = (uri: string) =>
      fetch(`${cfg.logoutEndpoint}?client_id=${cfg.clientId}&logout_uri=${encodeURIComponent(uri)}`, {
        redirect: 'manual',
      });
    const back = await logout(cfg.logoutUri);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe(cfg.logoutUri);
    expect((await logout('https://attacker.example/')).status).toBe(400);
  });
});
