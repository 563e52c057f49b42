/**
 * Confirming a real-name reporter's identity (实名核实). Anyone who knows a neighbour's ID number
 * can type it into the form, so a real-name report starts UNVERIFIED and counts against nobody
 * until it is confirmed: by the reporter, with a one-time code sent by SMS to the phone given
 * (PHONE_VERIFIED), or by staff who met or called the person (STAFF_VERIFIED, the only status a
 * FABRICATION flag may rest on). Pure decisions: the code's state in, the next state out.
 */
import { createHmac, randomInt } from 'node:crypto';
import { DomainError, type Message } from './errors.ts';
import { domainEvent } from './events.ts';
import { sameDigest } from './receipt-code.ts';

export const identityStatuses = ['UNVERIFIED', 'PHONE_VERIFIED', 'STAFF_VERIFIED'] as const;
export type IdentityStatus = (typeof identityStatuses)[number];

export const staffVerificationMethods = ['IN_PERSON', 'PHONE_CALL'] as const;
export type StaffVerificationMethod = (typeof staffVerificationMethods)[number];

/** Codes: 6 digits, 10 minutes, 5 tries, 3 sendings per hour (the first included). */
export const phoneCodePolicy = {
  digits: 6,
  ttlMs: 10 * 60_000,
  maxAttempts: 5,
  sendsPerWindow: 3,
  windowMs: 60 * 60_000,
} as const;

/** The code as stored: only its keyed hash, when it dies, how often it was tried and sent. */
export interface PhoneCode {
  hash: string;
  expiresAt: string;
  attempts: number;
  /** When codes were sent within the last window, oldest first (the resend limit). */
  sentAt: string[];
}

/** A report's identity state, as the report item keeps it. */
export interface IdentityState {
  identityStatus?: IdentityStatus | undefined;
  phoneCode?: PhoneCode | undefined;
}

/** Whether a report may count toward its reporter's accuser record. */
export const isVerified = (status: IdentityStatus | undefined): boolean =>
  status === 'PHONE_VERIFIED' || status === 'STAFF_VERIFIED';

/** HMAC-SHA256 under its own pepper, bound to the report so a code is worth nothing elsewhere. */
export const hashPhoneCode = (reportId: string, code: string, pepper: Uint8Array): string =>
  createHmac('sha256', pepper).update(`${reportId}:${code}`).digest('hex');

export const generatePhoneCode = (): string =>
  String(randomInt(0, 10 ** phoneCodePolicy.digits)).padStart(phoneCodePolicy.digits, '0');

/**
 * The SMS text: the code, what it is for, and who sends it. No name and no receipt code: a phone
 * is often seen by others, and the receipt code is the report's only key.
 */
export const phoneCodeMessage = (code: string, commission: string): string =>
  `【${commission}】您的实名举报手机验证码为 ${code}，10分钟内有效。请勿将验证码告知他人。如非本人操作，请忽略本短信。`;

const refuse = (zh: string, en: string) => new DomainError('INVALID_TRANSITION', { zh, en });

export const codeMessages = {
  wrong: {
    zh: '验证码不正确，请核对后重新输入',
    en: 'The code is not correct; please check it and try again',
  },
  expired: {
    zh: '验证码已失效，请重新获取',
    en: 'The code has expired or was tried too often; please ask for a new one',
  },
} as const satisfies Record<string, Message>;

const wrongCode = (attemptsLeft: number) =>
  new DomainError('VALIDATION_FAILED', codeMessages.wrong, [
    { path: 'code', code: 'wrong', message: `${attemptsLeft} attempt(s) left` },
  ]);
const deadCode = () =>
  new DomainError('VALIDATION_FAILED', codeMessages.expired, [
    { path: 'code', code: 'expired', message: 'request a new code' },
  ]);

/** Only a real-name report that is not verified yet has a phone to confirm. */
const checkAwaiting = (reporterKind: string, state: IdentityState) => {
  if (reporterKind !== 'REAL_NAME' || !state.identityStatus)
    throw refuse('匿名举报无需验证身份', 'An anonymous report has no identity to verify');
  if (state.identityStatus !== 'UNVERIFIED')
    throw refuse('该举报人的身份已经核实', "This reporter's identity is already verified");
};

/** A new code to send: its hash and the state after sending; refused past the resend limit. */
export const decideSendCode = (
  report: { reportId: string; reporterKind: string } & IdentityState,
  code: string,
  pepper: Uint8Array,
  now: Date,
): { phoneCode: PhoneCode; retryAfter?: undefined } | { phoneCode?: undefined; retryAfter: number } => {
  checkAwaiting(report.reporterKind, report);
  const windowStart = new Date(now.getTime() - phoneCodePolicy.windowMs).toISOString();
  const recent = (report.phoneCode?.sentAt ?? []).filter((at) => at > windowStart);
  if (recent.length >= phoneCodePolicy.sendsPerWindow) {
    const freed = new Date(recent[0] as string).getTime() + phoneCodePolicy.windowMs;
    return { retryAfter: Math.max(1, Math.ceil((freed - now.getTime()) / 1000)) };
  }
  return {
    phoneCode: {
      hash: hashPhoneCode(report.reportId, code, pepper),
      expiresAt: new Date(now.getTime() + phoneCodePolicy.ttlMs).toISOString(),
      attempts: 0,
      sentAt: [...recent, now.toISOString()],
    },
  };
};

/**
 * A code to send now (at submission, or on request): the state to store, the event and the SMS
 * text; or how long to wait when the resend limit is reached.
 */
export const requestPhoneCode = (
  report: { reportId: string; reporterKind: string } & IdentityState,
  context: { pepper: Uint8Array; now: Date; commission: string },
  code: string = generatePhoneCode(),
) => {
  const sending = decideSendCode(report, code, context.pepper, context.now);
  if (!sending.phoneCode) return { retryAfter: sending.retryAfter };
  return {
    phoneCode: sending.phoneCode,
    event: domainEvent('PhoneCodeRequested', { reportId: report.reportId }, context.now.toISOString()),
    message: phoneCodeMessage(code, context.commission),
  };
};

/**
 * One try of a code. A right code verifies the phone; a wrong one spends a try (the state to store
 * comes with the error); a code past its time or its fifth wrong try is dead whatever is typed.
 */
export const decideCodeAttempt = (
  report: { reportId: string; reporterKind: string } & IdentityState,
  typed: string,
  pepper: Uint8Array,
  now: Date,
):
  | { verified: true; phoneCode?: undefined; error?: undefined }
  | { verified: false; phoneCode: PhoneCode | undefined; error: DomainError } => {
  checkAwaiting(report.reporterKind, report);
  const code = report.phoneCode;
  if (!code || code.attempts >= phoneCodePolicy.maxAttempts || code.expiresAt <= now.toISOString())
    return { verified: false, phoneCode: undefined, error: deadCode() };
  if (sameDigest(code.hash, hashPhoneCode(report.reportId, typed, pepper))) return { verified: true };
  const attempts = code.attempts + 1;
  const left = phoneCodePolicy.maxAttempts - attempts;
  return {
    verified: false,
    phoneCode: { ...code, attempts },
    error: left > 0 ? wrongCode(left) : deadCode(),
  };
};

/** Staff who met or called the reporter record it: with how, and a note of what was checked. */
export const decideStaffVerification = (
  report: { reporterKind: string } & IdentityState,
  method: StaffVerificationMethod,
): { fromStatus: IdentityStatus; toStatus: 'STAFF_VERIFIED'; method: StaffVerificationMethod } => {
  if (report.reporterKind !== 'REAL_NAME' || !report.identityStatus)
    throw refuse('匿名举报无需核实身份', 'An anonymous report has no identity to verify');
  if (report.identityStatus === 'STAFF_VERIFIED')
    throw refuse('该举报人的身份已由工作人员核实', "This reporter's identity was already verified by staff");
  return { fromStatus: report.identityStatus, toStatus: 'STAFF_VERIFIED', method };
};

/**
 * Confirming a FABRICATION flag names a person as having framed a cadre: every report it rests on
 * must have been verified by staff who met or called that person (a phone code proves only
 * that someone holds the phone). Returns the reports that are not.
 */
export const unverifiedForFabrication = (
  evidence: readonly { reportId: string }[],
  statusOf: (reportId: string) => IdentityStatus | undefined,
): string[] => evidence.filter((e) => statusOf(e.reportId) !== 'STAFF_VERIFIED').map((e) => e.reportId);

export const identityUnverified = (reportIds: readonly string[]) =>
  new DomainError(
    'IDENTITY_UNVERIFIED',
    {
      zh: '认定诬告陷害前，须由工作人员当面或电话核实举报人身份；以下举报尚未核实',
      en: 'Before a fabrication flag is confirmed, staff must verify the reporter in person or by phone; these reports are not verified',
    },
    reportIds.map((reportId) => ({ path: 'evidence', code: 'unverified', message: reportId })),
  );
