/** The person reported and the category of the report. */
import { t } from '../../../i18n/index.ts';
import { h } from '../../../lib/dom.ts';
import { type Field, field, input, select } from '../../../lib/form.ts';
import * as v from '../../../lib/validate.ts';
import { type FormSection, optional, trimmed } from './section.ts';

const categories = ['CORRUPTION', 'DISCIPLINE', 'DERELICTION', 'WORK_STYLE', 'OTHER'] as const;
const parts = ['name', 'position', 'organization', 'region'] as const;
const required = (part: (typeof parts)[number]) => part !== 'region';

const accusedField = (part: (typeof parts)[number]) =>
  field(
    t(`report.accused.${part}`),
    input({ name: `accused.${part}`, maxlength: v.limits[part], autocomplete: 'off' }),
    required(part) ? { required: true } : {},
  );

export const accusedSection = (): FormSection => {
  const accused = {
    name: accusedField('name'),
    position: accusedField('position'),
    organization: accusedField('organization'),
    region: accusedField('region'),
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
  const byPath = new Map<string, Field>([
    ...parts.map((part): [string, Field] => [`body.accused.${part}`, accused[part]]),
    ['body.category', category],
  ]);
  return {
    element: h(
      'fieldset',
      {},
      h('legend', {}, t('report.accused.legend')),
      ...parts.map((part) => accused[part].wrap),
      category.wrap,
    ),
    fields: () => [...Object.values(accused), category],
    check: (need) => {
      for (const part of parts) {
        const value = accused[part].control.value;
        const limit = v.limits[part];
        need(
          accused[part],
          required(part) ? v.requiredText(value, limit) : v.optionalText(value, limit),
          limit,
        );
      }
      need(category, category.control.value ? undefined : 'required');
    },
    value: () => ({
      accused: {
        name: trimmed(accused.name),
        position: trimmed(accused.position),
        organization: trimmed(accused.organization),
        ...optional('region', accused.region),
      },
      category: category.control.value,
    }),
    fieldFor: (path) => byPath.get(path),
  };
};
