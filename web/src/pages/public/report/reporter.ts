/**
 * Who reports: anonymously (the default) or by real name, with the identity fields shown only for a
 * real-name report and an optional email for news of it.
 */
import { t } from '../../../i18n/index.ts';
import { h } from '../../../lib/dom.ts';
import { choice, type Field, field, input } from '../../../lib/form.ts';
import * as v from '../../../lib/validate.ts';
import { type FormSection, trimmed } from './section.ts';

const identityFields = () => ({
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
});

const kind = (value: string, checked: boolean) =>
  h('input', { type: 'radio', name: 'reporter-kind', value, id: `kind-${value}`, checked });

export const reporterSection = (): FormSection => {
  const anonymous = kind('anonymous', true);
  const realName = kind('real-name', false);
  const reporter = identityFields();
  const realNameBox = h(
    'div',
    { class: 'real-name', id: 'real-name-fields', hidden: true },
    ...Object.values(reporter).map((f) => f.wrap),
  );
  const syncKind = () => {
    realNameBox.hidden = !realName.checked;
  };
  anonymous.addEventListener('change', syncKind);
  realName.addEventListener('change', syncKind);
  const byPath = new Map<string, Field>([
    ['body.reporter.name', reporter.name],
    ['body.reporter.idNumber', reporter.idNumber],
    ['body.reporter.phone', reporter.phone],
    ['body.notifyMe.email', reporter.email],
  ]);
  return {
    element: h(
      'fieldset',
      {},
      h('legend', {}, t('report.reporter.legend')),
      choice(anonymous, t('report.reporter.anonymous')),
      choice(realName, t('report.reporter.realName')),
      h('p', { class: 'hint' }, t('report.reporter.kindHint')),
      realNameBox,
    ),
    fields: () => Object.values(reporter),
    check: (need) => {
      if (!realName.checked) return;
      need(reporter.name, v.requiredText(reporter.name.control.value, v.limits.name), v.limits.name);
      need(reporter.idNumber, v.residentId(reporter.idNumber.control.value));
      need(reporter.phone, v.mobile(reporter.phone.control.value));
      need(reporter.email, v.email(reporter.email.control.value));
    },
    value: () => ({
      reporter: realName.checked
        ? {
            anonymous: false,
            name: trimmed(reporter.name),
            idNumber: trimmed(reporter.idNumber).toUpperCase(),
            phone: trimmed(reporter.phone),
          }
        : { anonymous: true },
      ...(realName.checked && trimmed(reporter.email)
        ? { notifyMe: { email: trimmed(reporter.email) } }
        : {}),
    }),
    fieldFor: (path) => byPath.get(path),
  };
};
