import { describe, expect, it } from 'vitest';
import {
  decideCodeAttempt,
  decideSendCode,
  decideStaffVerification,
  isVerified,
  phoneCodeMessage,
  requestPhoneCode,
  unverifiedForFabrication,
} from '../../shared/domain/identity-verification.ts';

const pepper = new Uint8Array(32).fill(7);
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 8, minutes));
const report = { reportId: 'rpt_1', reporterKind: 'REAL_NAME', identityStatus: 'UNVERIFIED' as const };

const sent = (code = '123456', now = at(0)) => {
  const sending = decideSendCode(report, code, pepper, now);
  if (!sending.phoneCode) throw new Error('not sent');
  return { ...report, phoneCode: sending.phoneCode };
};

describe('the phone code', () => {
  it('stores a keyed hash bound to the report, never the code', () => {
    const state = sent();
    expect(JSON.stringify(state)).not.toContain('123456');
    expect(
      decideSendCode({ ...report, reportId: 'rpt_2' }, '123456', pepper, at(0)).phoneCode?.hash,
    ).not.toBe(state.phoneCode.hash);
  });

  it('verifies the right code within ten minutes, not after', () => {
    expect(decideCodeAttempt(sent(), '123456', pepper, at(9)).verified).toBe(true);
    const late = decideCodeAttempt(sent(), '123456', pepper, at(10));
    expect(late.verified).toBe(false);
    expect(late.error?.details?.[0]?.code).toBe('expired');
  });

  it('dies at the fifth wrong try: the right code fails after it', () => {
    let state = sent();
    for (let i = 1; i <= 5; i++) {
      const wrong = decideCodeAttempt(state, '000000', pepper, at(1));
      expect(wrong.verified).toBe(false);
      expect(wrong.error?.details?.[0]?.code).toBe(i < 5 ? 'wrong' : 'expired');
      state = { ...state, phoneCode: wrong.phoneCode as NonNullable<typeof wrong.phoneCode> };
    }
    expect(decideCodeAttempt(state, '123456', pepper, at(2)).verified).toBe(false);
  });

  it('sends three codes an hour at most, then says how long to wait', () => {
    let state = sent('111111', at(0));
    state = { ...state, phoneCode: decideSendCode(state, '222222', pepper, at(10)).phoneCode as never };
    state = { ...state, phoneCode: decideSendCode(state, '333333', pepper, at(20)).phoneCode as never };
    expect(decideSendCode(state, '444444', pepper, at(30)).retryAfter).toBe(30 * 60);
    expect(decideSendCode(state, '444444', pepper, at(61)).phoneCode).toBeDefined();
    // Only the newest code works.
    expect(decideCodeAttempt(state, '222222', pepper, at(21)).verified).toBe(false);
    expect(decideCodeAttempt(state, '333333', pepper, at(21)).verified).toBe(true);
  });

  it('refuses an anonymous or already verified report', () => {
    const anonymous = { reportId: 'rpt_3', reporterKind: 'ANONYMOUS' };
    expect(() => decideSendCode(anonymous, '123456', pepper, at(0))).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
    expect(() =>
      decideCodeAttempt({ ...sent(), identityStatus: 'PHONE_VERIFIED' }, '123456', pepper, at(1)),
    ).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it('texts no name and no receipt code, only the code and the commission', () => {
    const text = phoneCodeMessage('654321', '某县纪委监委');
    expect(text).toMatch(/^【某县纪委监委】.*654321.*10分钟内有效/);
    const request = requestPhoneCode(report, { pepper, now: at(0), commission: '某县纪委监委' }, '654321');
    expect(request.event?.type).toBe('PhoneCodeRequested');
    expect(JSON.stringify(request.event)).not.toContain('654321');
  });
});

describe('staff verification and what counts', () => {
  it('moves an unverified or phone-verified report to STAFF_VERIFIED, once', () => {
    expect(decideStaffVerification(report, 'IN_PERSON')).toEqual({
      fromStatus: 'UNVERIFIED',
      toStatus: 'STAFF_VERIFIED',
      method: 'IN_PERSON',
    });
    expect(
      decideStaffVerification({ ...report, identityStatus: 'PHONE_VERIFIED' }, 'PHONE_CALL').fromStatus,
    ).toBe('PHONE_VERIFIED');
    expect(() =>
      decideStaffVerification({ ...report, identityStatus: 'STAFF_VERIFIED' }, 'IN_PERSON'),
    ).toThrow();
    expect(() => decideStaffVerification({ reporterKind: 'ANONYMOUS' }, 'IN_PERSON')).toThrow();
  });

  it('counts phone or staff verification toward a record, but a fabrication needs staff', () => {
    expect(
      [undefined, 'UNVERIFIED', 'PHONE_VERIFIED', 'STAFF_VERIFIED'].map((s) => isVerified(s as never)),
    ).toEqual([false, false, true, true]);
    const statuses: Record<string, string> = { a: 'STAFF_VERIFIED', b: 'PHONE_VERIFIED', c: 'UNVERIFIED' };
    expect(
      unverifiedForFabrication(
        [{ reportId: 'a' }, { reportId: 'b' }, { reportId: 'c' }],
        (id) => statuses[id] as never,
      ),
    ).toEqual(['b', 'c']);
  });
});
