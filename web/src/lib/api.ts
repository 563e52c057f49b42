/**
 * The HTTP API, on the same origin as the pages. Errors keep the contract's code, details and
 * Retry-After; the caller's language goes in Accept-Language so server messages match the page.
 */
import { lang } from '../i18n/index.ts';
import type { ErrorBody } from './responses.ts';

export type ErrorDetail = NonNullable<ErrorBody['error']['details']>[number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The API's address: empty for the same origin (locally), the HTTP API's URL in the cloud. */
let apiBase = '';
export const setApiBase = (base: string) => {
  apiBase = base.replace(/\/+$/, '');
};
export const apiUrl = (path: string) => `${apiBase}${path}`;

export interface ApiOptions {
  body?: unknown;
  token?: string | undefined;
  headers?: Record<string, string>;
}

const retryAfter = (response: Response): number | undefined => {
  const value = response.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
};

export const api = async <T>(method: string, path: string, options: ApiOptions = {}): Promise<T> => {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': lang() === 'en' ? 'en' : 'zh-CN',
    ...options.headers,
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(apiUrl(path), {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      // Bearer tokens only, never cookies: nothing for a cross-site request to ride on.
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!response.ok) {
    // Whatever answered (a gateway, a proxy) may not have sent the contract's error body.
    const error = (body as Partial<ErrorBody> | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : 'HTTP_ERROR'),
      error?.message ?? response.statusText,
      error?.details ?? [],
      retryAfter(response),
    );
  }
  return body as T;
};

/** A fresh Idempotency-Key (8–128 characters). */
export const idempotencyKey = (): string => `web-${crypto.randomUUID()}`;
