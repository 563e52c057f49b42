/**
 * The commission the report goes to (受理机关): province → city → county pick lists from
 * GET /commissions, preselected with the visitor's commission (lib/commission.ts), and the choice
 * "反映的是本级纪委监委领导班子成员", which the server turns into a report to the commission above
 * (shared/domain/commission.ts `routeReport`). The form only explains it; it never picks the
 * parent itself, so the rule holds whatever a client sends.
 */
import { t } from '../../../i18n/index.ts';
import {
  type CommissionSummary,
  childrenOf,
  chooseCommission,
  commissionById,
  commissions,
  currentCommission,
  lineOf,
} from '../../../lib/commission.ts';
import { h } from '../../../lib/dom.ts';
import { choice, type Field, field } from '../../../lib/form.ts';
import type { FormSection } from './section.ts';

const levels = ['province', 'city', 'county'] as const;

export const commissionSection = (): FormSection => {
  const pickers = levels.map((level) =>
    field(t(`commission.${level}`), h('select', { id: `commission-${level}`, name: `commission-${level}` })),
  );
  const leadership = h('input', { type: 'checkbox', id: 'about-leadership', name: 'about-leadership' });
  const leadershipError = h('p', {
    class: 'field-error',
    id: 'about-leadership-error',
    'aria-live': 'polite',
  });
  leadership.setAttribute('aria-describedby', 'about-leadership-error');
  const leadershipField: Field = {
    wrap: h('div', {}, choice(leadership, t('commission.leadership')), leadershipError),
    control: leadership,
    setError: (message) => {
      leadershipError.textContent = message ?? '';
    },
  };
  const chosenLine = h('p', { class: 'hint', id: 'commission-chosen', 'aria-live': 'polite' });
  const leadershipNote = h('p', { class: 'notice-box', id: 'leadership-note', hidden: true });

  /** The deepest level picked: a county, or a city or province "at this level". */
  const chosen = (): CommissionSummary | undefined => {
    for (const picker of [...pickers].reverse()) {
      const found = commissionById(picker.control.value || undefined);
      if (found) return found;
    }
    return undefined;
  };

  /** Fills each level's list under the one above, selecting `line` where it can. */
  const fill = (line: readonly CommissionSummary[]) => {
    let parent: string | undefined;
    pickers.forEach((picker, depth) => {
      const control = picker.control as HTMLSelectElement;
      const options = depth === 0 ? childrenOf(undefined) : parent ? childrenOf(parent) : [];
      control.replaceChildren(
        ...(depth === 0 ? [] : [h('option', { value: '' }, t('commission.none'))]),
        ...options.map((c) => h('option', { value: c.commissionId }, c.name)),
      );
      const wanted = line[depth]?.commissionId;
      control.value =
        wanted && options.some((c) => c.commissionId === wanted) ? wanted : (control.options[0]?.value ?? '');
      picker.wrap.hidden = options.length === 0;
      parent = control.value || undefined;
    });
    describe();
  };

  const describe = () => {
    const target = chosen();
    chosenLine.textContent = target ? t('commission.chosen', { name: target.name }) : '';
    leadershipNote.hidden = !leadership.checked;
    if (!leadership.checked || !target) return;
    const above = commissionById(target.parentId);
    leadershipNote.replaceChildren(
      h('span', {}, t('commission.leadershipHint')),
      ' ',
      h(
        'strong',
        {},
        above ? t('commission.leadershipTo', { name: above.name }) : t('commission.leadershipNoAbove'),
      ),
    );
  };

  for (const [depth, picker] of pickers.entries()) {
    picker.control.addEventListener('change', () => {
      // A new choice below keeps what is above it and starts again beneath it.
      const line = lineOf(picker.control.value || pickers[depth - 1]?.control.value || undefined);
      fill(line);
      const target = chosen();
      if (target) chooseCommission(target.commissionId);
    });
  }
  leadership.addEventListener('change', describe);
  fill(lineOf(currentCommission()?.commissionId));

  const several = commissions().length > 1;
  return {
    element: h(
      'fieldset',
      { id: 'commission-fields' },
      h('legend', {}, t('commission.legend')),
      several ? h('p', { class: 'hint' }, t('commission.hint')) : null,
      h('div', { class: 'commission-pick', hidden: !several }, ...pickers.map((p) => p.wrap)),
      chosenLine,
      leadershipField.wrap,
      leadershipNote,
    ),
    fields: () => [...pickers, leadershipField],
    check: () => {},
    value: () => {
      const target = chosen();
      return {
        ...(target ? { commissionId: target.commissionId } : {}),
        ...(leadership.checked ? { aboutCommissionLeadership: true } : {}),
      };
    },
    fieldFor: (path) =>
      path.endsWith('aboutCommissionLeadership')
        ? leadershipField
        : path.endsWith('commissionId')
          ? pickers[2]
          : undefined,
  };
};
