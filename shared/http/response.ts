/** Building API Gateway (HTTP API v2) responses: JSON, never cached, errors in the contract's shape. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type DomainError, type ErrorCode, type Message, messages } from '../domain/errors.ts';

export type Language = 'zh' | 'en';

const baseHeaders = {
  'content-type': 'application/json; charset=utf-8',
  // Receipt codes and case data must not linger in caches along the way.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { ...baseHeaders, ...headers },
  body: JSON.stringify(body),
});

/** zh-CN unless the client prefers English. */
export const languageOf = (acceptLanguage: string | undefined): Language =>
  acceptLanguage && /^\s*en\b/i.test(acceptLanguage) ? 'en' : 'zh';

export const errorResponse = (
  code: ErrorCode | 'INTERNAL',
  status: number,
  text: Message,
  lang: Language,
  extra: { details?: DomainError['details']; retryAfter?: number | undefined } = {},
): APIGatewayProxyStructuredResultV2 =>
  json(
    status,
    { error: { code, message: text[lang], ...(extra.details?.length ? { details: extra.details } : {}) } },
    extra.retryAfter !== undefined ? { 'retry-after': String(extra.retryAfter) } : {},
  );

export const domainErrorResponse = (error: DomainError, lang: Language) =>
  errorResponse(error.code, error.status, error.text, lang, {
    details: error.details,
    retryAfter: error.retryAfter,
  });

export const internalErrorResponse = (lang: Language) =>
  errorResponse('INTERNAL', 500, messages.INTERNAL, lang);
