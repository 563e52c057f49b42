/**
 * The site's runtime configuration, /config.json beside the pages: the local runtime serves one
 * naming its own stand-in authorization server; the CDK deploys one naming the API's address and
 * Cognito's managed login. Loaded once, before the first page renders, because every API call
 * needs the address and every console page may need to send staff to sign in.
 */
import { setApiBase } from './api.ts';

/** The console's OAuth 2.0 client and its authorization server (authorization code with PKCE). */
export interface SignInConfig {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** Cognito's logout endpoint (and the local stand-in's): ends the sign-in session too. */
  logoutEndpoint: string;
  /** How ID tokens are signed: Cognito's RS256; the local key's ES256. */
  idTokenSigningAlg: string;
  clientId: string;
  redirectUri: string;
  logoutUri: string;
  scope: string;
}

export interface SiteConfig {
  apiUrl?: string;
  /** The commission's name (COMMISSION_NAME), printed on the report receipt. */
  commissionName?: string;
  signIn?: SignInConfig;
  /** Only locally: the sign-in page lists demo users rather than real accounts. */
  demo?: boolean;
}

let loaded: SiteConfig = {};

export const loadSiteConfig = async (): Promise<SiteConfig> => {
  try {
    const response = await fetch('/config.json', { cache: 'no-store', credentials: 'same-origin' });
    if (response.ok) loaded = (await response.json()) as SiteConfig;
  } catch {
    // Without a config the public pages still work against the API on their own origin.
  }
  setApiBase(loaded.apiUrl ?? '');
  return loaded;
};

export const siteConfig = (): SiteConfig => loaded;
