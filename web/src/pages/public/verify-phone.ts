/**
 * The "验证手机号" box of a real-name report: the reporter types the code texted to the phone given
 * at submission (never shown back), or asks for a new one. Until verified, a real-name report counts
 * against nobody, so a stranger who typed someone else's ID number gains nothing.
 */
import { t } from '../../i18n/index.ts';
import { type ApiError, api } from '../../lib/api.ts';
import { h } from '../../lib/dom.ts';
import { field, input, statusLine } from '../../lib/form.ts';

const failure = (error: ApiError) => {
  if (error.status === 429) return t('phone.tooMany', { seconds: error.retryAfterSeconds ?? 60 });
  if (error.code === 'NETWORK') return t('error.network');
  if (error.status === 400 && error.details[0]?.code === 'expired') return t('phone.expired');
  if (error.status === 400) return t('phone.wrong');
  if (error.status === 409) return t('phone.already');
  if (error.status === 404) return t('follow.notFound');
  return t('error.generic');
};

export const phoneBox = (receiptCode: string, identityStatus = 'UNVERIFIED') => {
  const done = h('p', { class: 'success', id: 'phone-verified', role: 'status' }, t('phone.verified'));
  if (identityStatus !== 'UNVERIFIED') return h('section', { class: 'card', id: 'verify-phone' }, done);
  const code = field(
    t('phone.code'),
    input({ name: 'phone-code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6 }),
    { required: true, hint: t('phone.codeHint') },
  );
  const status = statusLine('assertive');
  const box = h('section', { class: 'card', id: 'verify-phone', 'aria-labelledby': 'verify-phone-title' });
  const verify = async () => {
    code.setError();
    status.textContent = '';
    if (!/^\d{6}$/.test(code.control.value.trim())) {
      code.setError(t('phone.sixDigits'));
      code.control.focus();
      return;
    }
    try {
      await api('POST', '/receipts/verify-phone', { body: { receiptCode, code: code.control.value.trim() } });
      box.replaceChildren(done);
    } catch (error) {
      status.textContent = failure(error as ApiError);
    }
  };
  const resend = async () => {
    status.textContent = '';
    try {
      await api('POST', '/receipts/verify-phone/resend', { body: { receiptCode } });
      status.textContent = t('phone.resent');
    } catch (error) {
      status.textContent = failure(error as ApiError);
    }
  };
  box.append(
    h('h2', { id: 'verify-phone-title' }, t('phone.title')),
    h('p', {}, t('phone.intro')),
    code.wrap,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { type: 'button', id: 'verify-phone-submit', onclick: () => void verify() },
        t('phone.submit'),
      ),
      h(
        'button',
        { type: 'button', class: 'secondary', id: 'verify-phone-resend', onclick: () => void resend() },
        t('phone.resend'),
      ),
    ),
    status,
  );
  return box;
};
