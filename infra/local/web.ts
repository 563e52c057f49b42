/**
 * The web pages in the local runtime: web/dist served beside the API on the same origin (API
 * routes keep priority), with the same security headers CloudFront adds, and an SPA fallback for
 * page navigations. `npm start` rebuilds web/dist when it is missing or older than its sources.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from '../web-policy.ts';

export const webRoot = resolve(import.meta.dirname, '..', '..', 'web');
export const webDist = join(webRoot, 'dist');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export const securityHeaders = (): Record<string, string> => ({
  // Evidence uploads go to the emulator's S3 endpoint, set by the runtime before it serves.
  'content-security-policy': contentSecurityPolicy(
    process.env.AWS_ENDPOINT_URL_S3
      ? { uploadOrigins: [new URL(process.env.AWS_ENDPOINT_URL_S3).origin] }
      : {},
  ),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
});

const newestMtime = (path: string): number => {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
};

/** True when web/dist/index.html is missing or older than any source of the build. */
export const webBuildStale = (): boolean => {
  const built = join(webDist, 'index.html');
  if (!existsSync(built)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => join(webRoot, p)).filter(existsSync);
  const shared = resolve(webRoot, '..', 'shared', 'domain');
  return Math.max(...sources.map(newestMtime), newestMtime(shared)) > statSync(built).mtimeMs;
};

/** Builds web/dist with Vite (about a second); does nothing when it is up to date unless forced. */
export const ensureWebBuild = async (options: { force?: boolean } = {}): Promise<boolean> => {
  if (!options.force && !webBuildStale()) return false;
  const { build } = await import('vite');
  await build({ configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
  return true;
};

/**
 * Whether the caller wants JSON and nothing else (`Accept: application/json`): an API client that
 * should get the contract's 404, not the portal's page. No Accept, any type (curl's default) or
 * text/html is a page navigation.
 */
export const acceptsJsonOnly = (accept: string | undefined): boolean => {
  const types = (accept ?? '')
    .split(',')
    .map((part) => part.split(';')[0]?.trim().toLowerCase() ?? '')
    .filter(Boolean);
  return types.length > 0 && types.every((type) => type === 'application/json' || type.endsWith('+json'));
};

/**
 * Serves a file of `dir`, or index.html for `/` and page paths (a GET on a path without an
 * extension, unless it asks for JSON only). Returns false when it is neither, so the gateway
 * answers its own 404.
 */
export const staticSite =
  (dir: string = webDist) =>
  async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const root = resolve(dir);
    let path: string;
    try {
      path = normalize(join(root, decodeURIComponent(url.pathname)));
    } catch {
      return false;
    }
    if (path !== root && !path.startsWith(root + sep)) return false;
    let file: string | undefined;
    if (existsSync(path) && statSync(path).isFile()) file = path;
    else if (!extname(url.pathname) && !acceptsJsonOnly(req.headers.accept)) file = join(root, 'index.html');
    if (!file || !existsSync(file)) return false;
    const immutable = url.pathname.startsWith('/assets/');
    res.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'content-length': String(statSync(file).size),
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...securityHeaders(),
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((done, fail) => {
      createReadStream(file).on('error', fail).on('end', done).pipe(res);
    });
    return true;
  };
