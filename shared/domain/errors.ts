/**
 * Errors that the domain and the stores raise on purpose. Each carries the HTTP status and the
 * contract's error code (docs/api.md), so the one error mapper in shared/http never guesses.
 * Anything that is not a DomainError is a bug and becomes a bare 500.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'INVALID_TRANSITION'
  /** A second live clearance for an allegation (one live clearance per allegation). */
  | 'CLEARANCE_EXISTS'
  /** The clearance's text changed after the cadre saw (or agreed to) it. */
  | 'CONSENT_CONTENT_CHANGED'
  /** Objections (异议): one per report and conclusion, within the window after it. */
  | 'OBJECTION_EXISTS'
  | 'OBJECTION_WINDOW_CLOSED'
  /** A FABRICATION flag resting on a report whose reporter staff have not verified. */
  | 'IDENTITY_UNVERIFIED'
  /** A search of fewer than two characters once spaces and punctuation are left out. */
  | 'QUERY_TOO_SHORT'
  /** Assignment (staff.ts): no active member of the commission by that id; one without the role. */
  | 'ASSIGNEE_UNKNOWN'
  | 'ASSIGNEE_ROLE'
  /** 回避: a member recused from a clue (or related to its cadre) may not read, act on or be assigned it. */
  | 'CONFLICT_OF_INTEREST'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'OUTCOME_UNKNOWN';

export const statusOf: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  INVALID_TRANSITION: 409,
  CLEARANCE_EXISTS: 409,
  CONSENT_CONTENT_CHANGED: 409,
  OBJECTION_EXISTS: 409,
  OBJECTION_WINDOW_CLOSED: 409,
  IDENTITY_UNVERIFIED: 409,
  QUERY_TOO_SHORT: 400,
  ASSIGNEE_UNKNOWN: 409,
  ASSIGNEE_ROLE: 409,
  CONFLICT_OF_INTEREST: 403,
  IDEMPOTENCY_KEY_REUSED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  OUTCOME_UNKNOWN: 503,
};

/** A bilingual message: zh-CN is the default language of the service, English on request. */
export interface Message {
  zh: string;
  en: string;
}

export interface ErrorDetail {
  path?: string;
  code?: string;
  message: string;
}

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly text: Message,
    readonly details?: ErrorDetail[],
    /** Seconds the client should wait (429, 503). */
    readonly retryAfter?: number,
  ) {
    super(text.en);
    this.name = 'DomainError';
    this.status = statusOf[code];
  }
}

/** The standard messages, so that the same situation always reads the same way. */
export const messages = {
  VALIDATION_FAILED: { zh: '请求内容不符合要求', en: 'The request is not valid' },
  UNAUTHENTICATED: { zh: '需要有效的登录凭证', en: 'A valid bearer token is required' },
  FORBIDDEN: { zh: '无权执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { zh: '未找到', en: 'Not found' },
  RECEIPT_NOT_FOUND: {
    zh: '未找到与该受理码对应的举报，请核对后重试',
    en: 'No report matches this receipt code; please check it and try again',
  },
  IDEMPOTENCY_KEY_REUSED: {
    zh: '该 Idempotency-Key 已用于另一份不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  PAYLOAD_TOO_LARGE: { zh: '请求内容过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: {
    zh: '请求内容须为 JSON 格式（Content-Type: application/json）',
    en: 'The request body must be JSON (Content-Type: application/json)',
  },
  RATE_LIMITED: { zh: '尝试次数过多，请稍后再试', en: 'Too many attempts; please wait and try again' },
  UNAVAILABLE: { zh: '服务暂时繁忙，请稍后重试', en: 'The service is busy; please retry shortly' },
  OUTCOME_UNKNOWN: {
    zh: '暂时无法确认本次操作是否已经完成，它可能已经生效。请稍后以相同内容和相同的 Idempotency-Key 重新提交，系统将返回原处理结果，不会重复办理；未使用 Idempotency-Key 的操作，请先核实结果，切勿重复办理',
    en: 'It is not known yet whether this request was carried out; it may have been. Send the same request with the same Idempotency-Key shortly: it returns the original result and is never carried out twice. Without an Idempotency-Key, check the outcome before repeating the request',
  },
  INTERNAL: { zh: '服务内部错误', en: 'Internal error' },
} as const satisfies Record<string, Message>;

export const notFound = (text: Message = messages.NOT_FOUND) => new DomainError('NOT_FOUND', text);
export const forbidden = (text: Message = messages.FORBIDDEN) => new DomainError('FORBIDDEN', text);
export const validationFailed = (details: ErrorDetail[], text: Message = messages.VALIDATION_FAILED) =>
  new DomainError('VALIDATION_FAILED', text, details);
export const unavailable = (retryAfter = 1) =>
  new DomainError('UNAVAILABLE', messages.UNAVAILABLE, undefined, retryAfter);
/** A write was sent and never answered: it may have been applied, so "failed" would be a lie. */
export const outcomeUnknown = (retryAfter = 1) =>
  new DomainError('OUTCOME_UNKNOWN', messages.OUTCOME_UNKNOWN, undefined, retryAfter);

export const versionConflict = (currentVersion: number) =>
  new DomainError(
    'VERSION_CONFLICT',
    {
      zh: '线索已被他人更新，请刷新后重试',
      en: 'The clue was changed by someone else; reload and try again',
    },
    [{ path: 'expectedVersion', code: 'stale', message: `the current version is ${currentVersion}` }],
  );
