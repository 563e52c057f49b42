/** The commission's dashboard (GET /stats): open clues by status, overdue, findings, time to conclude, clearances, flags. */

import { findings } from '../../../../shared/domain/findings.ts';
import { clueStatuses } from '../../../../shared/domain/stages.ts';
import { reportChannels } from '../../../../shared/domain/vocabulary.ts';
import { t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { barChart, figure, monthlyBars } from '../../lib/charts.ts';
import { h } from '../../lib/dom.ts';
import type { StaffStats } from '../../lib/responses.ts';
import { consolePage, requireSession } from './shared.ts';

export const dashboardPage = async () => {
  const session = requireSession();
  if (!session) return h('div');
  const s = await api<StaffStats>('GET', '/stats', { token: session.token });
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
  );
};
