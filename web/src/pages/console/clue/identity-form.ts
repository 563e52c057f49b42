/**
 * A real-name reporter's identity (实名核实): the badge staff see on each report, and the form with
 * which intake or an approver records that they met or called the person (核实身份). Only a
 * verified report counts toward its reporter's record; a FABRICATION flag needs staff verification.
 */
import { t, tEnum } from '../../../i18n/index.ts';
import { api } from '../../../lib/api.ts';
import { h } from '../../../lib/dom.ts';
import { choice, field, input, select, statusLine, textarea } from '../../../lib/form.ts';
import { hasRole, type Session } from '../../../lib/session.ts';
import { errorText } from '../shared.ts';

export const identityBadge = (status: string | undefined) =>
  status
    ? h(
        'span',
        { class: status === 'UNVERIFIED' ? 'badge warn' : 'badge', 'data-marker': 'identityStatus' },
        tEnum('identityStatus', status),
      )
    : null;

/** The form, for a real-name report staff have not verified yet; `done` reloads the page. */
export const identityForm = (
  report: { reportId: string; identityStatus?: string | undefined },
  session: Session,
  done: () => Promise<void>,
) => {
  if (!report.identityStatus || report.identityStatus === 'STAFF_VERIFIED') return null;
  if (!hasRole(session, 'intake', 'approver')) return null;
  const method = field(
    t('identity.method'),
    select([
      ['IN_PERSON', tEnum('identityMethod', 'IN_PERSON')],
      ['PHONE_CALL', tEnum('identityMethod', 'PHONE_CALL')],
    ]),
  );
  const note = field(t('identity.note'), textarea({ maxlength: 1000, rows: 3, name: 'identity-note' }), {
    required: true,
    hint: t('identity.noteHint'),
  });
  const confirm = input({ type: 'checkbox', id: `identity-confirm-${report.reportId}` }) as HTMLInputElement;
  const status = statusLine('assertive');
  const submit = async () => {
    note.setError();
    status.textContent = '';
    if (!note.control.value.trim()) {
      note.setError(t('validation.required'));
      note.control.focus();
      return;
    }
    if (!confirm.checked) {
      status.textContent = t('identity.confirmNeeded');
      confirm.focus();
      return;
    }
    try {
      await api('POST', `/reports/${encodeURIComponent(report.reportId)}/identity-verification`, {
        token: session.token,
        body: { method: method.control.value, note: note.control.value.trim() },
      });
      await done();
    } catch (error) {
      status.textContent = errorText(error);
    }
  };
  return h(
    'details',
    { class: 'identity-form', 'data-identity-form': report.reportId },
    h('summary', {}, t('identity.verify')),
    h('p', { class: 'hint' }, t('identity.intro')),
    method.wrap,
    note.wrap,
    choice(confirm, t('identity.verifyConfirm')),
    h(
      'button',
      { type: 'button', class: 'verify-identity', onclick: () => void submit() },
      t('identity.record'),
    ),
    status,
  );
};
