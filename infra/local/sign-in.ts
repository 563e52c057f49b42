/**
 * The console's sign-in in the local runtime, where Cognito is not: a tiny OAuth 2.0 authorization
 * server with the authorization-code flow and PKCE (S256 only), so the console runs the same code
 * path as against Cognito's managed login. The "login page" lists the demo users (one per role);
 * the token endpoint checks the one-time code, the redirect URI and the PKCE verifier, and answers
 * with tokens signed by the local key (the same kind as `npm run token`). It also serves the
 * site's config.json, which names these endpoints; in the cloud the CDK writes one naming Cognito's.
 * Nothing here is deployed.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { defaultCommissionName } from '../../shared/config.ts';
import { singleCommissionId } from '../../shared/domain/commission.ts';
import { consoleOAuth, localDemoUsers } from '../web-policy.ts';
import { localCommissions } from './commissions.ts';
import type { LocalRouteResult } from './gateway.ts';
import { issueLocalToken, localClientId, localIssuer } from './keys.ts';
import { localDemoMembers, memberClaims } from './members.ts';
import { securityHeaders } from './web.ts';

/** Hours a local sign-in lasts; then the console asks to sign in again. */
const tokenHours = 8;
/** How long an authorization code may wait for its exchange (Cognito's last 5 minutes too). */
const codeLifetimeMs = 5 * 60_000;
const maxPendingCodes = 1000;

interface PendingCode {
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  userId: string;
  role: string;
  /** The member's commission (`custom:commissionId`); none: the single commission. */
  commissionId: string | undefined;
  expiresAt: number;
}

/** Codes handed out and not yet exchanged; each is removed the first time it is presented. */
const pendingCodes = new Map<string, PendingCode>();

const redirectUriOf = (url: URL) => `${url.origin}${consoleOAuth.callbackPath}`;
const signedOutUriOf = (url: URL) => `${url.origin}${consoleOAuth.signedOutPath}`;

/** The site config: where the API is (this origin) and the authorization server the console uses. */
export type LocalSiteConfig = ReturnType<typeof siteConfig>;
const siteConfig = (url: URL) => ({
  demo: true,
  // The portal's printed receipt names the commission, as the functions do (COMMISSION_NAME).
  commissionName: process.env.COMMISSION_NAME ?? defaultCommissionName,
  signIn: {
    issuer: localIssuer,
    authorizationEndpoint: `${url.origin}/oauth2/authorize`,
    tokenEndpoint: `${url.origin}/oauth2/token`,
    logoutEndpoint: `${url.origin}/logout`,
    idTokenSigningAlg: 'ES256',
    clientId: localClientId,
    redirectUri: redirectUriOf(url),
    logoutUri: signedOutUriOf(url),
    scope: consoleOAuth.scopes.join(' '),
  },
});

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const page = (status: number, title: string, body: string): LocalRouteResult => ({
  status,
  headers: {
    ...securityHeaders(),
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  },
  body: `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><main>${body}</main></body></html>
`,
});

/** Refusals before the redirect URI is known to be the console's: shown here, never redirected. */
const refusal = (message: string) =>
  page(
    400,
    '登录请求无效 / Invalid sign-in request',
    `<h1>登录请求无效 / Invalid sign-in request</h1><p>${escapeHtml(message)}</p>`,
  );

const redirect = (location: string): LocalRouteResult => ({
  status: 302,
  headers: { location, 'cache-control': 'no-store' },
  body: '',
});

/** An error sent back to the console's callback, as RFC 6749 §4.1.2.1 says once the URI is trusted. */
const redirectError = (redirectUri: string, error: string, description: string, state: string | null) => {
  const target = new URL(redirectUri);
  target.searchParams.set('error', error);
  target.searchParams.set('error_description', description);
  if (state !== null) target.searchParams.set('state', state);
  return redirect(target.href);
};

const paramsOf = (value: unknown) => (value instanceof URLSearchParams ? value : new URLSearchParams());

/** RFC 7636 §4.1/4.2: a verifier of 43–128 unreserved characters; an S256 challenge is 43 base64url. */
const verifierShape = /^[A-Za-z0-9._~-]{43,128}$/;
const challengeShape = /^[A-Za-z0-9_-]{43}$/;

type Checked = { ok: true; redirectUri: string } | { ok: false; result: LocalRouteResult };

/** The checks of an authorization request, for the page (GET) and for the choice (POST) alike. */
const checkAuthorizationRequest = (url: URL, params: URLSearchParams): Checked => {
  if (params.get('client_id') !== localClientId) return { ok: false, result: refusal('unknown client_id') };
  const redirectUri = params.get('redirect_uri');
  if (redirectUri !== redirectUriOf(url)) {
    return { ok: false, result: refusal(`redirect_uri must be ${redirectUriOf(url)}`) };
  }
  const state = params.get('state');
  if (params.get('response_type') !== 'code') {
    return {
      ok: false,
      result: redirectError(redirectUri, 'unsupported_response_type', 'only code', state),
    };
  }
  if (
    params.get('code_challenge_method') !== 'S256' ||
    !challengeShape.test(params.get('code_challenge') ?? '')
  ) {
    return {
      ok: false,
      result: redirectError(redirectUri, 'invalid_request', 'PKCE with S256 is required', state),
    };
  }
  if (!(params.get('scope') ?? '').split(' ').includes('openid')) {
    return { ok: false, result: redirectError(redirectUri, 'invalid_scope', 'openid is required', state) };
  }
  return { ok: true, redirectUri };
};

const passedOn = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
];

/** The stand-in for the managed login page: one button per demo user, the request carried along. */
const choosePage = (params: URLSearchParams) => {
  const hidden = passedOn
    .filter((name) => params.has(name))
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) as string)}">`)
    .join('');
  // The member's commission: one of the local hierarchy (seeded by `npm start`), or none: the
  // deployment's own, which the empty choice stands for (a token without a commission claim).
  const choices = localCommissions
    .filter((c) => c.commissionId !== singleCommissionId)
    .map((c) => `<option value="${c.commissionId}">${escapeHtml(c.name)}</option>`)
    .join('');
  const commission = `<p><label>所属机关 / Commission <select name="commission"><option value="">（本平台所属机关 / this portal's own commission）</option>${choices}</select></label></p>`;
  const buttons = localDemoUsers
    .map(
      (u) =>
        `<li><button type="submit" name="user" value="${u.userId}" data-user="${u.userId}">${u.userId}（${u.role}）</button></li>`,
    )
    .join('');
  return page(
    200,
    '本地演示登录 / Local demo sign-in',
    `<h1>本地演示登录 / Local demo sign-in</h1>
<p>本地运行环境没有统一身份认证，请选择一个演示用户，每个用户对应一个角色。/ The local runtime has no Cognito: pick a demo user, one per role.</p>
<form method="post" action="/oauth2/authorize">${hidden}${commission}<ul>${buttons}</ul></form>`,
  );
};

const issueCode = (url: URL, params: URLSearchParams): LocalRouteResult => {
  const checked = checkAuthorizationRequest(url, params);
  if (!checked.ok) return checked.result;
  const user = localDemoUsers.find((u) => u.userId === params.get('user'));
  if (!user) return refusal(`user must be one of ${localDemoUsers.map((u) => u.userId).join(', ')}`);
  const commissionId = params.get('commission') || undefined;
  if (commissionId !== undefined && !localCommissions.some((c) => c.commissionId === commissionId)) {
    return refusal(`commission must be one of ${localCommissions.map((c) => c.commissionId).join(', ')}`);
  }
  const now = Date.now();
  for (const [code, pending] of pendingCodes) if (pending.expiresAt <= now) pendingCodes.delete(code);
  if (pendingCodes.size >= maxPendingCodes) pendingCodes.clear();
  const code = randomBytes(32).toString('base64url');
  pendingCodes.set(code, {
    redirectUri: checked.redirectUri,
    codeChallenge: params.get('code_challenge') as string,
    nonce: params.get('nonce') ?? undefined,
    userId: user.userId,
    role: user.role,
    commissionId,
    expiresAt: now + codeLifetimeMs,
  });
  const target = new URL(checked.redirectUri);
  target.searchParams.set('code', code);
  const state = params.get('state');
  if (state !== null) target.searchParams.set('state', state);
  return redirect(target.href);
};

/** RFC 6749 §5.2's error answer, which oauth4webapi reads as a ResponseBodyError. */
const tokenError = (status: number, error: string, description: string): LocalRouteResult => ({
  status,
  headers: { 'cache-control': 'no-store' },
  body: { error, error_description: description },
});

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** What the runtime does on a sign-in: records the member, as Cognito's PostAuthentication trigger. */
export interface SignInHooks {
  signedIn?: (claims: Record<string, unknown>, groups: string[]) => Promise<void>;
}

const exchangeCode = async (params: URLSearchParams, hooks: SignInHooks): Promise<LocalRouteResult> => {
  const repeated = [...new Set(params.keys())].find((name) => params.getAll(name).length > 1);
  if (repeated) return tokenError(400, 'invalid_request', `${repeated} is repeated`);
  if (params.get('grant_type') !== 'authorization_code') {
    return tokenError(400, 'unsupported_grant_type', 'only authorization_code');
  }
  if (params.get('client_id') !== localClientId)
    return tokenError(401, 'invalid_client', 'unknown client_id');
  const code = params.get('code') ?? '';
  const pending = pendingCodes.get(code);
  // Used once, whatever follows: a second presentation, right or wrong, finds nothing.
  pendingCodes.delete(code);
  if (!pending || pending.expiresAt <= Date.now()) {
    return tokenError(400, 'invalid_grant', 'the code is unknown, used or expired');
  }
  if (params.get('redirect_uri') !== pending.redirectUri) {
    return tokenError(400, 'invalid_grant', 'redirect_uri differs from the authorization request');
  }
  const verifier = params.get('code_verifier') ?? '';
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  if (!verifierShape.test(verifier) || !sameText(challenge, pending.codeChallenge)) {
    return tokenError(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
  }
  const groups = [pending.role];
  // The member's attributes, as Cognito would put them in the ID token; recorded on the way out.
  // The demo sign-in lets a member pick a commission of the seeded hierarchy; else their own.
  const member = localDemoMembers.find((m) => m.userId === pending.userId);
  const chosen = pending.commissionId ? { 'custom:commissionId': pending.commissionId } : {};
  const attributes = { ...(member ? memberClaims(member) : { sub: pending.userId }), ...chosen };
  const commission =
    'custom:commissionId' in attributes ? { 'custom:commissionId': attributes['custom:commissionId'] } : {};
  await hooks.signedIn?.(attributes, groups);
  const [idToken, accessToken] = await Promise.all([
    issueLocalToken(pending.userId, groups, tokenHours, {
      ...attributes,
      auth_time: Math.floor(Date.now() / 1000),
      ...(pending.nonce ? { nonce: pending.nonce } : {}),
    }),
    issueLocalToken(pending.userId, groups, tokenHours, {
      ...commission,
      token_use: 'access',
      client_id: localClientId,
      scope: consoleOAuth.scopes.join(' '),
    }),
  ]);
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    body: {
      access_token: accessToken,
      id_token: idToken,
      token_type: 'Bearer',
      expires_in: tokenHours * 3600,
    },
  };
};

export const localConsoleRoute = async (
  method: string,
  url: URL,
  body: () => Promise<unknown>,
  hooks: SignInHooks = {},
): Promise<LocalRouteResult | undefined> => {
  if (method === 'GET' && url.pathname === '/config.json') return { status: 200, body: siteConfig(url) };
  if (url.pathname === '/oauth2/authorize') {
    if (method === 'GET') {
      const checked = checkAuthorizationRequest(url, url.searchParams);
      return checked.ok ? choosePage(url.searchParams) : checked.result;
    }
    if (method === 'POST') return issueCode(url, paramsOf(await body()));
  }
  if (method === 'POST' && url.pathname === '/oauth2/token')
    return exchangeCode(paramsOf(await body()), hooks);
  if (method === 'GET' && url.pathname === '/logout') {
    // Cognito's logout endpoint: forget the sign-in, back to a registered sign-out URI.
    if (url.searchParams.get('client_id') !== localClientId) return refusal('unknown client_id');
    if (url.searchParams.get('logout_uri') !== signedOutUriOf(url)) {
      return refusal(`logout_uri must be ${signedOutUriOf(url)}`);
    }
    return redirect(signedOutUriOf(url));
  }
  return undefined;
};
