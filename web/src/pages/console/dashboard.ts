/**
 * The commission's dashboard (GET /stats): open clues by status, overdue, findings, time to
 * conclude, clearances, flags; of the member's own commission, or of one below it
 * (`?commissionId=`). A superior also sees a table of its subordinates' figures
 * (GET /stats/subordinates), each opening that subordinate's dashboard. Counts only.
 */

import { findings } from '../../../../shared/domain/findings.ts';
import { clueStatuses } from '../../../../shared/domain/stages.ts';
import { reportChannels } from '../../../../shared/domain/vocabulary.ts';
import { t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { barChart, figure, monthlyBars } from '../../lib/charts.ts';
import { h } from '../../lib/dom.ts';
import type { StaffStats, SubordinateStats } from '../../lib/responses.ts';
import type { RouteContext } from '../../lib/router.ts';
import { consolePage, requireSession } from './shared.ts';

type Headline = SubordinateStats['total'];

const row = (label: Node | string, figures: Headline, attrs: Record<string, string> = {}) =>
  h(
    'tr',
    attrs,
    h('th', { scope: 'row' }, label),
    h('td', {}, String(figures.reportsReceived)),
    h('td', {}, String(figures.reportsDeclined)),
    h('td', {}, String(figures.cluesRegistered)),
    h('td', {}, String(figures.cluesConcluded)),
    h('td', {}, String(figures.medianDaysToConclude ?? '—')),
    h('td', {}, String(figures.noticesPublished)),
  );

/** The superior's table: each subordinate (a link to its figures), its own cases, the total. */
const subordinatesTable = (table: SubordinateStats) =>
  h(
    'section',
    { id: 'subordinate-figures' },
    h('h2', {}, t('dashboard.subordinates')),
    h('p', { class: 'muted' }, t('dashboard.subordinatesNote')),
    h(
      'table',
      { class: 'reads' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('dashboard.subordinate')),
          h('th', { scope: 'col' }, t('stats.reportsReceived')),
          h('th', { scope: 'col' }, t('dashboard.declined')),
          h('th', { scope: 'col' }, t('dashboard.cluesRegistered')),
          h('th', { scope: 'col' }, t('dashboard.concluded')),
          h('th', { scope: 'col' }, t('stats.medianDays')),
          h('th', { scope: 'col' }, t('stats.noticesPublished')),
        ),
      ),
      h(
        'tbody',
        {},
        ...table.items.map((item) =>
          row(
            h(
              'a',
              { href: `/console/dashboard?commissionId=${encodeURIComponent(item.commissionId)}` },
              item.name,
            ),
            item.figures,
            { 'data-commission': item.commissionId },
          ),
        ),
        row(t('dashboard.ownRow'), table.own),
        row(t('dashboard.totalRow'), table.total, { class: 'total' }),
      ),
    ),
  );

export const dashboardPage = async ({ query }: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const of = query.get('commissionId');
  const suffix = of ? `?commissionId=${encodeURIComponent(of)}` : '';
  const [s, table] = await Promise.all([
    api<StaffStats>('GET', `/stats${suffix}`, { token: session.token }),
    api<SubordinateStats>('GET', `/stats/subordinates${suffix}`, { token: session.token }),
  ]);
  const flagBars = Object.entries(s.flags).flatMap(([level, byStatus]) =>
    Object.entries(byStatus).map(([status, value]) => ({
      label: `${tEnum('flagLevel', level)} · ${tEnum('flagStatus', status)}`,
      value,
    })),
  );
  return consolePage(
    session,
    '/console/dashboard',
    t('console.dashboard'),
    h(
      'p',
      { id: 'stats-commission' },
      t('dashboard.commission', { name: s.commission?.name ?? '' }),
      ...(of ? [' · ', h('a', { href: '/console/dashboard' }, t('dashboard.ownCommission'))] : []),
    ),
    h(
      'div',
      { class: 'stats', id: 'staff-figures' },
      figure(t('stats.reportsReceived'), s.reportsReceived),
      figure(t('dashboard.cluesRegistered'), s.cluesRegistered),
      figure(t('dashboard.overdue'), s.overdue),
      figure(t('stats.medianDays'), s.daysToConclude.median ?? '—'),
      figure(t('dashboard.p90Days'), s.daysToConclude.p90 ?? '—'),
      figure(t('dashboard.predatesTenure'), s.predatesTenure),
    ),
    barChart(t('stats.monthlyChart'), monthlyBars(s.reportsByMonth)),
    barChart(
      t('dashboard.byChannel'),
      reportChannels.map((x) => ({ label: tEnum('channel', x), value: s.byChannel[x] ?? 0 })),
    ),
    barChart(t('dashboard.daysToConcludeChart'), [
      { label: t('stats.medianDays'), value: s.daysToConclude.median ?? 0 },
      { label: t('dashboard.p90Days'), value: s.daysToConclude.p90 ?? 0 },
    ]),
    barChart(
      t('dashboard.byStatus'),
      clueStatuses.map((x) => ({ label: tEnum('clueStatus', x), value: s.byStatus[x] ?? 0 })),
    ),
    barChart(
      t('dashboard.byFinding'),
      findings.map((x) => ({ label: tEnum('finding', x), value: s.byFinding[x] ?? 0 })),
    ),
    barChart(
      t('dashboard.allegationFindings'),
      findings.map((x) => ({ label: tEnum('finding', x), value: s.allegationFindings[x] ?? 0 })),
    ),
    barChart(t('dashboard.clearances'), [
      { label: t('dashboard.clearancesProposed'), value: s.clearances.proposed },
      { label: tEnum('clearanceStatus', 'PUBLISHED'), value: s.clearances.published },
      { label: tEnum('clearanceStatus', 'DECLINED'), value: s.clearances.declined },
      { label: tEnum('clearanceStatus', 'WITHDRAWN'), value: s.clearances.withdrawn },
    ]),
    flagBars.length
      ? barChart(t('dashboard.flags'), flagBars)
      : h('p', { class: 'muted' }, `${t('dashboard.flags')}: ${t('console.none')}`),
    table.items.length ? subordinatesTable(table) : h('div'),
  );
};
