/**
 * The local HTTP gateway: API Gateway's part in the local runtime. It matches the route table,
 * checks bearer tokens on commission routes as the JWT authorizer does, builds the HTTP API v2
 * event and invokes the very handler that the Lambda runs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { RouteDef } from '../../shared/contract/routes.ts';
import { messages } from '../../shared/domain/errors.ts';
import { languageOf } from '../../shared/http/response.ts';
import { lambdaContext, routeMatcher, toHttpApiEvent } from './http-api-event.ts';

type HttpHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<unknown>;

/** API Gateway HTTP APIs refuse bodies above 10 MB; so does the local gateway. */
const gatewayBodyLimit = 10 * 1024 * 1024;

export const repoRoot = resolve(import.meta.dirname, '..', '..');

/** Imports every route's handler module up front, so a broken one fails at startup. */
export const loadHandlers = async (entries: [string, RouteDef][]): Promise<Map<string, HttpHandler>> => {
  const handlers = new Map<string, HttpHandler>();
  for (const [name, route] of entries) {
    const module = (await import(pathToFileURL(resolve(repoRoot, route.entry)).href)) as {
      handler: HttpHandler;
    };
    handlers.set(name, module.handler);
  }
  return handlers;
};

export interface LocalRouteResult {
  status: number;
  /** JSON, or a string sent as it is (the local sign-in page, a redirect's empty body). */
  body: unknown;
  headers?: Record<string, string>;
}

export interface GatewayOptions {
  host: string;
  port: number;
  routes: [string, RouteDef][];
  handlers: Map<string, HttpHandler>;
  verifyToken(token: string): Promise<Record<string, unknown> | undefined>;
  /**
   * Routes that exist only locally (GET /local/inbox, the sign-in stand-in); undefined when the
   * path is not one. The URL carries the origin the caller used; a form body arrives as
   * URLSearchParams, any other body as parsed JSON (undefined when it is not JSON).
   */
  localRoute?(method: string, url: URL, body: () => Promise<unknown>): Promise<LocalRouteResult | undefined>;
  /** The web pages, tried for a GET or HEAD that no API route matches; false when it is not one. */
  staticSite?(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Wraps every handler invocation (the benchmarks attribute DynamoDB calls to the route). */
  aroundHandler?: AroundHandler;
}

export type AroundHandler = <T>(routeName: string, invoke: () => Promise<T>) => Promise<T>;

/** The gateway's own refusals, in the contract's error shape and the caller's language. */
const contractError = (
  req: IncomingMessage,
  code: 'NOT_FOUND' | 'UNAUTHENTICATED' | 'PAYLOAD_TOO_LARGE' | 'UNAVAILABLE' | 'INTERNAL',
) => ({
  error: { code, message: messages[code][languageOf(req.headers['accept-language'])] },
});

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

/**
 * Whether a body follows the headers (RFC 9112 §6.3): only with Content-Length or
 * Transfer-Encoding. A GET has neither, and need not wait for the stream's end to learn it.
 */
const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
const noBody = Buffer.alloc(0);

const readBody = (req: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > gatewayBodyLimit) {
        done(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => done(size > gatewayBodyLimit ? undefined : Buffer.concat(chunks)));
    req.on('error', fail);
  });

/**
 * The caller's address. Local only: a loopback caller may name itself with X-Forwarded-For, so
 * tests and load generators can stand in for many clients (API Gateway uses the TCP peer).
 */
const sourceIpOf = (req: IncomingMessage): string => {
  const peer = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const forwarded = req.headers['x-forwarded-for'];
  const isLoopback = peer === '127.0.0.1' || peer === '::1';
  return isLoopback && typeof forwarded === 'string' && forwarded
    ? (forwarded.split(',')[0] as string).trim()
    : peer;
};

/** The request's URL on the origin the caller used (its Host header), when that is a plain host[:port]. */
const asCalled = (req: IncomingMessage, url: URL): URL => {
  const host = req.headers.host ?? '';
  return /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(host)
    ? new URL(`${url.pathname}${url.search}`, `http://${host}`)
    : url;
};

export const startGateway = async (options: GatewayOptions) => {
  const matchRoute = routeMatcher(options.routes);

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';

    // API routes first: none of them lies under the local-only paths or the web pages, and the
    // API is the path whose latency the benchmarks measure.
    const match = matchRoute(method, url.pathname);
    if (!match) {
      const localBody = async () => {
        const raw = await readBody(req);
        if (/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
          return new URLSearchParams(raw?.toString('utf8') ?? '');
        }
        try {
          return raw?.length ? (JSON.parse(raw.toString('utf8')) as unknown) : {};
        } catch {
          return undefined;
        }
      };
      const local = await options.localRoute?.(method, asCalled(req, url), localBody);
      if (local && typeof local.body === 'string') {
        res.writeHead(local.status, local.headers);
        return res.end(local.body);
      }
      if (local) return send(res, local.status, local.body, local.headers);
      if ((method === 'GET' || method === 'HEAD') && (await options.staticSite?.(req, res, url))) return;
      return send(res, 404, contractError(req, 'NOT_FOUND'));
    }

    let claims: Record<string, unknown> | undefined;
    if (match.route.access !== 'public') {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      claims = bearer ? await options.verifyToken(bearer) : undefined;
      if (!claims) return send(res, 401, contractError(req, 'UNAUTHENTICATED'));
    }

    const body = hasBody(req) ? await readBody(req) : noBody;
    if (!body) return send(res, 413, contractError(req, 'PAYLOAD_TOO_LARGE'));

    const event = toHttpApiEvent({
      req,
      url,
      body,
      routeKey: `${match.route.method} ${match.route.path}`,
      pathParameters: match.pathParameters,
      sourceIp: sourceIpOf(req),
      claims,
    });
    const handler = options.handlers.get(match.name) as HttpHandler;
    const invoke = () => handler(event, lambdaContext(match.name, match.route.timeoutSeconds ?? 10));
    const result = (await (options.aroundHandler ? options.aroundHandler(match.name, invoke) : invoke())) as
      | APIGatewayProxyStructuredResultV2
      | undefined;
    res.writeHead(result?.statusCode ?? 200, result?.headers as Record<string, string>);
    // A text body goes to the socket as it is; only a base64 one needs decoding into bytes.
    res.end(result?.body && result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result?.body);
  };

  // Graceful stop: once draining, new requests are refused with a 503 that closes the connection,
  // and those already in flight run to their answer (up to the longest route timeout).
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  let drained: (() => void) | undefined;
  const server = createServer((req, res) => {
    if (draining) {
      send(res, 503, contractError(req, 'UNAVAILABLE'), { connection: 'close', 'retry-after': '1' });
      return;
    }
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (draining) server.closeIdleConnections();
      if (draining && inFlight.size === 0) drained?.();
    });
    serve(req, res).catch((error: unknown) => {
      // Like a Lambda that crashed: API Gateway answers 500 and the handler's error is in its log.
      console.error('[gateway] handler crashed', error);
      if (!res.headersSent) send(res, 500, contractError(req, 'INTERNAL'));
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, done);
  });
  const { port } = server.address() as AddressInfo;
  const longestTimeoutMs = Math.max(...options.routes.map(([, route]) => route.timeoutSeconds ?? 10)) * 1000;
  return {
    url: `http://${options.host}:${port}`,
    port,
    /** Requests being served right now. */
    get inFlight() {
      return inFlight.size;
    },
    /**
     * Stops accepting, lets the requests in flight finish (for at most `drainMs`, by default the
     * longest route timeout plus a second), closes idle keep-alive connections, then the rest.
     */
    stop: async (drainMs = longestTimeoutMs + 1_000) => {
      draining = true;
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeIdleConnections();
      if (inFlight.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((done) => {
          drained = done;
          timer = setTimeout(done, drainMs);
        });
        clearTimeout(timer);
        if (inFlight.size > 0)
          console.error(`[gateway] ${inFlight.size} request(s) still running after ${drainMs} ms: cut off`);
      }
      server.closeAllConnections();
      await closed;
    },
  };
};
