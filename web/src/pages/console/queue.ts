/**
 * The work queue: reports awaiting registration (intake registers one or several as a clue), and
 * clues by status, by assignee and overdue, with the deadline as days left.
 */

import { clueStatuses } from '../../../../shared/domain/stages.ts';
import { lang, t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDay, h, replace } from '../../lib/dom.ts';
import { field, input, select, statusLine } from '../../lib/form.ts';
import { navigate } from '../../lib/router.ts';
import { hasRole, type Session } from '../../lib/session.ts';
import { consolePage, daysLeftText, errorText, requireSession } from './shared.ts';

interface ReportSummary {
  reportId: string;
  submittedAt: string;
  accused: { name: string; position: string; organization: string };
  category: string;
  allegations: { summary: string }[];
  reporterKind: string;
  reporterFlag?: { level: string; status: string; flagId: string };
}
export interface ClueSummary {
  clueId: string;
  status: string;
  version: number;
  registeredAt: string;
  accused: { name: string; position: string; organization: string };
  assignee?: string;
  reportCount: number;
  allegationCount: number;
  deadline?: { kind: string; at: string; overdue: boolean; daysLeft: number };
  overallFinding?: string;
}

export const clueTable = (caption: string, clues: ClueSummary[], id: string) =>
  clues.length
    ? h(
        'div',
        { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
        h(
          'table',
          { id },
          h('caption', {}, caption),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...[
                'console.col.clue',
                'console.col.accused',
                'console.col.status',
                'console.col.assignee',
                'console.col.deadline',
              ].map((k) => h('th', { scope: 'col' }, t(k as Parameters<typeof t>[0]))),
            ),
          ),
          h(
            'tbody',
            {},
            clues.map((c) =>
              h(
                'tr',
                { 'data-clue': c.clueId },
                h('td', {}, h('a', { href: `/console/clues/${encodeURIComponent(c.clueId)}` }, c.clueId)),
                h('td', {}, `${c.accused.name}（${c.accused.organization}）`),
                h(
                  'td',
                  {},
                  tEnum('clueStatus', c.status),
                  c.overallFinding ? ` · ${tEnum('finding', c.overallFinding)}` : '',
                ),
                h('td', {}, c.assignee ?? '—'),
                h('td', { class: c.deadline?.overdue ? 'overdue' : '' }, daysLeftText(c.deadline)),
              ),
            ),
          ),
        ),
      )
    : h('p', { class: 'muted', id: `${id}-empty` }, `${caption}: ${t('console.none')}`);

const unregistered = async (session: Session) => {
  if (!hasRole(session, 'intake', 'approver', 'auditor')) return null;
  const list = await api<{ items: ReportSummary[] }>('GET', '/reports?status=UNREGISTERED&limit=50', {
    token: session.token,
  });
  const status = statusLine('assertive');
  const canRegister = hasRole(session, 'intake');
  const boxes: HTMLInputElement[] = [];
  const register = h('button', { type: 'button', id: 'register-clue', disabled: true }, t('queue.register'));
  const sync = () => {
    register.disabled = !boxes.some((b) => b.checked);
  };
  register.addEventListener('click', async () => {
    const reportIds = boxes.filter((b) => b.checked).map((b) => b.value);
    register.disabled = true;
    try {
      const clue = await api<{ clueId: string }>('POST', '/clues', {
        token: session.token,
        body: { reportIds },
      });
      navigate(`/console/clues/${encodeURIComponent(clue.clueId)}`);
    } catch (error) {
      status.textContent = errorText(error);
      sync();
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'unregistered-title' },
    h('h2', { id: 'unregistered-title' }, t('queue.unregistered'), ` (${list.items.length})`),
    list.items.length
      ? h(
          'ul',
          { class: 'report-list', id: 'unregistered' },
          list.items.map((r) => {
            const box = h('input', {
              type: 'checkbox',
              value: r.reportId,
              id: `pick-${r.reportId}`,
              onchange: sync,
            });
            boxes.push(box);
            return h(
              'li',
              { class: 'card', 'data-report': r.reportId },
              canRegister ? box : null,
              h(
                'label',
                { for: `pick-${r.reportId}` },
                h('strong', {}, `${r.accused.name}（${r.accused.organization} ${r.accused.position}）`),
                ` · ${tEnum('category', r.category)} · ${tEnum('reporterKind', r.reporterKind)} · `,
                h('time', { datetime: r.submittedAt }, formatDay(r.submittedAt, lang())),
              ),
              r.reporterFlag
                ? h(
                    'span',
                    { class: 'badge warn' },
                    t('clue.reporterFlag', {
                      level: tEnum('flagLevel', r.reporterFlag.level),
                      status: tEnum('flagStatus', r.reporterFlag.status),
                    }),
                  )
                : null,
              h(
                'ul',
                {},
                r.allegations.map((a) => h('li', {}, a.summary)),
              ),
            );
          }),
        )
      : h('p', { class: 'muted' }, t('console.none')),
    canRegister ? h('div', { class: 'actions' }, register) : null,
    status,
  );
};

export const queuePage = async () => {
  const session = requireSession();
  if (!session) return h('div');
  const statusPick = field(
    t('queue.byStatus'),
    select(
      clueStatuses.map((s) => [s, tEnum('clueStatus', s)]),
      { id: 'status-filter' },
    ),
  );
  const byStatus = h('div', { id: 'by-status' });
  const loadStatus = async () => {
    try {
      const list = await api<{ items: ClueSummary[] }>(
        'GET',
        `/clues?status=${statusPick.control.value}&limit=50`,
        { token: session.token },
      );
      replace(
        byStatus,
        clueTable(tEnum('clueStatus', statusPick.control.value), list.items, 'clues-by-status'),
      );
    } catch (error) {
      replace(byStatus, h('p', { role: 'alert' }, errorText(error)));
    }
  };
  statusPick.control.addEventListener('change', () => void loadStatus());
  const defaultStatus = hasRole(session, 'approver')
    ? 'CONCLUSION_PROPOSED'
    : hasRole(session, 'investigator')
      ? 'ASSIGNED'
      : 'REGISTERED';
  statusPick.control.value = defaultStatus;
  const [mine, overdue] = await Promise.all([
    api<{ items: ClueSummary[] }>('GET', `/clues?assignee=${encodeURIComponent(session.userId)}&limit=50`, {
      token: session.token,
    }),
    api<{ items: ClueSummary[] }>('GET', '/clues?overdue=true&limit=50', { token: session.token }),
  ]);
  await loadStatus();

  // Any person's clues, by user name.
  const assignee = field(
    t('queue.assignee'),
    input({ id: 'assignee-filter', maxlength: 128, autocomplete: 'off' }),
  );
  const byAssignee = h('div', { id: 'by-assignee' });
  const assigneeForm = h(
    'form',
    { novalidate: true, class: 'inline-form' },
    assignee.wrap,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t('queue.show'))),
  );
  assigneeForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const who = assignee.control.value.trim();
    assignee.setError(who ? undefined : t('validation.required'));
    if (!who) return;
    try {
      const list = await api<{ items: ClueSummary[] }>(
        'GET',
        `/clues?assignee=${encodeURIComponent(who)}&limit=50`,
        {
          token: session.token,
        },
      );
      replace(byAssignee, clueTable(t('queue.ofAssignee', { user: who }), list.items, 'clues-by-assignee'));
    } catch (error) {
      replace(byAssignee, h('p', { role: 'alert' }, errorText(error)));
    }
  });

  return consolePage(
    session,
    '/console',
    t('console.queue'),
    await unregistered(session),
    h(
      'section',
      { 'aria-labelledby': 'mine-title' },
      h('h2', { id: 'mine-title' }, t('queue.mine')),
      clueTable(t('queue.mine'), mine.items, 'my-clues'),
    ),
    h(
      'section',
      { 'aria-labelledby': 'status-title' },
      h('h2', { id: 'status-title' }, t('queue.byStatus')),
      statusPick.wrap,
      byStatus,
    ),
    h(
      'section',
      { 'aria-labelledby': 'assignee-title' },
      h('h2', { id: 'assignee-title' }, t('queue.byAssignee')),
      assigneeForm,
      byAssignee,
    ),
    h(
      'section',
      { 'aria-labelledby': 'overdue-title' },
      h('h2', { id: 'overdue-title' }, t('queue.overdue')),
      clueTable(t('queue.overdue'), overdue.items, 'overdue-clues'),
    ),
  );
};
