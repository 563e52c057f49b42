/**
 * The work queue: reports awaiting registration (intake registers one or several as a clue), and
 * clues by status, by assignee and overdue, with the deadline as days left.
 */

import { clueStatuses } from '../../../../shared/domain/stages.ts';
import { lang, t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDay, h } from '../../lib/dom.ts';
import { field, input, statusLine } from '../../lib/form.ts';
import type { ClueDetail, ClueList, ClueSummary, ReportList } from '../../lib/responses.ts';
import { navigate } from '../../lib/router.ts';
import { hasRole, type Session } from '../../lib/session.ts';
import { identityBadge } from './clue/identity-form.ts';
import { conversationSection, unreadMarker } from './conversation.ts';
import { escalateDetails } from './escalate.ts';
import { evidenceSection } from './evidence.ts';
import {
  caseLabel,
  consolePage,
  daysLeftText,
  errorText,
  fillFrom,
  flagMarker,
  listOrNone,
  requireSession,
  statusPicker,
} from './shared.ts';

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
                h(
                  'td',
                  {},
                  h('a', { href: `/console/clues/${encodeURIComponent(c.clueId)}` }, caseLabel(c, c.clueId)),
                  ' ',
                  unreadMarker(c.unreadMessages),
                ),
                h('td', {}, `${c.accused.name}（${c.accused.organization}）`),
                h(
                  'td',
                  {},
                  tEnum('clueStatus', c.status),
                  c.overallFinding ? ` · ${tEnum('finding', c.overallFinding)}` : '',
                ),
                h('td', {}, c.assignee ?? '—'),
                h(
                  'td',
                  { class: c.deadline?.overdue || c.resultFeedback?.overdue ? 'overdue' : '' },
                  daysLeftText(c.deadline),
                  c.resultFeedback
                    ? h(
                        'div',
                        { 'data-marker': 'resultFeedback' },
                        t('queue.feedbackBy', { at: formatDay(c.resultFeedback.at, lang()) }),
                      )
                    : null,
                ),
              ),
            ),
          ),
        ),
      )
    : h('p', { class: 'muted', id: `${id}-empty` }, `${caption}: ${t('console.none')}`);

type ReportSummary = ReportList['items'][number];

/** The conversation with the reporter, opened on demand (reading it marks the answers read). */
const conversationDetails = (session: Session, r: ReportSummary) => {
  const details = h('details', { class: 'conversation-details' }, h('summary', {}, t('conversation.title')));
  details.addEventListener(
    'toggle',
    () => {
      const path = `/reports/${encodeURIComponent(r.reportId)}/messages`;
      const id = `conversation-${r.reportId}`;
      details.append(conversationSection(session, { path, reportIds: [r.reportId], canSend: true, id }));
    },
    { once: true },
  );
  return details;
};

/** The report's evidence files, loaded when opened. */
const evidenceDetails = (session: Session, r: ReportSummary) => {
  const details = h('details', { class: 'evidence-details' }, h('summary', {}, t('evidence.staffTitle')));
  details.addEventListener('toggle', () => details.append(evidenceSection(session, r.reportId)), {
    once: true,
  });
  return details;
};

const reportItem = (r: ReportSummary, box: HTMLInputElement | null, session: Session) =>
  h(
    'li',
    { class: 'card', 'data-report': r.reportId, id: `report-${r.reportId}` },
    box,
    h(
      'label',
      { for: `pick-${r.reportId}` },
      caseLabel(r, r.reportId),
      ' ',
      h('strong', {}, `${r.accused.name}（${r.accused.organization} ${r.accused.position}）`),
      ` · ${tEnum('category', r.category)} · ${tEnum('reporterKind', r.reporterKind)} · `,
      h('time', { datetime: r.submittedAt }, formatDay(r.submittedAt, lang())),
    ),
    r.reporterFlag ? flagMarker(r.reporterFlag) : null,
    unreadMarker(r.unreadMessages),
    ' ',
    identityBadge(r.identityStatus),
    r.transferredFrom
      ? h(
          'p',
          { class: 'transferred-from' },
          `${t('clue.transferredFrom')}：${r.transferredFrom.name}${r.transferredFrom.caseNumber ? `（${r.transferredFrom.caseNumber}）` : ''} · ${r.transferredFrom.reason}`,
          r.takeUpBy ? ` · ${t('clue.takeUpBy')} ` : '',
          r.takeUpBy ? h('time', { datetime: r.takeUpBy }, formatDay(r.takeUpBy, lang())) : '',
        )
      : null,
    h(
      'ul',
      {},
      r.allegations.map((a) => h('li', {}, a.summary)),
    ),
    hasRole(session, 'intake') ? conversationDetails(session, r) : null,
    hasRole(session, 'intake', 'approver') ? evidenceDetails(session, r) : null,
    hasRole(session, 'intake', 'approver')
      ? escalateDetails(session, r, () => document.getElementById(`report-${r.reportId}`)?.remove())
      : null,
  );

/** Reports awaiting registration; intake ticks one or several and registers them as one clue. */
const unregistered = async (session: Session) => {
  if (!hasRole(session, 'intake', 'approver', 'auditor')) return null;
  const list = await api<ReportList>('GET', '/reports?status=UNREGISTERED&limit=50', {
    token: session.token,
  });
  const status = statusLine('assertive');
  const canRegister = hasRole(session, 'intake');
  const register = h('button', { type: 'button', id: 'register-clue', disabled: true }, t('queue.register'));
  const sync = () => {
    register.disabled = !boxes.some((b) => b.checked);
  };
  const boxes = list.items.map((r) =>
    h('input', { type: 'checkbox', value: r.reportId, id: `pick-${r.reportId}`, onchange: sync }),
  );
  register.addEventListener('click', async () => {
    const reportIds = boxes.filter((b) => b.checked).map((b) => b.value);
    register.disabled = true;
    try {
      const clue = await api<ClueDetail>('POST', '/clues', { token: session.token, body: { reportIds } });
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
    listOrNone(list.items, (items) =>
      h(
        'ul',
        { class: 'report-list', id: 'unregistered' },
        items.map((r, i) => reportItem(r, canRegister ? (boxes[i] ?? null) : null, session)),
      ),
    ),
    canRegister ? h('div', { class: 'actions' }, register) : null,
    status,
  );
};

const clueList = (session: Session, query: string) =>
  api<ClueList>('GET', `/clues?${query}&limit=50`, { token: session.token });

const section = (titleId: string, title: string, ...children: Node[]) =>
  h('section', { 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), ...children);

/** Clues by status: the choice starts on what this person's role most often works on. */
const byStatusSection = async (session: Session) => {
  const pick = statusPicker(t('queue.byStatus'), 'clueStatus', clueStatuses, 'status-filter');
  const byStatus = h('div', { id: 'by-status' });
  const load = () =>
    fillFrom(
      byStatus,
      () => clueList(session, `status=${pick.control.value}`),
      (list) => clueTable(tEnum('clueStatus', pick.control.value), list.items, 'clues-by-status'),
    );
  pick.control.addEventListener('change', () => void load());
  pick.control.value = hasRole(session, 'approver')
    ? 'CONCLUSION_PROPOSED'
    : hasRole(session, 'investigator')
      ? 'ASSIGNED'
      : 'REGISTERED';
  await load();
  return section('status-title', t('queue.byStatus'), pick.wrap, byStatus);
};

/** Any person's clues, by user name. */
const byAssigneeSection = (session: Session) => {
  const assignee = field(
    t('queue.assignee'),
    input({ id: 'assignee-filter', maxlength: 128, autocomplete: 'off' }),
  );
  const byAssignee = h('div', { id: 'by-assignee' });
  const form = h(
    'form',
    { novalidate: true, class: 'inline-form' },
    assignee.wrap,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t('queue.show'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const who = assignee.control.value.trim();
    assignee.setError(who ? undefined : t('validation.required'));
    if (!who) return;
    await fillFrom(
      byAssignee,
      () => clueList(session, `assignee=${encodeURIComponent(who)}`),
      (list) => clueTable(t('queue.ofAssignee', { user: who }), list.items, 'clues-by-assignee'),
    );
  });
  return section('assignee-title', t('queue.byAssignee'), form, byAssignee);
};

export const queuePage = async () => {
  const session = requireSession();
  if (!session) return h('div');
  const [mine, overdue, byStatus] = await Promise.all([
    clueList(session, `assignee=${encodeURIComponent(session.userId)}`),
    clueList(session, 'overdue=true'),
    byStatusSection(session),
  ]);
  return consolePage(
    session,
    '/console',
    t('console.queue'),
    await unregistered(session),
    section('mine-title', t('queue.mine'), clueTable(t('queue.mine'), mine.items, 'my-clues')),
    byStatus,
    byAssigneeSection(session),
    section(
      'overdue-title',
      t('queue.overdue'),
      clueTable(t('queue.overdue'), overdue.items, 'overdue-clues'),
    ),
  );
};
