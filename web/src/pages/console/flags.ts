/**
 * Accuser flags: the list by status, each with its evidence and steps; an approver confirms or
 * dismisses with a reason; a contest is recorded and sends the flag back to review; confirmed
 * FABRICATION flags export for a credit system. Only pseudonyms (reporterRef) are ever shown.
 */
import { lang, t, tEnum } from '../../i18n/index.ts';
import { api, apiUrl } from '../../lib/api.ts';
import { formatDate, formatDay, h, replace } from '../../lib/dom.ts';
import { field, select, statusLine, textarea } from '../../lib/form.ts';
import type { RouteContext } from '../../lib/router.ts';
import { hasRole, type Session } from '../../lib/session.ts';
import { consolePage, errorText, requireSession } from './shared.ts';

interface Flag {
  flagId: string;
  level: string;
  status: string;
  version: number;
  reporterRef: string;
  evidence: { reportId: string; clueId: string; finding: string; concludedAt: string }[];
  proposedAt: string;
  confirmedAt?: string;
  expiresAt?: string;
  steps: { at: string; by: string; step: string; reason?: string }[];
}

const download = async (session: Session, format: 'csv' | 'json', status: HTMLElement) => {
  try {
    const response = await fetch(apiUrl(`/accuser-flags/export?format=${format}`), {
      headers: { authorization: `Bearer ${session.token}` },
    });
    if (!response.ok) throw new Error(String(response.status));
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `accuser-flags.${format}` });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status.textContent = t('flags.exported');
  } catch (error) {
    status.textContent = errorText(error);
  }
};

const flagCard = (flag: Flag, session: Session, reload: () => Promise<void>) => {
  const status = statusLine('assertive');
  const isApprover = hasRole(session, 'approver');
  const reason = field(
    t('flags.reason'),
    textarea({ maxlength: 1000, name: `reason-${flag.flagId}`, rows: 3 }),
    { required: true, hint: t('flags.reasonHint') },
  );
  const decide = async (decision: 'CONFIRM' | 'DISMISS') => {
    reason.setError();
    if (!reason.control.value.trim()) {
      reason.setError(t('validation.required'));
      reason.control.focus();
      return;
    }
    try {
      await api('POST', `/accuser-flags/${encodeURIComponent(flag.flagId)}/decision`, {
        token: session.token,
        body: { decision, reason: reason.control.value.trim(), expectedVersion: flag.version },
      });
      await reload();
    } catch (error) {
      status.textContent = errorText(error);
    }
  };
  const statement = field(
    t('flags.statement'),
    textarea({ maxlength: 4000, name: `statement-${flag.flagId}`, rows: 3 }),
    { required: true },
  );
  const contest = async () => {
    statement.setError();
    if (!statement.control.value.trim()) return statement.setError(t('validation.required'));
    try {
      await api('POST', `/accuser-flags/${encodeURIComponent(flag.flagId)}/contest`, {
        token: session.token,
        body: { statement: statement.control.value.trim() },
      });
      await reload();
    } catch (error) {
      status.textContent = errorText(error);
    }
  };
  return h(
    'li',
    { class: 'card', 'data-flag': flag.flagId },
    h(
      'h3',
      {},
      `${flag.reporterRef} · `,
      h('span', { class: 'badge warn' }, tEnum('flagLevel', flag.level)),
      ` · ${tEnum('flagStatus', flag.status)}`,
    ),
    h('p', { class: 'hint' }, tEnum('flagLevelHint', flag.level)),
    h(
      'p',
      { class: 'muted' },
      t('flags.proposedAt', { at: formatDay(flag.proposedAt, lang()) }),
      flag.expiresAt ? ` · ${t('flags.expiresAt', { at: formatDay(flag.expiresAt, lang()) })}` : '',
    ),
    h('h4', {}, t('flags.evidence')),
    h(
      'ul',
      {},
      flag.evidence.map((e) =>
        h(
          'li',
          {},
          h('a', { href: `/console/clues/${encodeURIComponent(e.clueId)}` }, e.clueId),
          ` · ${e.reportId} · ${tEnum('finding', e.finding)} · ${formatDay(e.concludedAt, lang())}`,
        ),
      ),
    ),
    h('h4', {}, t('flags.steps')),
    h(
      'ol',
      { class: 'timeline' },
      flag.steps.map((s) =>
        h(
          'li',
          {},
          `${formatDate(s.at, lang())} · ${tEnum('flagStep', s.step)} · ${s.by}`,
          s.reason ? h('div', { class: 'muted' }, s.reason) : null,
        ),
      ),
    ),
    isApprover && flag.status === 'PROPOSED'
      ? h(
          'div',
          { class: 'decision' },
          reason.wrap,
          h(
            'div',
            { class: 'actions' },
            h(
              'button',
              { type: 'button', 'data-decision': 'CONFIRM', onclick: () => void decide('CONFIRM') },
              t('flags.confirm'),
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                'data-decision': 'DISMISS',
                onclick: () => void decide('DISMISS'),
              },
              t('flags.dismiss'),
            ),
          ),
        )
      : null,
    hasRole(session, 'intake', 'approver') && flag.status === 'CONFIRMED'
      ? h(
          'details',
          {},
          h('summary', {}, t('flags.contest')),
          statement.wrap,
          h(
            'button',
            { type: 'button', class: 'secondary', onclick: () => void contest() },
            t('flags.recordContest'),
          ),
        )
      : null,
    status,
  );
};

export const flagsPage = async ({ query }: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const pick = field(
    t('flags.byStatus'),
    select(
      ['PROPOSED', 'CONFIRMED', 'DISMISSED'].map((s) => [s, tEnum('flagStatus', s)]),
      { id: 'flag-status' },
    ),
  );
  pick.control.value = query.get('status') ?? 'PROPOSED';
  const list = h('div', { id: 'flag-list' });
  const exportStatus = statusLine();
  const load = async () => {
    try {
      const page = await api<{ items: Flag[] }>(
        'GET',
        `/accuser-flags?status=${pick.control.value}&limit=50`,
        { token: session.token },
      );
      replace(
        list,
        page.items.length
          ? h(
              'ul',
              { class: 'flags' },
              page.items.map((f) => flagCard(f, session, load)),
            )
          : h('p', { class: 'muted' }, t('console.none')),
      );
    } catch (error) {
      replace(list, h('p', { role: 'alert' }, errorText(error)));
    }
  };
  pick.control.addEventListener('change', () => void load());
  await load();
  return consolePage(
    session,
    '/console/flags',
    t('console.flags'),
    h('p', {}, t('flags.intro')),
    pick.wrap,
    list,
    hasRole(session, 'approver')
      ? h(
          'section',
          { class: 'card' },
          h('h2', {}, t('flags.export')),
          h('p', { class: 'hint' }, t('flags.exportHint')),
          h(
            'div',
            { class: 'actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => void download(session, 'csv', exportStatus),
              },
              'CSV',
            ),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => void download(session, 'json', exportStatus),
              },
              'JSON',
            ),
          ),
          exportStatus,
        )
      : null,
  );
};
