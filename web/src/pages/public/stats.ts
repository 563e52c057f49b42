/**
 * Public statistics: aggregate counts only (GET /stats/public), of the whole service or of one
 * commission with its subordinates (`?commissionId=`, chosen from GET /commissions).
 */
import { t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { barChart, figure, monthlyBars } from '../../lib/charts.ts';
import { commissionOptions, commissionPicker, commissions, loadCommissions } from '../../lib/commission.ts';
import { h, replace } from '../../lib/dom.ts';
import { field, select } from '../../lib/form.ts';
import type { PublicStats } from '../../lib/responses.ts';
import { navigate, type RouteContext } from '../../lib/router.ts';

const findingOrder = ['SUBSTANTIATED', 'PARTLY_SUBSTANTIATED', 'INCONCLUSIVE', 'UNTRUE', 'FABRICATED'];

/**
 * The commission picker over the whole registry, grouped by city and filterable; nothing to pick
 * when the service has one commission or none.
 */
const picker = (chosen: string) => {
  if (commissions().length < 2) return h('div');
  const choose = field(t('stats.commission'), select([], { id: 'stats-commission', name: 'commissionId' }));
  const { box } = commissionPicker(choose.control, { first: [['', t('stats.whole')]] });
  choose.control.before(box);
  replace(choose.control, h('option', { value: '' }, t('stats.whole')), ...commissionOptions());
  choose.control.value = chosen;
  choose.control.addEventListener('change', () => {
    const id = choose.control.value;
    navigate(id ? `/statistics?commissionId=${encodeURIComponent(id)}` : '/statistics');
  });
  return choose.wrap;
};

export const statsPage = async ({ query }: RouteContext) => {
  const chosen = query.get('commissionId') ?? '';
  const [stats] = await Promise.all([
    api<PublicStats>('GET', `/stats/public${chosen ? `?commissionId=${encodeURIComponent(chosen)}` : ''}`),
    loadCommissions(),
  ]);
  const concluded = Object.values(stats.cluesConcludedByFinding).reduce((a, b) => a + b, 0);
  return h(
    'div',
    { class: 'page' },
    h('h1', { tabindex: -1 }, t('stats.title')),
    h('p', {}, t('stats.intro')),
    picker(chosen),
    stats.commission ? h('h2', { id: 'stats-of' }, t('stats.of', { name: stats.commission.name })) : h('div'),
    h(
      'div',
      { class: 'stats', id: 'public-figures' },
      figure(t('stats.reportsReceived'), stats.reportsReceived),
      figure(t('stats.concluded'), concluded),
      figure(t('stats.noticesPublished'), stats.noticesPublished),
      figure(t('stats.medianDays'), stats.medianDaysToConclude ?? '—'),
    ),
    barChart(t('stats.monthlyChart'), monthlyBars(stats.reportsByMonth)),
    barChart(
      t('stats.findingsChart'),
      findingOrder.map((f) => ({ label: tEnum('finding', f), value: stats.cluesConcludedByFinding[f] ?? 0 })),
    ),
    barChart(t('stats.flowChart'), [
      { label: t('stats.reportsReceived'), value: stats.reportsReceived },
      { label: t('stats.concluded'), value: concluded },
      { label: t('stats.noticesPublished'), value: stats.noticesPublished },
    ]),
    h('p', { class: 'muted' }, t('stats.note')),
  );
};
