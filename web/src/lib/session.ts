/**
 * The staff session: the access token from the sign-in (the API's bearer) lives in sessionStorage
 * (gone when the tab closes), never in localStorage; no refresh token is kept, so an expired
 * session means signing in again. The roles come from the token's `cognito:groups`, as the API
 * reads them.
 */
import type { SignInConfig } from './config.ts';

export interface Session {
  token: string;
  userId: string;
  roles: string[];
  expiresAt: number;
}

const key = 'zm.staff';

const decode = (token: string): Record<string, unknown> => {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
};

export const sessionFromToken = (token: string): Session => {
  const claims = decode(token);
  return {
    token,
    userId: String(claims.sub ?? ''),
    roles: Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [],
    expiresAt: Number(claims.exp ?? 0) * 1000,
  };
};

export const saveSession = (session: Session) => sessionStorage.setItem(key, JSON.stringify(session));

export const currentSession = (): Session | undefined => {
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    if (session.expiresAt && session.expiresAt < Date.now()) {
      sessionStorage.removeItem(key);
      return undefined;
    }
    return session;
  } catch {
    return undefined;
  }
};

/** Forgets the session here; `signOutAddress` ends the authorization server's session too. */
export const signOut = () => sessionStorage.removeItem(key);

/** Cognito's logout endpoint (locally its stand-in), which returns to the sign-in page. */
export const signOutAddress = (cfg: SignInConfig) => {
  const url = new URL(cfg.logoutEndpoint);
  url.searchParams.set('client_id', cfg.clientId);
  url.searchParams.set('logout_uri', cfg.logoutUri);
  return url.href;
};

export const hasRole = (session: Session | undefined, ...roles: string[]) =>
  Boolean(session?.roles.some((r) => roles.includes(r)));
