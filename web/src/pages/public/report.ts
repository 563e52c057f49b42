/**
 * Submitting a report (检举控告). One Idempotency-Key per filled-in form: a double click or a retry
 * after a lost answer sends the same key and gets the same receipt; editing the form starts a new key.
 * The receipt code is shown once and kept nowhere: not in the URL, not in storage.
 */
import { type MessageKey, t } from '../../i18n/index.ts';
import { type ApiError, api, idempotencyKey } from '../../lib/api.ts';
import { h, replace } from '../../lib/dom.ts';
import { type Field, field, input, select, statusLine, textarea } from '../../lib/form.ts';
import * as v from '../../lib/validate.ts';

const categories = ['CORRUPTION', 'DISCIPLINE', 'DERELICTION', 'WORK_STYLE', 'OTHER'] as const;

interface AllegationFields {
  box: HTMLFieldSetElement;
  summary: Field<HTMLInputElement>;
  details: Field<HTMLTextAreaElement>;
  from: Field<HTMLInputElement>;
  to: Field<HTMLInputElement>;
}

const problemText = (problem: v.Problem, max?: number): string =>
  t(`validation.${problem}` as MessageKey, { max: max ?? '' });

export const receiptView = (receiptCode: string, submittedAt: string) => {
  const copied = statusLine();
  const code = h(
    'output',
    { class: 'receipt-code', id: 'receipt-code', 'aria-describedby': 'receipt-warning' },
    receiptCode,
  );
  return h(
    'section',
    { class: 'receipt', 'aria-labelledby': 'receipt-title' },
    h('h2', { id: 'receipt-title', tabindex: -1 }, t('receipt.title')),
    h('p', {}, t('receipt.intro')),
    code,
    h('p', { class: 'warning', id: 'receipt-warning', role: 'note' }, t('receipt.warning')),
    h('p', { class: 'muted' }, t('receipt.submittedAt', { at: new Date(submittedAt).toLocaleString() })),
    h(
      'div',
      { class: 'actions no-print' },
      h(
        'button',
        {
          type: 'button',
          id: 'copy-receipt',
          onclick: async () => {
            try {
              await navigator.clipboard.writeText(receiptCode);
              copied.textContent = t('receipt.copied');
            } catch {
              const range = document.createRange();
              range.selectNodeContents(code);
              getSelection()?.removeAllRanges();
              getSelection()?.addRange(range);
              copied.textContent = t('receipt.copyManually');
            }
          },
        },
        t('receipt.copy'),
      ),
      h('button', { type: 'button', id: 'print-receipt', onclick: () => window.print() }, t('receipt.print')),
      h('a', { href: '/follow', class: 'button secondary' }, t('receipt.follow')),
    ),
    copied,
  );
};

export const reportPage = () => {
  const container = h('div', { class: 'page' });
  const heading = h('h1', { tabindex: -1 }, t('report.title'));

  const accused = {
    name: field(
      t('report.accused.name'),
      input({ name: 'accused.name', maxlength: v.limits.name, autocomplete: 'off' }),
      { required: true },
    ),
    position: field(
      t('report.accused.position'),
      input({ name: 'accused.position', maxlength: v.limits.position, autocomplete: 'off' }),
      { required: true },
    ),
    organization: field(
      t('report.accused.organization'),
      input({ name: 'accused.organization', maxlength: v.limits.organization, autocomplete: 'off' }),
      { required: true },
    ),
    region: field(
      t('report.accused.region'),
      input({ name: 'accused.region', maxlength: v.limits.region, autocomplete: 'off' }),
    ),
  };
  const category = field(
    t('report.category'),
    select(
      [
        ['', t('report.category.choose')],
        ...categories.map((c): [string, string] => [c, t(`category.${c}`)]),
      ],
      { name: 'category' },
    ),
    { required: true },
  );

  const allegationList = h('div', { class: 'allegations' });
  const allegations: AllegationFields[] = [];
  const addButton = h(
    'button',
    { type: 'button', class: 'secondary', id: 'add-allegation' },
    t('report.allegation.add'),
  );
  const renumber = () => {
    allegations.forEach((a, i) => {
      const legend = a.box.querySelector('legend');
      if (legend) legend.textContent = t('report.allegation.legend', { n: i + 1 });
      const remove = a.box.querySelector<HTMLButtonElement>('button.remove');
      if (remove) {
        remove.hidden = allegations.length === 1;
        remove.textContent = t('report.allegation.remove', { n: i + 1 });
      }
    });
    addButton.disabled = allegations.length >= v.limits.allegations;
  };
  const addAllegation = () => {
    const a: AllegationFields = {
      box: h('fieldset', { class: 'allegation' }),
      summary: field(
        t('report.allegation.summary'),
        input({ maxlength: v.limits.summary, autocomplete: 'off', class: 'allegation-summary' }),
        { required: true, hint: t('report.allegation.summaryHint') },
      ),
      details: field(
        t('report.allegation.details'),
        textarea({ maxlength: v.limits.details, class: 'allegation-details' }),
      ),
      from: field(t('report.allegation.from'), input({ type: 'date', class: 'allegation-from' })),
      to: field(t('report.allegation.to'), input({ type: 'date', class: 'allegation-to' })),
    };
    const remove = h('button', { type: 'button', class: 'link remove' }, '');
    remove.addEventListener('click', () => {
      allegations.splice(allegations.indexOf(a), 1);
      a.box.remove();
      renumber();
      allegations[0]?.summary.control.focus();
    });
    replace(
      a.box,
      h('legend', {}, ''),
      a.summary.wrap,
      a.details.wrap,
      h('div', { class: 'row' }, a.from.wrap, a.to.wrap),
      remove,
    );
    allegations.push(a);
    allegationList.appendChild(a.box);
    renumber();
  };
  addButton.addEventListener('click', () => {
    addAllegation();
    allegations.at(-1)?.summary.control.focus();
  });
  addAllegation();

  const anonymousRadio = h('input', {
    type: 'radio',
    name: 'reporter-kind',
    value: 'anonymous',
    id: 'kind-anonymous',
    checked: true,
  });
  const realNameRadio = h('input', {
    type: 'radio',
    name: 'reporter-kind',
    value: 'real-name',
    id: 'kind-real-name',
  });
  const reporter = {
    name: field(t('report.reporter.name'), input({ maxlength: v.limits.name, autocomplete: 'name' }), {
      required: true,
    }),
    idNumber: field(
      t('report.reporter.idNumber'),
      input({ maxlength: 18, autocomplete: 'off', inputmode: 'text', spellcheck: false }),
      { required: true, hint: t('report.reporter.idNumberHint') },
    ),
    phone: field(
      t('report.reporter.phone'),
      input({ type: 'tel', maxlength: 11, autocomplete: 'tel', inputmode: 'numeric' }),
      { required: true },
    ),
    email: field(
      t('report.reporter.email'),
      input({ type: 'email', maxlength: v.limits.email, autocomplete: 'email' }),
      { hint: t('report.reporter.emailHint') },
    ),
  };
  const realNameBox = h(
    'div',
    { class: 'real-name', id: 'real-name-fields', hidden: true },
    reporter.name.wrap,
    reporter.idNumber.wrap,
    reporter.phone.wrap,
    reporter.email.wrap,
  );
  const syncKind = () => {
    realNameBox.hidden = !realNameRadio.checked;
  };
  anonymousRadio.addEventListener('change', syncKind);
  realNameRadio.addEventListener('change', syncKind);

  const status = statusLine('assertive');
  const submit = h('button', { type: 'submit', id: 'submit-report' }, t('report.submit'));

  let key = idempotencyKey();
  let inFlight = false;

  const form = h(
    'form',
    { novalidate: true, id: 'report-form', 'aria-labelledby': 'report-form-title' },
    h('h2', { id: 'report-form-title', class: 'visually-hidden' }, t('report.title')),
    h(
      'fieldset',
      {},
      h('legend', {}, t('report.accused.legend')),
      accused.name.wrap,
      accused.position.wrap,
      accused.organization.wrap,
      accused.region.wrap,
      category.wrap,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('report.allegations.legend')),
      h('p', { class: 'hint' }, t('report.allegations.hint')),
      allegationList,
      addButton,
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('report.reporter.legend')),
      h(
        'div',
        { class: 'choice' },
        anonymousRadio,
        h('label', { for: 'kind-anonymous' }, t('report.reporter.anonymous')),
      ),
      h(
        'div',
        { class: 'choice' },
        realNameRadio,
        h('label', { for: 'kind-real-name' }, t('report.reporter.realName')),
      ),
      h('p', { class: 'hint' }, t('report.reporter.kindHint')),
      realNameBox,
    ),
    h('div', { class: 'actions' }, submit),
    status,
  );
  // Any edit makes it a different submission: a new key, so the API never sees one key with two bodies.
  form.addEventListener('input', () => {
    if (!inFlight) key = idempotencyKey();
  });

  const allFields = (): Field[] => [
    ...Object.values(accused),
    category,
    ...allegations.flatMap((a) => [a.summary, a.details, a.from, a.to]),
    ...Object.values(reporter),
  ];

  const check = (): boolean => {
    for (const f of allFields()) f.setError();
    const problems: [Field, v.Problem, number?][] = [];
    const need = (f: Field, p: v.Problem | undefined, max?: number) => {
      if (p) problems.push([f, p, max]);
    };
    need(accused.name, v.requiredText(accused.name.control.value, v.limits.name), v.limits.name);
    need(
      accused.position,
      v.requiredText(accused.position.control.value, v.limits.position),
      v.limits.position,
    );
    need(
      accused.organization,
      v.requiredText(accused.organization.control.value, v.limits.organization),
      v.limits.organization,
    );
    need(accused.region, v.optionalText(accused.region.control.value, v.limits.region), v.limits.region);
    need(category, category.control.value ? undefined : 'required');
    for (const a of allegations) {
      need(a.summary, v.requiredText(a.summary.control.value, v.limits.summary), v.limits.summary);
      need(a.details, v.optionalText(a.details.control.value, v.limits.details), v.limits.details);
      need(a.to, v.dateOrder(a.from.control.value, a.to.control.value));
    }
    if (realNameRadio.checked) {
      need(reporter.name, v.requiredText(reporter.name.control.value, v.limits.name), v.limits.name);
      need(reporter.idNumber, v.residentId(reporter.idNumber.control.value));
      need(reporter.phone, v.mobile(reporter.phone.control.value));
      need(reporter.email, v.email(reporter.email.control.value));
    }
    for (const [f, p, max] of problems) f.setError(problemText(p, max));
    problems[0]?.[0].control.focus();
    return problems.length === 0;
  };

  const body = () => {
    const trimmed = (c: { value: string }) => c.value.trim();
    const optional = (name: string, value: string) => (value.trim() ? { [name]: value.trim() } : {});
    return {
      accused: {
        name: trimmed(accused.name.control),
        position: trimmed(accused.position.control),
        organization: trimmed(accused.organization.control),
        ...optional('region', accused.region.control.value),
      },
      category: category.control.value,
      allegations: allegations.map((a) => ({
        summary: trimmed(a.summary.control),
        ...optional('details', a.details.control.value),
        ...optional('incidentFrom', a.from.control.value),
        ...optional('incidentTo', a.to.control.value),
      })),
      reporter: realNameRadio.checked
        ? {
            anonymous: false,
            name: trimmed(reporter.name.control),
            idNumber: trimmed(reporter.idNumber.control).toUpperCase(),
            phone: trimmed(reporter.phone.control),
          }
        : { anonymous: true },
      ...(realNameRadio.checked && reporter.email.control.value.trim()
        ? { notifyMe: { email: reporter.email.control.value.trim() } }
        : {}),
    };
  };

  /** Server-side validation details carry paths like `body.accused.name`: put them beside the field. */
  const showServerDetails = (error: ApiError) => {
    const byPath: Record<string, Field | undefined> = {
      'body.accused.name': accused.name,
      'body.accused.position': accused.position,
      'body.accused.organization': accused.organization,
      'body.accused.region': accused.region,
      'body.category': category,
      'body.reporter.name': reporter.name,
      'body.reporter.idNumber': reporter.idNumber,
      'body.reporter.phone': reporter.phone,
      'body.notifyMe.email': reporter.email,
    };
    let placed = false;
    for (const detail of error.details) {
      const path = detail.path ?? '';
      const m = /^body\.allegations\.(\d+)\.(\w+)/.exec(path);
      const a = m ? allegations[Number(m[1])] : undefined;
      const target =
        m && a
          ? (
              { summary: a.summary, details: a.details, incidentFrom: a.from, incidentTo: a.to } as Record<
                string,
                Field
              >
            )[m[2] as string]
          : byPath[path];
      if (target) {
        target.setError(detail.message);
        placed = true;
      }
    }
    return placed;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (inFlight) return;
    status.textContent = '';
    if (!check()) {
      status.textContent = t('report.fixErrors');
      return;
    }
    inFlight = true;
    submit.disabled = true;
    submit.setAttribute('aria-busy', 'true');
    status.textContent = t('report.sending');
    try {
      const result = await api<{ receiptCode: string; submittedAt: string }>('POST', '/reports', {
        body: body(),
        headers: { 'Idempotency-Key': key },
      });
      const receipt = receiptView(result.receiptCode, result.submittedAt);
      replace(container, h('h1', { tabindex: -1 }, t('report.title')), receipt);
      (receipt.querySelector('h2') as HTMLElement).focus();
      return;
    } catch (error) {
      const e = error as ApiError;
      if (e.code === 'VALIDATION_FAILED' && showServerDetails(e)) status.textContent = t('report.fixErrors');
      else if (e.code === 'NETWORK') status.textContent = t('error.network');
      else if (e.retryAfterSeconds !== undefined)
        status.textContent = t('error.retryAfter', { seconds: e.retryAfterSeconds });
      else status.textContent = e.message || t('error.generic');
    } finally {
      inFlight = false;
      submit.disabled = false;
      submit.removeAttribute('aria-busy');
    }
  });

  replace(
    container,
    heading,
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
    ),
    form,
  );
  return container;
};
