/**
 * Clearances (澄清正名): by status, and one clearance with its consent status, the notice text as it
 * will be published (preview before approval), and approval by a second person.
 */
import { lang, t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDate, h, replace } from '../../lib/dom.ts';
import { field, select, statusLine } from '../../lib/form.ts';
import type { RouteContext } from '../../lib/router.ts';
import { hasRole } from '../../lib/session.ts';
import { consolePage, errorText, requireSession } from './shared.ts';

interface Clearance {
  clearanceId: string;
  clueId: string;
  status: string;
  method: string;
  trigger: string;
  harm: string[];
  statement: string;
  cadre: { name: string; position: string; organization: string };
  allegations: { allegationId: string; summary: string; finding: string }[];
  proposedBy: string;
  proposedAt: string;
  consentExpiresAt: string;
  consent?: { consent: boolean; comment?: string; at: string };
  approvedBy?: string;
  publishedAt?: string;
  noticeId?: string;
  noticePreview: { zh: string; en: string };
}

const statuses = ['AWAITING_CONSENT', 'CONSENTED', 'DECLINED', 'PUBLISHED', 'WITHDRAWN'];

export const clearancesPage = async ({ query }: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const pick = field(
    t('clearances.byStatus'),
    select(
      statuses.map((s) => [s, tEnum('clearanceStatus', s)]),
      { id: 'clearance-status' },
    ),
  );
  pick.control.value =
    query.get('status') ?? (hasRole(session, 'approver') ? 'CONSENTED' : 'AWAITING_CONSENT');
  const list = h('div', { id: 'clearance-list' });
  const load = async () => {
    try {
      const page = await api<{ items: Clearance[] }>(
        'GET',
        `/clearances?status=${pick.control.value}&limit=50`,
        { token: session.token },
      );
      replace(
        list,
        page.items.length
          ? h(
              'ul',
              {},
              page.items.map((c) =>
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
            )
          : h('p', { class: 'muted' }, t('console.none')),
      );
    } catch (error) {
      replace(list, h('p', { role: 'alert' }, errorText(error)));
    }
  };
  pick.control.addEventListener('change', () => void load());
  await load();
  return consolePage(session, '/console/clearances', t('console.clearances'), pick.wrap, list);
};

export const clearancePage = async ({ params }: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const id = params.clearanceId ?? '';
  const body = h('div');
  const render = (c: Clearance, banner?: Node) => {
    const status = statusLine('assertive');
    const canApprove =
      hasRole(session, 'approver') && c.proposedBy !== session.userId && c.status === 'CONSENTED';
    const approve = h('button', { type: 'button', id: 'approve-clearance' }, t('clearance.approve'));
    approve.addEventListener('click', async () => {
      approve.disabled = true;
      try {
        await api('POST', `/clearances/${encodeURIComponent(c.clearanceId)}/approve`, {
          token: session.token,
          body: {},
        });
        render(
          await api<Clearance>('GET', `/clearances/${encodeURIComponent(id)}`, { token: session.token }),
          h('p', { class: 'status ok', role: 'status' }, t('clearance.approved')),
        );
      } catch (error) {
        approve.disabled = false;
        status.textContent = errorText(error);
      }
    });
    replace(
      body,
      banner ?? null,
      h(
        'dl',
        { class: 'meta' },
        h('dt', {}, t('console.col.status')),
        h('dd', { id: 'clearance-state' }, tEnum('clearanceStatus', c.status)),
        h('dt', {}, t('clearance.clue')),
        h('dd', {}, h('a', { href: `/console/clues/${encodeURIComponent(c.clueId)}` }, c.clueId)),
        h('dt', {}, t('notice.cadre')),
        h('dd', {}, `${c.cadre.name}，${c.cadre.organization} ${c.cadre.position}`),
        h('dt', {}, t('clearance.method')),
        h('dd', {}, tEnum('method', c.method)),
        h('dt', {}, t('clearance.harm')),
        h('dd', {}, c.harm.map((x) => tEnum('harm', x)).join('、')),
        h('dt', {}, t('clearance.consent')),
        h(
          'dd',
          { id: 'consent-state' },
          c.consent
            ? `${c.consent.consent ? t('clearance.consentGiven') : t('clearance.consentRefused')} (${formatDate(c.consent.at, lang())})${c.consent.comment ? `: ${c.consent.comment}` : ''}`
            : t('clearance.consentAwaited', { until: formatDate(c.consentExpiresAt, lang()) }),
        ),
        h('dt', {}, t('clearance.proposedBy')),
        h('dd', {}, c.proposedBy),
        c.approvedBy ? [h('dt', {}, t('clearance.approvedBy')), h('dd', {}, c.approvedBy)] : null,
      ),
      h('h2', {}, t('clearance.allegations')),
      h(
        'ul',
        {},
        c.allegations.map((a) => h('li', {}, `${a.summary} — ${tEnum('finding', a.finding)}`)),
      ),
      h('h2', {}, c.status === 'PUBLISHED' ? t('clearance.noticeText') : t('clearance.preview')),
      h(
        'div',
        { class: 'notice-text card', id: 'notice-preview' },
        (lang() === 'en' ? c.noticePreview.en : c.noticePreview.zh)
          .split('\n')
          .map((line) => h('p', {}, line)),
      ),
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
      canApprove
        ? h('div', { class: 'actions' }, approve)
        : c.status === 'CONSENTED'
          ? h('p', { class: 'muted' }, t('clearance.approveWho'))
          : null,
      status,
    );
  };
  try {
    render(await api<Clearance>('GET', `/clearances/${encodeURIComponent(id)}`, { token: session.token }));
  } catch (error) {
    replace(body, h('p', { role: 'alert' }, errorText(error)));
  }
  return consolePage(session, '', t('clearance.title'), body);
};
