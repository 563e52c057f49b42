/**
 * Accuser flags: the list by status, each with its evidence and steps; an approver confirms or
 * dismisses with a reason; a contest is recorded and sends the flag back to review; confirmed
 * FABRICATION flags export for a credit system. Only pseudonyms (reporterRef) are ever shown.
 */
import { lang, t, tEnum } from '../../i18n/index.ts';
import { api, apiUrl } from '../../lib/api.ts';
import { formatDate, formatDay, h } from '../../lib/dom.ts';
import { type Field, field, statusLine, textarea } from '../../lib/form.ts';
import type { AccuserFlag, AccuserFlagList } from '../../lib/responses.ts';
import type { RouteContext } from '../../lib/router.ts';
import { hasRole, type Session } from '../../lib/session.ts';
import { identityBadge } from './clue/identity-form.ts';
import { consolePage, errorText, fillFrom, listOrNone, requireSession, statusPicker } from './shared.ts';

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

/**
 * A FABRICATION flag is confirmed only on reports staff verified (409 IDENTITY_UNVERIFIED): say
 * which are missing, each with a link to its clue, where the verification is recorded.
 */
const unverifiedNotice = (flag: AccuserFlag) => {
  if (flag.level !== 'FABRICATION' || flag.status !== 'PROPOSED') return null;
  const missing = flag.evidence.filter((e) => e.identityStatus !== 'STAFF_VERIFIED');
  if (!missing.length) return null;
  return h(
    'div',
    { class: 'notice warn', 'data-unverified': missing.map((e) => e.reportId).join(' ') },
    h('p', {}, t('flags.unverified')),
    h(
      'ul',
      {},
      missing.map((e) =>
        h(
          'li',
          {},
          `${e.reportId} `,
          h('a', { href: `/console/clues/${encodeURIComponent(e.clueId)}` }, t('flags.verifyOnClue')),
        ),
      ),
    ),
  );
};

/** What the flag rests on and what happened to it: level, dates, evidence and steps. */
const flagRecord = (flag: AccuserFlag) => [
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
        ` · ${e.reportId} · ${tEnum('finding', e.finding)} · ${formatDay(e.concludedAt, lang())} `,
        identityBadge(e.identityStatus),
      ),
    ),
  ),
  unverifiedNotice(flag),
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
];

/** Posts what the filled-in `text` makes to the flag's `step`, then reloads the list. */
const flagStep =
  (flag: AccuserFlag, session: Session, reload: () => Promise<void>, status: HTMLElement) =>
  async (step: 'decision' | 'contest', text: Field, body: (text: string) => Record<string, unknown>) => {
    text.setError();
    if (!text.control.value.trim()) {
      text.setError(t('validation.required'));
      text.control.focus();
      return;
    }
    try {
      await api('POST', `/accuser-flags/${encodeURIComponent(flag.flagId)}/${step}`, {
        token: session.token,
        body: body(text.control.value.trim()),
      });
      await reload();
    } catch (error) {
      status.textContent = errorText(error);
    }
  };

const decisionPanel = (flag: AccuserFlag, send: ReturnType<typeof flagStep>) => {
  const reason = field(
    t('flags.reason'),
    textarea({ maxlength: 1000, name: `reason-${flag.flagId}`, rows: 3 }),
    {
      required: true,
      hint: t('flags.reasonHint'),
    },
  );
  const decide = (decision: 'CONFIRM' | 'DISMISS') =>
    void send('decision', reason, (text) => ({ decision, reason: text, expectedVersion: flag.version }));
  return h(
    'div',
    { class: 'decision' },
    reason.wrap,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { type: 'button', 'data-decision': 'CONFIRM', onclick: () => decide('CONFIRM') },
        t('flags.confirm'),
      ),
      h(
        'button',
        { type: 'button', class: 'secondary', 'data-decision': 'DISMISS', onclick: () => decide('DISMISS') },
        t('flags.dismiss'),
      ),
    ),
  );
};

const contestPanel = (flag: AccuserFlag, send: ReturnType<typeof flagStep>) => {
  const statement = field(
    t('flags.statement'),
    textarea({ maxlength: 4000, name: `statement-${flag.flagId}`, rows: 3 }),
    { required: true },
  );
  const contest = () => void send('contest', statement, (text) => ({ statement: text }));
  return h(
    'details',
    {},
    h('summary', {}, t('flags.contest')),
    statement.wrap,
    h('button', { type: 'button', class: 'secondary', onclick: contest }, t('flags.recordContest')),
  );
};

const flagCard = (flag: AccuserFlag, session: Session, reload: () => Promise<void>) => {
  const status = statusLine('assertive');
  const send = flagStep(flag, session, reload, status);
  return h(
    'li',
    { class: 'card', 'data-flag': flag.flagId },
    flagRecord(flag),
    hasRole(session, 'approver') && flag.status === 'PROPOSED' ? decisionPanel(flag, send) : null,
    hasRole(session, 'intake', 'approver') && flag.status === 'CONFIRMED' ? contestPanel(flag, send) : null,
    status,
  );
};

const exportSection = (session: Session) => {
  const status = statusLine();
  const button = (format: 'csv' | 'json') =>
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => void download(session, format, status) },
      format.toUpperCase(),
    );
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, t('flags.export')),
    h('p', { class: 'hint' }, t('flags.exportHint')),
    h('div', { class: 'actions' }, button('csv'), button('json')),
    status,
  );
};

export const flagsPage = async ({ query }: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const pick = statusPicker(
    t('flags.byStatus'),
    'flagStatus',
    ['PROPOSED', 'CONFIRMED', 'DISMISSED'],
    'flag-status',
  );
  pick.control.value = query.get('status') ?? 'PROPOSED';
  const list = h('div', { id: 'flag-list' });
  const load = (): Promise<void> =>
    fillFrom(
      list,
      () =>
        api<AccuserFlagList>('GET', `/accuser-flags?status=${pick.control.value}&limit=50`, {
          token: session.token,
        }),
      (page) =>
        listOrNone(page.items, (items) =>
          h(
            'ul',
            { class: 'flags' },
            items.map((f) => flagCard(f, session, load)),
          ),
        ),
    );
  pick.control.addEventListener('change', () => void load());
  await load();
  return consolePage(
    session,
    '/console/flags',
    t('console.flags'),
    h('p', {}, t('flags.intro')),
    pick.wrap,
    list,
    hasRole(session, 'approver') ? exportSection(session) : null,
  );
};
