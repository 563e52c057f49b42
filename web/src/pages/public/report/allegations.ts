/** The allegations: one to twenty, each a fieldset of its own that can be removed again. */
import { t } from '../../../i18n/index.ts';
import { h, replace } from '../../../lib/dom.ts';
import { field, input, textarea } from '../../../lib/form.ts';
import * as v from '../../../lib/validate.ts';
import { type FormSection, optional, trimmed } from './section.ts';

/** One allegation's fields, named as the request names them. */
const allegationFields = () => ({
  summary: field(
    t('report.allegation.summary'),
    input({ maxlength: v.limits.summary, autocomplete: 'off', class: 'allegation-summary' }),
    { required: true, hint: t('report.allegation.summaryHint') },
  ),
  details: field(
    t('report.allegation.details'),
    textarea({ maxlength: v.limits.details, class: 'allegation-details' }),
  ),
  incidentFrom: field(t('report.allegation.from'), input({ type: 'date', class: 'allegation-from' })),
  incidentTo: field(t('report.allegation.to'), input({ type: 'date', class: 'allegation-to' })),
});
type Allegation = ReturnType<typeof allegationFields> & { box: HTMLFieldSetElement };

/** One allegation's fieldset, with a button that hands it to `remove`. */
const allegationBox = (remove: (a: Allegation) => void): Allegation => {
  const a: Allegation = { box: h('fieldset', { class: 'allegation' }), ...allegationFields() };
  const button = h('button', { type: 'button', class: 'link remove' }, '');
  button.addEventListener('click', () => remove(a));
  const when = h('div', { class: 'row' }, a.incidentFrom.wrap, a.incidentTo.wrap);
  replace(a.box, h('legend', {}, ''), a.summary.wrap, a.details.wrap, when, button);
  return a;
};

/** Legends and remove buttons say which allegation they belong to; the last one cannot be removed. */
const renumber = (allegations: Allegation[], add: HTMLButtonElement) => {
  allegations.forEach((a, i) => {
    const legend = a.box.querySelector('legend');
    if (legend) legend.textContent = t('report.allegation.legend', { n: i + 1 });
    const remove = a.box.querySelector<HTMLButtonElement>('button.remove');
    if (remove) {
      remove.hidden = allegations.length === 1;
      remove.textContent = t('report.allegation.remove', { n: i + 1 });
    }
  });
  add.disabled = allegations.length >= v.limits.allegations;
};

export const allegationsSection = (): FormSection => {
  const list = h('div', { class: 'allegations' });
  const allegations: Allegation[] = [];
  const add = h(
    'button',
    { type: 'button', class: 'secondary', id: 'add-allegation' },
    t('report.allegation.add'),
  );
  const remove = (a: Allegation) => {
    allegations.splice(allegations.indexOf(a), 1);
    a.box.remove();
    renumber(allegations, add);
    allegations[0]?.summary.control.focus();
  };
  const addAllegation = () => {
    const a = allegationBox(remove);
    allegations.push(a);
    list.appendChild(a.box);
    renumber(allegations, add);
    return a;
  };
  add.addEventListener('click', () => addAllegation().summary.control.focus());
  addAllegation();
  return {
    element: h(
      'fieldset',
      {},
      h('legend', {}, t('report.allegations.legend')),
      h('p', { class: 'hint' }, t('report.allegations.hint')),
      list,
      add,
    ),
    fields: () => allegations.flatMap((a) => [a.summary, a.details, a.incidentFrom, a.incidentTo]),
    check: (need) => {
      for (const a of allegations) {
        need(a.summary, v.requiredText(a.summary.control.value, v.limits.summary), v.limits.summary);
        need(a.details, v.optionalText(a.details.control.value, v.limits.details), v.limits.details);
        need(a.incidentTo, v.dateOrder(a.incidentFrom.control.value, a.incidentTo.control.value));
      }
    },
    value: () => ({
      allegations: allegations.map((a) => ({
        summary: trimmed(a.summary),
        ...optional('details', a.details),
        ...optional('incidentFrom', a.incidentFrom),
        ...optional('incidentTo', a.incidentTo),
      })),
    }),
    fieldFor: (path) => {
      const m = /^body\.allegations\.(\d+)\.(summary|details|incidentFrom|incidentTo)\b/.exec(path);
      const a = m ? allegations[Number(m[1])] : undefined;
      return a && m ? a[m[2] as 'summary' | 'details' | 'incidentFrom' | 'incidentTo'] : undefined;
    },
  };
};
