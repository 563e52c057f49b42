/**
 * The work queue: reports awaiting registration (intake registers one or several as a clue), and
 * clues by status, by assignee and overdue, with the deadline as days left. Every list pages on
 * with 「加载更多」 (shared.ts `fillPaged`); the clue list sorts and filters, kept in the address.
 */

import { clueStatuses } from '../../../../shared/domain/stages.ts';
import { reportCategories } from '../../../../shared/domain/vocabulary.ts';
import { lang, t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDay, h } from '../../lib/dom.ts';
import { field, input, select, statusLine } from '../../lib/form.ts';
import type { ClueDetail, ClueList, ClueSummary, ReportList } from '../../lib/responses.ts';
import { navigate } from '../../lib/router.ts';
import { hasRole, type Session } from '../../lib/session.ts';
import { identityBadge } from './clue/identity-form.ts';
import { conversationSection, unreadMarker } from './conversation.ts';
import { escalateDetails } from './escalate.ts';
import { evidenceSection } from './evidence.ts';
import { memberSelect } from './member-select.ts';
import {
  caseLabel,
  consolePage,
  cursorParam,
  daysLeftText,
  errorText,
  fillPaged,
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

/** Reports awaiting registration, a page at a time; intake ticks one or several and registers them as one clue. */
const unregistered = async (session: Session) => {
  if (!hasRole(session, 'intake', 'approver', 'auditor')) return null;
  const status = statusLine('assertive');
  const canRegister = hasRole(session, 'intake');
  const register = h('button', { type: 'button', id: 'register-clue', disabled: true }, t('queue.register'));
  // One box per report, kept across "load more" so ticks survive the next page.
  const boxes = new Map<string, HTMLInputElement>();
  const sync = () => {
    register.disabled = ![...boxes.values()].some((b) => b.checked);
  };
  const boxOf = (reportId: string) => {
    const box =
      boxes.get(reportId) ??
      h('input', { type: 'checkbox', value: reportId, id: `pick-${reportId}`, onchange: sync });
    boxes.set(reportId, box);
    return box;
  };
  register.addEventListener('click', async () => {
    const reportIds = [...boxes.values()].filter((b) => b.checked).map((b) => b.value);
    register.disabled = true;
    try {
      const clue = await api<ClueDetail>('POST', '/clues', { token: session.token, body: { reportIds } });
      navigate(`/console/clues/${encodeURIComponent(clue.clueId)}`);
    } catch (error) {
      status.textContent = errorText(error);
      sync();
    }
  });
  const list = h('div', { id: 'unregistered-list' });
  await fillPaged(
    list,
    'unregistered',
    (cursor) =>
      api<ReportList>('GET', `/reports?status=UNREGISTERED&limit=50${cursorParam(cursor)}`, {
        token: session.token,
      }),
    (items) =>
      listOrNone(items, (shown) =>
        h(
          'ul',
          { class: 'report-list', id: 'unregistered' },
          shown.map((r) => reportItem(r, canRegister ? boxOf(r.reportId) : null, session)),
        ),
      ),
  );
  return h(
    'section',
    { 'aria-labelledby': 'unregistered-title' },
    h('h2', { id: 'unregistered-title' }, t('queue.unregistered')),
    list,
    canRegister ? h('div', { class: 'actions' }, register) : null,
    status,
  );
};

/** A clue list, every page of it on demand, into `target`. */
const fillClues = (target: HTMLElement, session: Session, query: string, caption: string, id: string) =>
  fillPaged(
    target,
    id,
    (cursor) =>
      api<ClueList>('GET', `/clues?${query}&limit=50${cursorParam(cursor)}`, { token: session.token }),
    (items) => clueTable(caption, items, id),
  );

const section = (titleId: string, title: string, ...children: Node[]) =>
  h('section', { 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), ...children);

/** The clue list's choices, as kept in the address (`/console?status=…&sort=deadline`). */
const listChoices = ['status', 'assignee', 'category', 'overdue', 'sort', 'order'] as const;

const option = (value: string, label: string) => [value, label] as [string, string];

/**
 * The clue list: status, assignee (from the staff directory), category and overdue, sorted by
 * registration time or deadline, either way. The choices are kept in the address, so a reload or
 * a shared link shows the same list; the API refuses what no index can serve, and says why.
 */
const clueListSection = async (session: Session) => {
  const address = new URLSearchParams(window.location.search);
  const fallback = hasRole(session, 'approver')
    ? 'CONCLUSION_PROPOSED'
    : hasRole(session, 'investigator')
      ? 'ASSIGNED'
      : 'REGISTERED';
  const pick = statusPicker(t('queue.byStatus'), 'clueStatus', clueStatuses, 'status-filter');
  pick.control.prepend(h('option', { value: '' }, t('queue.anyStatus')));
  const assignee = memberSelect({
    token: session.token,
    role: 'investigator',
    label: t('queue.assignee'),
    id: 'list-assignee',
    placeholder: t('queue.anyone'),
    value: address.get('assignee') ?? '',
  });
  const category = field(
    t('queue.category'),
    select(
      [option('', t('queue.anyCategory')), ...reportCategories.map((c) => option(c, tEnum('category', c)))],
      {
        id: 'list-category',
      },
    ),
  );
  const overdue = field(
    t('queue.overdueOnly'),
    select([option('', t('queue.all')), option('true', t('queue.overdue'))], { id: 'list-overdue' }),
  );
  const sort = field(
    t('queue.sort'),
    select([option('registered', t('queue.sortRegistered')), option('deadline', t('queue.sortDeadline'))], {
      id: 'list-sort',
    }),
  );
  const order = field(
    t('queue.order'),
    select([option('asc', t('queue.orderAsc')), option('desc', t('queue.orderDesc'))], { id: 'list-order' }),
  );
  const controls = {
    status: pick.control,
    assignee: assignee.control,
    category: category.control,
    overdue: overdue.control,
    sort: sort.control,
    order: order.control,
  };
  for (const name of listChoices) {
    const chosen = address.get(name);
    if (chosen !== null) controls[name].value = chosen;
  }
  if (!address.has('status') && !address.has('assignee') && !address.has('overdue'))
    pick.control.value = fallback;
  const list = h('div', { id: 'by-status' });
  const load = () => {
    const query = new URLSearchParams();
    for (const name of listChoices) if (controls[name].value) query.set(name, controls[name].value);
    const url = new URL(window.location.href);
    for (const name of listChoices) url.searchParams.delete(name);
    for (const [name, value] of query) url.searchParams.set(name, value);
    window.history.replaceState(window.history.state, '', url);
    const caption = pick.control.value ? tEnum('clueStatus', pick.control.value) : t('queue.clueList');
    return fillClues(list, session, query.toString(), caption, 'clues-by-status');
  };
  for (const control of Object.values(controls)) control.addEventListener('change', () => void load());
  await assignee.ready;
  if (address.get('assignee')) assignee.control.value = address.get('assignee') ?? '';
  await load();
  return section(
    'status-title',
    t('queue.byStatus'),
    h(
      'div',
      { class: 'inline-form list-controls' },
      pick.wrap,
      assignee.wrap,
      category.wrap,
      overdue.wrap,
      sort.wrap,
      order.wrap,
    ),
    list,
  );
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
    await fillClues(
      byAssignee,
      session,
      `assignee=${encodeURIComponent(who)}`,
      t('queue.ofAssignee', { user: who }),
      'clues-by-assignee',
    );
  });
  return section('assignee-title', t('queue.byAssignee'), form, byAssignee);
};

export const queuePage = async () => {
  const session = requireSession();
  if (!session) return h('div');
  const mine = h('div', { id: 'mine' });
  const overdue = h('div', { id: 'overdue' });
  const [, , byStatus, waiting] = await Promise.all([
    fillClues(mine, session, `assignee=${encodeURIComponent(session.userId)}`, t('queue.mine'), 'my-clues'),
    fillClues(overdue, session, 'overdue=true', t('queue.overdue'), 'overdue-clues'),
    clueListSection(session),
    unregistered(session),
  ]);
  return consolePage(
    session,
    '/console',
    t('console.queue'),
    waiting,
    section('mine-title', t('queue.mine'), mine),
    byStatus,
    byAssigneeSection(session),
    section('overdue-title', t('queue.overdue'), overdue),
  );
};
