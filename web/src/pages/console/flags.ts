/**
 * Accuser flags: the list by status, each with its evidence and steps; an approver confirms or
 * dismisses with a reason; a contest is recorded and sends the flag back to review; confirmed
 * FABRICATION flags export for a credit system. Only pseudonyms (reporterRef) are ever shown. The
 * list is the member's commission's flags; the findings of other commissions a flag also rests on
 * are shown apart, by reference only (commission, finding, date, case number): no link to open.
 */
import { lang, t, tEnum } from '../../i18n/index.ts';
import { api, apiUrl } from '../../lib/api.ts';
import { askToConfirm } from '../../lib/confirm.ts';
import { formatDate, formatDay, h } from '../../lib/dom.ts';
import { type Field, field, statusLine, textarea } from '../../lib/form.ts';
import type { AccuserFlag, AccuserFlagList } from '../../lib/responses.ts';
import type { RouteContext } from '../../lib/router.ts';
import { hasRole, type Session } from '../../lib/session.ts';
import { identityBadge } from './clue/identity-form.ts';
import { revealPanel } from './flag-reveal.ts';
import {
  consolePage,
  cursorParam,
  errorText,
  fillPaged,
  listOrNone,
  requireSession,
  statusPicker,
} from './shared.ts';

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

type Evidence = AccuserFlag['evidence'][number];
type OwnEvidence = Exclude<Evidence, { byReference: true }>;
type EvidenceReference = Extract<Evidence, { byReference: true }>;
const isReference = (e: Evidence): e is EvidenceReference => 'byReference' in e && e.byReference === true;
const isOwn = (e: Evidence): e is OwnEvidence => !isReference(e);

/**
 * Another commission's finding: its name, the finding, the date and its case number there. Nothing
 * to open: the report is that commission's case.
 */
const referenceItem = (e: EvidenceReference) =>
  h(
    'li',
    { 'data-reference': e.commission.commissionId },
    `${e.commission.name} · ${tEnum('finding', e.finding)} · ${formatDay(e.concludedAt, lang())}`,
    e.caseNumber ? ` · ${e.caseNumber}` : '',
    ' ',
    identityBadge(e.identityStatus),
  );

/** Other commissions' findings, apart from the flag's own and labelled as references only. */
const referencesOf = (flag: AccuserFlag) => {
  const references = flag.evidence.filter(isReference);
  if (!references.length) return null;
  return h(
    'section',
    { class: 'evidence-references', 'data-references': String(references.length) },
    h('h4', {}, t('flags.references')),
    h('p', { class: 'hint' }, t('flags.referencesHint')),
    h('ul', {}, references.map(referenceItem)),
  );
};

/**
 * A FABRICATION flag is confirmed only on reports staff verified (409 IDENTITY_UNVERIFIED): say
 * which are missing, each with a link to its clue, where the verification is recorded (another
 * commission's report only by reference: that commission verifies it).
 */
const unverifiedNotice = (flag: AccuserFlag) => {
  if (flag.level !== 'FABRICATION' || flag.status !== 'PROPOSED') return null;
  const missing = flag.evidence.filter(isOwn).filter((e) => e.identityStatus !== 'STAFF_VERIFIED');
  const elsewhere = flag.evidence.filter(isReference).filter((e) => e.identityStatus !== 'STAFF_VERIFIED');
  if (!missing.length && !elsewhere.length) return null;
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
      elsewhere.map((e) =>
        h(
          'li',
          {},
          `${e.commission.name}${e.caseNumber ? ` ${e.caseNumber}` : ''} · ${t('flags.verifyElsewhere')}`,
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
    h('span', { class: 'badge warn', 'data-level': flag.level }, tEnum('flagLevel', flag.level)),
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
    flag.evidence
      .filter(isOwn)
      .map((e) =>
        h(
          'li',
          {},
          h('a', { href: `/console/clues/${encodeURIComponent(e.clueId)}` }, e.clueId),
          ` · ${e.reportId} · ${tEnum('finding', e.finding)} · ${formatDay(e.concludedAt, lang())} `,
          identityBadge(e.identityStatus),
        ),
      ),
  ),
  referencesOf(flag),
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

/** True when `text` is filled in; otherwise says so beside it and moves there. */
const filledIn = (text: Field) => {
  text.setError();
  if (text.control.value.trim()) return true;
  text.setError(t('validation.required'));
  text.control.focus();
  return false;
};

/** Posts what the filled-in `text` makes to the flag's `step`, then reloads the list. */
const flagStep =
  (flag: AccuserFlag, session: Session, reload: () => Promise<void>, status: HTMLElement) =>
  async (step: 'decision' | 'contest', text: Field, body: (text: string) => Record<string, unknown>) => {
    if (!filledIn(text)) return;
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
    send('decision', reason, (text) => ({ decision, reason: text, expectedVersion: flag.version }));
  // Confirming is the step that counts against the person: it asks first, saying what follows.
  const confirmSlot = h('div');
  const confirmButton = h('button', { type: 'button', 'data-decision': 'CONFIRM' }, t('flags.confirm'));
  confirmButton.addEventListener('click', () => {
    if (!filledIn(reason)) return;
    askToConfirm(
      confirmSlot,
      {
        title: t('flags.confirmTitle', { level: tEnum('flagLevel', flag.level) }),
        consequences: confirmConsequences(flag),
        confirm: t('flags.confirmYes'),
        run: () => decide('CONFIRM'),
        failed: errorText,
      },
      confirmButton,
    );
  });
  return h(
    'div',
    { class: 'decision' },
    reason.wrap,
    h(
      'div',
      { class: 'actions' },
      confirmButton,
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
    confirmSlot,
  );
};

/** What confirming this flag does, by its level. */
const confirmConsequences = (flag: AccuserFlag) => [
  t('flags.willRecord'),
  flag.level === 'FABRICATION' ? t('flags.willExport') : t('flags.willNotExport'),
  t('flags.willShow', { level: tEnum('flagLevel', flag.level) }),
  t('flags.willExpire'),
];

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
    hasRole(session, 'approver') && flag.status === 'CONFIRMED' && flag.level === 'FABRICATION'
      ? revealPanel(flag, session)
      : null,
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

/** As shared/domain/flag-policy.ts names them (that module hashes with node:crypto, so not imported here). */
const flagLevels = ['WATCH', 'REPEATED_UNTRUE', 'FABRICATION'] as const;

/** The three levels, each by its own name and what it means: 关注, 多次不实, 诬告陷害. */
const levelLegend = () =>
  h(
    'section',
    { 'aria-labelledby': 'flag-levels-title' },
    h('h2', { id: 'flag-levels-title' }, t('flags.levels')),
    h(
      'dl',
      { class: 'meta', id: 'flag-levels' },
      flagLevels.map((level) => [
        h('dt', {}, h('span', { class: 'badge warn', 'data-level': level }, tEnum('flagLevel', level))),
        h('dd', {}, tEnum('flagLevelHint', level)),
      ]),
    ),
  );

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
    fillPaged(
      list,
      'flag-list',
      (cursor) =>
        api<AccuserFlagList>(
          'GET',
          `/accuser-flags?status=${pick.control.value}&limit=50${cursorParam(cursor)}`,
          {
            token: session.token,
          },
        ),
      (shown) =>
        listOrNone(shown, (items) =>
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
    levelLegend(),
    pick.wrap,
    list,
    hasRole(session, 'approver') ? exportSection(session) : null,
  );
};
