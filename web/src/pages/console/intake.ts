/**
 * 登记来信来访来电: intake staff record a report that came by letter, visit or phone call
 * (POST /intake/reports), with the portal's own report sections, and then hand the person the
 * receipt: the portal's receipt view, whose printed page names the commission and says what the
 * code and the signed receipt are for. One Idempotency-Key per filled-in form, as on the portal.
 */
import { counterChannels } from '../../../../shared/domain/vocabulary.ts';
import { t, tEnum } from '../../i18n/index.ts';
import { type ApiError, api, idempotencyKey } from '../../lib/api.ts';
import { h, replace } from '../../lib/dom.ts';
import { field, select, statusLine } from '../../lib/form.ts';
import type { SubmitReportResponse } from '../../lib/responses.ts';
import { hasRole } from '../../lib/session.ts';
import { accusedSection } from '../public/report/accused.ts';
import { allegationsSection } from '../public/report/allegations.ts';
import { reporterSection } from '../public/report/reporter.ts';
import type { FormSection } from '../public/report/section.ts';
import { check, failureText, receiptView } from '../public/report.ts';
import { consolePage, errorText, requireSession } from './shared.ts';

/** How the report came in: letter, visit or phone call. */
const channelSection = (): FormSection => {
  const channel = field(
    t('intake.channel'),
    select(
      counterChannels.map((c) => [c, tEnum('channel', c)]),
      { id: 'intake-channel', name: 'channel' },
    ),
    { required: true },
  );
  return {
    element: h('fieldset', {}, h('legend', {}, t('intake.channel')), channel.wrap),
    fields: () => [channel],
    check: () => undefined,
    value: () => ({ channel: channel.control.value }),
    fieldFor: (path) => (path === 'body.channel' ? channel : undefined),
  };
};

export const counterIntakePage = () => {
  const session = requireSession();
  if (!session) return h('div');
  const title = t('console.intake');
  if (!hasRole(session, 'intake'))
    return consolePage(session, '/console/intake', title, h('p', { role: 'alert' }, t('intake.onlyIntake')));
  const container = h('div', {});
  const sections = [channelSection(), accusedSection(), allegationsSection(), reporterSection()];
  const status = statusLine('assertive');
  const submit = h('button', { type: 'submit', id: 'record-report' }, t('intake.submit'));
  const form = h(
    'form',
    { novalidate: true, id: 'intake-form', 'aria-label': title },
    ...sections.map((s) => s.element),
    h('div', { class: 'actions' }, submit),
    status,
  );
  let key = idempotencyKey();
  let inFlight = false;
  form.addEventListener('input', () => {
    if (!inFlight) key = idempotencyKey();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (inFlight) return;
    status.textContent = '';
    if (!check(sections)) {
      status.textContent = t('report.fixErrors');
      return;
    }
    inFlight = true;
    submit.disabled = true;
    status.textContent = t('report.sending');
    try {
      const body = Object.assign({}, ...sections.map((s) => s.value()));
      const result = await api<SubmitReportResponse>('POST', '/intake/reports', {
        body,
        token: session.token,
        headers: { 'Idempotency-Key': key },
      });
      const receipt = receiptView(result);
      const again = h(
        'a',
        { href: '/console/intake', class: 'button secondary no-print', id: 'record-another' },
        t('intake.another'),
      );
      replace(container, h('p', { class: 'no-print', role: 'status' }, t('intake.recorded')), receipt, again);
      // What is printed is the receipt alone, as the portal prints it.
      container.parentElement?.querySelector('h1')?.classList.add('no-print');
      (receipt.querySelector('h2') as HTMLElement).focus();
    } catch (error) {
      const e = error as ApiError;
      status.textContent = e.code === 'VALIDATION_FAILED' ? failureText(e, sections) : errorText(e);
    } finally {
      inFlight = false;
      submit.disabled = false;
    }
  });
  replace(container, h('p', {}, t('intake.intro')), form);
  return consolePage(session, '/console/intake', title, container);
};
