/**
 * The site's runtime configuration, /config.json beside the pages: the local runtime serves one
 * naming its demo users; the CDK deploys one naming the API's address and the Cognito pool.
 * Loaded once, before the first page renders, because every API call needs the address.
 */
import { setApiBase } from './api.ts';

export type SiteConfig =
  | { auth: 'local'; apiUrl?: string; demoUsers: { userId: string; role: string }[] }
  | { auth: 'cognito'; apiUrl: string; region: string; userPoolId: string; clientId: string };

let loaded: SiteConfig = { auth: 'local', demoUsers: [] };

export const loadSiteConfig = async (): Promise<SiteConfig> => {
  try {
    const response = await fetch('/config.json', { cache: 'no-store', credentials: 'same-origin' });
    if (response.ok) loaded = (await response.json()) as SiteConfig;
  } catch {
    // Without a config the pages still work against the API on their own origin.
  }
  setApiBase(loaded.apiUrl ?? '');
  return loaded;
};

export const siteConfig = (): SiteConfig => loaded;
