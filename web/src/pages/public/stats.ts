/** Public statistics: aggregate counts only (GET /stats/public). */
import { t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { barChart, figure, monthlyBars } from '../../lib/charts.ts';
import { h } from '../../lib/dom.ts';
import type { PublicStats } from '../../lib/responses.ts';

const findingOrder = ['SUBSTANTIATED', 'PARTLY_SUBSTANTIATED', 'INCONCLUSIVE', 'UNTRUE', 'FABRICATED'];

export const statsPage = async () => {
  const stats = await api<PublicStats>('GET', '/stats/public');
  const concluded = Object.values(stats.cluesConcludedByFinding).reduce((a, b) => a + b, 0);
  return h(
    'div',
    { class: 'page' },
    h('h1', { tabindex: -1 }, t('stats.title')),
    h('p', {}, t('stats.intro')),
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
