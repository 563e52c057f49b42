/**
 * The staff session: the bearer token lives in sessionStorage (gone when the tab closes), never in
 * localStorage. The roles come from the token's `cognito:groups`, as the API reads them.
 */
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

export const signOut = () => sessionStorage.removeItem(key);

export const hasRole = (session: Session | undefined, ...roles: string[]) =>
  Boolean(session?.roles.some((r) => roles.includes(r)));
