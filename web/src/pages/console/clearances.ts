/**
 * Clearances (澄清正名): by status, and one clearance with its consent status, the notice text as it
 * will be published (preview before approval), and approval by a second person.
 */
import { lang, t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { askToConfirm } from '../../lib/confirm.ts';
import { type Child, formatDate, h, replace } from '../../lib/dom.ts';
import { statusLine } from '../../lib/form.ts';
import { metaList, paragraphs, personLine } from '../../lib/parts.ts';
import type { Clearance, ClearanceList } from '../../lib/responses.ts';
import type { RouteContext } from '../../lib/router.ts';
import { hasRole, type Session } from '../../lib/session.ts';
import {
  caseLabel,
  consolePage,
  cursorParam,
  errorText,
  fillFrom,
  fillPaged,
  listOrNone,
  requireSession,
  statusPicker,
} from './shared.ts';

const statuses = ['AWAITING_CONSENT', 'CONSENTED', 'DECLINED', 'PUBLISHED', 'WITHDRAWN'];

export const clearancesPage = async ({ query }: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const pick = statusPicker(t('clearances.byStatus'), 'clearanceStatus', statuses, 'clearance-status');
  pick.control.value =
    query.get('status') ?? (hasRole(session, 'approver') ? 'CONSENTED' : 'AWAITING_CONSENT');
  const list = h('div', { id: 'clearance-list' });
  const load = () =>
    fillPaged(
      list,
      'clearance-list',
      (cursor) =>
        api<ClearanceList>('GET', `/clearances?status=${pick.control.value}&limit=50${cursorParam(cursor)}`, {
          token: session.token,
        }),
      (shown) =>
        listOrNone(shown, (items) =>
          h(
            'ul',
            {},
            items.map((c) =>
              h(
                'li',
                { class: 'card' },
                h(
                  'a',
                  { href: `/console/clearances/${encodeURIComponent(c.clearanceId)}` },
                  `${c.cadre.name}（${c.cadre.organization}）`,
                ),
                ` · ${tEnum('method', c.method)} · ${formatDate(c.proposedAt, lang())}`,
              ),
            ),
          ),
        ),
    );
  pick.control.addEventListener('change', () => void load());
  await load();
  return consolePage(session, '/console/clearances', t('console.clearances'), pick.wrap, list);
};

const consentText = (c: Clearance) =>
  c.consent
    ? `${c.consent.consent ? t('clearance.consentGiven') : t('clearance.consentRefused')} (${formatDate(c.consent.at, lang())})${c.consent.comment ? `: ${c.consent.comment}` : ''}`
    : t('clearance.consentAwaited', { until: formatDate(c.consentExpiresAt, lang()) });

const clearanceMeta = (c: Clearance) =>
  metaList(
    [t('console.col.status'), tEnum('clearanceStatus', c.status), { id: 'clearance-state' }],
    [
      t('clearance.clue'),
      h(
        'a',
        { href: `/console/clues/${encodeURIComponent(c.clueId)}` },
        caseLabel({ caseNumber: c.clueCaseNumber }, c.clueId),
      ),
    ],
    [t('notice.cadre'), personLine(c.cadre)],
    [t('clearance.method'), c.methods.map((m) => tEnum('method', m)).join('、'), { id: 'clearance-methods' }],
    [t('clearance.harm'), c.harm.map((x) => tEnum('harm', x)).join('、')],
    [t('clearance.consent'), consentText(c), { id: 'consent-state' }],
    [t('clearance.proposedBy'), c.proposedBy],
    c.approvedBy && [t('clearance.approvedBy'), c.approvedBy],
  );

/** Prints one document alone (the others and the page around it are left off the paper). */
const printOne = (section: HTMLElement) => {
  section.classList.add('print-this');
  document.body.classList.add('printing-one');
  window.print();
  document.body.classList.remove('printing-one');
  section.classList.remove('print-this');
};

/**
 * Every document as it will read (or reads, once issued), word for word what the cadre is shown:
 * the notice and the letter or record of each further form, each printable on its own.
 */
const noticeSection = (c: Clearance) => [
  h('h2', {}, c.status === 'PUBLISHED' ? t('clearance.noticeText') : t('clearance.documents')),
  h('p', { class: 'hint no-print' }, t('clearance.documentsHint')),
  ...c.documents.map((d, i) => {
    const section = h(
      'section',
      {
        class: 'notice-text card',
        id: i === 0 ? 'notice-preview' : `document-${d.method}`,
        'data-method': d.method,
      },
      h('h3', {}, tEnum('method', d.method)),
      paragraphs(lang() === 'en' ? d.text.en : d.text.zh),
    );
    section.append(
      h(
        'button',
        { type: 'button', class: 'secondary no-print', onclick: () => printOne(section) },
        t('clearance.print'),
      ),
    );
    return section;
  }),
  c.noticeId
    ? h(
        'p',
        {},
        h(
          'a',
          { href: `/board/${encodeURIComponent(c.noticeId)}`, id: 'published-notice' },
          t('clearance.viewNotice'),
        ),
      )
    : null,
];

/** Approval by a second person: an approver who did not propose it, once the cadre consented. */
const approval = (c: Clearance, session: Session, approved: () => Promise<void>) => {
  const status = statusLine('assertive');
  const canApprove =
    hasRole(session, 'approver') && c.proposedBy !== session.userId && c.status === 'CONSENTED';
  const approve = h('button', { type: 'button', id: 'approve-clearance' }, t('clearance.approve'));
  // Publishing cannot be taken back: the approver reads what it does and confirms.
  const confirmSlot = h('div');
  approve.addEventListener('click', () =>
    askToConfirm(
      confirmSlot,
      {
        title: t('clearance.confirmTitle'),
        consequences: [
          t('clearance.willPublish', { method: c.methods.map((m) => tEnum('method', m)).join('、') }),
          t('clearance.willSign'),
          t('clearance.willFollowUp'),
          t('clearance.willRecord'),
        ],
        confirm: t('clearance.confirmPublish'),
        run: async () => {
          // The text shown above is the text issued: the hash of what was shown goes with the approval.
          await api('POST', `/clearances/${encodeURIComponent(c.clearanceId)}/approve`, {
            token: session.token,
            body: { contentHash: c.contentHash },
          });
          await approved();
        },
        failed: errorText,
      },
      approve,
    ),
  );
  return [
    canApprove
      ? h('div', {}, h('div', { class: 'actions' }, approve), confirmSlot)
      : c.status === 'CONSENTED'
        ? h('p', { class: 'muted' }, t('clearance.approveWho'))
        : null,
    status,
  ];
};

export const clearancePage = async ({ params }: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const id = params.clearanceId ?? '';
  const body = h('div');
  const load = () => api<Clearance>('GET', `/clearances/${encodeURIComponent(id)}`, { token: session.token });
  const view = (c: Clearance): Child => [
    clearanceMeta(c),
    h('h2', {}, t('clearance.allegations')),
    h(
      'ul',
      {},
      c.allegations.map((a) =>
        h(
          'li',
          {},
          `${a.summary} — ${tEnum('finding', a.finding)}`,
          h('br'),
          h('span', { class: 'muted' }, `${t('clearance.publicWording')}：${a.publicSummary}`),
        ),
      ),
    ),
    noticeSection(c),
    approval(c, session, async () => {
      const fresh = await load();
      replace(body, h('p', { class: 'status ok', role: 'status' }, t('clearance.approved')), view(fresh));
    }),
  ];
  await fillFrom(body, load, view);
  return consolePage(session, '', t('clearance.title'), body);
};
