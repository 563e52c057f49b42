/**
 * Submitting a report (检举控告). One Idempotency-Key per filled-in form: a double click or a retry
 * after a lost answer sends the same key and gets the same receipt; editing the form starts a new key.
 * The receipt code is shown once and kept nowhere: not in the URL, not in storage.
 *
 * The form is three sections (report/): the accused, the allegations, the reporter. Each owns its
 * fields; the page asks them to check themselves, to give their part of the request, and where a
 * server-side validation detail goes.
 */
import { type MessageKey, t } from '../../i18n/index.ts';
import { type ApiError, api, idempotencyKey } from '../../lib/api.ts';
import { adoptCommissionFromAddress } from '../../lib/commission.ts';
import { h, replace } from '../../lib/dom.ts';
import { type Field, statusLine } from '../../lib/form.ts';
import type { SubmitReportResponse } from '../../lib/responses.ts';
import type { RouteContext } from '../../lib/router.ts';
import type * as v from '../../lib/validate.ts';
import { accusedSection } from './report/accused.ts';
import { allegationsSection } from './report/allegations.ts';
import { commissionSection } from './report/commission.ts';
import { receiptView } from './report/receipt.ts';
import { reporterSection } from './report/reporter.ts';
import type { FormSection } from './report/section.ts';
import { phoneBox } from './verify-phone.ts';

export { receiptView };

const problemText = (problem: v.Problem, max?: number): string =>
  t(`validation.${problem}` as MessageKey, { max: max ?? '' });

/** Marks every problem beside its field and moves to the first; true when there is none. */
export const check = (sections: FormSection[]): boolean => {
  for (const f of sections.flatMap((s) => s.fields())) f.setError();
  const problems: [Field, v.Problem, number?][] = [];
  for (const s of sections)
    s.check((f, problem, max) => {
      if (problem) problems.push([f, problem, max]);
    });
  for (const [f, p, max] of problems) f.setError(problemText(p, max));
  problems[0]?.[0].control.focus();
  return problems.length === 0;
};

/** Server-side validation details carry paths like `body.accused.name`: put them beside the field. */
const placeDetails = (error: ApiError, sections: FormSection[]) => {
  let placed = false;
  for (const detail of error.details) {
    const target = sections.map((s) => s.fieldFor(detail.path ?? '')).find(Boolean);
    if (target) {
      target.setError(detail.message);
      placed = true;
    }
  }
  return placed;
};

export const failureText = (e: ApiError, sections: FormSection[]) => {
  if (e.code === 'VALIDATION_FAILED' && placeDetails(e, sections)) return t('report.fixErrors');
  if (e.code === 'NETWORK') return t('error.network');
  if (e.retryAfterSeconds !== undefined) return t('error.retryAfter', { seconds: e.retryAfterSeconds });
  return e.message || t('error.generic');
};

const protectionNotice = () =>
  h(
    'aside',
    { class: 'notice-box', 'aria-labelledby': 'protect-title' },
    h('h2', { id: 'protect-title' }, t('report.protection.title')),
    h(
      'ul',
      {},
      h('li', {}, t('report.protection.identity')),
      h('li', {}, t('report.protection.receipt')),
      h('li', {}, t('report.protection.anonymous')),
    ),
    h('h2', {}, t('report.honesty.title')),
    h('p', {}, t('report.honesty.text')),
  );

export const reportPage = ({ query }: RouteContext) => {
  // A link that names the commission (`/report?c=<id>`) preselects it.
  adoptCommissionFromAddress(`?${query}`);
  const container = h('div', { class: 'page' });
  const sections = [commissionSection(), accusedSection(), allegationsSection(), reporterSection()];
  const status = statusLine('assertive');
  const submit = h('button', { type: 'submit', id: 'submit-report' }, t('report.submit'));
  const form = h(
    'form',
    { novalidate: true, id: 'report-form', 'aria-labelledby': 'report-form-title' },
    h('h2', { id: 'report-form-title', class: 'visually-hidden' }, t('report.title')),
    ...sections.map((s) => s.element),
    h('div', { class: 'actions' }, submit),
    status,
  );
  let key = idempotencyKey();
  let inFlight = false;
  // Any edit makes it a different submission: a new key, so the API never sees one key with two bodies.
  form.addEventListener('input', () => {
    if (!inFlight) key = idempotencyKey();
  });
  const busy = (yes: boolean) => {
    inFlight = yes;
    submit.disabled = yes;
    if (yes) submit.setAttribute('aria-busy', 'true');
    else submit.removeAttribute('aria-busy');
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (inFlight) return;
    status.textContent = '';
    if (!check(sections)) {
      status.textContent = t('report.fixErrors');
      return;
    }
    busy(true);
    status.textContent = t('report.sending');
    try {
      const body = Object.assign({}, ...sections.map((s) => s.value()));
      const result = await api<SubmitReportResponse>('POST', '/reports', {
        body,
        headers: { 'Idempotency-Key': key },
      });
      const receipt = receiptView(result);
      // A real-name reporter confirms the phone right away (the code is on its way by SMS).
      const realName = (body as { reporter?: { anonymous?: boolean } }).reporter?.anonymous === false;
      replace(
        container,
        h('h1', { tabindex: -1 }, t('report.title')),
        receipt,
        realName ? phoneBox(result.receiptCode) : null,
      );
      (receipt.querySelector('h2') as HTMLElement).focus();
    } catch (error) {
      status.textContent = failureText(error as ApiError, sections);
    } finally {
      busy(false);
    }
  });
  replace(container, h('h1', { tabindex: -1 }, t('report.title')), protectionNotice(), form);
  return container;
};
