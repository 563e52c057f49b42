/**
 * The clue page's tools beside its actions: checking the audit trail (approver, auditor), linking
 * the clue to a cadre in the registry (intake, approver), and opening a real-name reporter's
 * identity for a stated reason (approver). Each is its own section, a function of the clue and the
 * session, as the rest of the page.
 */
import { t } from '../../../i18n/index.ts';
import { api } from '../../../lib/api.ts';
import { askToConfirm } from '../../../lib/confirm.ts';
import { h, replace } from '../../../lib/dom.ts';
import { field, input, statusLine, textarea } from '../../../lib/form.ts';
import type { ChainVerification, ClueDetail, ReporterIdentity } from '../../../lib/responses.ts';
import { hasRole } from '../../../lib/session.ts';
import { errorText } from '../shared.ts';
import type { CluePageContext } from './actions.ts';

const clueUrl = (clue: ClueDetail, rest = '') => `/clues/${encodeURIComponent(clue.clueId)}${rest}`;

/** The verdict in words: intact with its length, or where it breaks and how. */
const verdict = (v: ChainVerification) =>
  v.valid
    ? h(
        'p',
        { class: 'chain-ok', id: 'chain-verdict', 'data-valid': 'true' },
        t('audit.intact', { entries: v.entries }),
      )
    : h(
        'div',
        { class: 'chain-broken', id: 'chain-verdict', 'data-valid': 'false', role: 'alert' },
        h('p', {}, t('audit.broken', { seq: v.brokenAt ?? '?', entries: v.entries })),
        v.problem ? h('p', {}, t('audit.problem', { problem: v.problem })) : null,
        h('p', { class: 'muted' }, t('audit.brokenWhat')),
      );

/** 核验审计链: asks the API to check the chain of MACs and says what it found. */
export const auditSection = (clue: ClueDetail, page: CluePageContext) => {
  if (!hasRole(page.session, 'approver', 'auditor')) return null;
  const result = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'secondary', id: 'verify-history' }, t('audit.verify'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    replace(result, h('p', { class: 'muted' }, t('audit.checking')));
    try {
      const v = await api<ChainVerification>('GET', clueUrl(clue, '/history/verify'), {
        token: page.session.token,
      });
      replace(result, verdict(v));
    } catch (error) {
      replace(result, h('p', { role: 'alert' }, errorText(error)));
    }
    button.disabled = false;
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'audit-title' },
    h('h2', { id: 'audit-title' }, t('audit.title')),
    h('p', { class: 'hint' }, t('audit.hint')),
    h('div', { class: 'actions' }, button),
    result,
  );
};

/** Links the clue to a cadre of the registry by the cadre's number; the page redraws the clue. */
export const cadreLinkSection = (clue: ClueDetail, page: CluePageContext) => {
  const linked = clue.cadreId
    ? h(
        'p',
        { id: 'linked-cadre' },
        t('cadreLink.linked'),
        ' ',
        h('a', { href: `/console/cadres/${encodeURIComponent(clue.cadreId)}` }, clue.cadreId),
      )
    : h('p', { class: 'muted', id: 'linked-cadre' }, t('cadreLink.none'));
  if (!hasRole(page.session, 'intake', 'approver')) return clue.cadreId ? linked : null;
  const cadreId = field(
    t('cadreLink.cadreId'),
    input({ name: 'cadre-id', maxlength: 100, id: 'link-cadre-id' }),
    {
      required: true,
      hint: t('cadreLink.hint'),
    },
  );
  const status = statusLine('assertive');
  const form = h(
    'form',
    { novalidate: true, id: 'link-cadre-form' },
    cadreId.wrap,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('cadreLink.link'))),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    cadreId.setError();
    const id = cadreId.control.value.trim();
    if (!id) return cadreId.setError(t('validation.required'));
    try {
      const updated = await api<ClueDetail>('POST', clueUrl(clue, '/cadre'), {
        token: page.session.token,
        body: { cadreId: id, expectedVersion: clue.version },
      });
      page.show(
        updated,
        h('p', { class: 'status ok', role: 'status', id: 'cadre-linked', tabindex: -1 }, t('cadreLink.done')),
      );
    } catch (error) {
      status.textContent = errorText(error);
    }
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'cadre-link-title' },
    h('h2', { id: 'cadre-link-title' }, t('cadreLink.title')),
    linked,
    form,
  );
};

/** The identity as opened, shown once: closing it forgets it and shows the clue with the record. */
const identityCard = (identity: ReporterIdentity, page: CluePageContext) => {
  const rows: [string, string | undefined][] = [
    [t('identity.name'), identity.name],
    [t('identity.idNumber'), identity.idNumber],
    [t('identity.phone'), identity.phone],
    [t('identity.email'), identity.email],
  ];
  const close = h('button', { type: 'button', id: 'close-identity' }, t('identity.close'));
  const card = h(
    'section',
    { class: 'card identity-once', id: 'opened-identity', 'aria-labelledby': 'identity-once-title' },
    h(
      'h3',
      { id: 'identity-once-title', tabindex: -1 },
      t('identity.openedTitle', { report: identity.reportId }),
    ),
    h('p', { class: 'hint' }, t('identity.onceHint')),
    h(
      'dl',
      { class: 'meta' },
      rows.filter(([, v]) => v).map(([label, v]) => [h('dt', {}, label), h('dd', {}, v as string)]),
    ),
    rows.some(([, v]) => v) ? null : h('p', {}, t('identity.nothing')),
    h('div', { class: 'actions' }, close),
  );
  close.addEventListener('click', async () => {
    card.remove();
    page.show(
      await page.load(),
      h('p', { class: 'status ok', role: 'status', tabindex: -1 }, t('identity.closed')),
    );
  });
  return card;
};

/** A reason, then the confirmation step that says what opening does, then the identity once. */
const openForm = (clue: ClueDetail, reportId: string, page: CluePageContext, slot: HTMLElement) => {
  const reason = field(
    t('identity.reason'),
    textarea({ maxlength: 1000, name: 'identity-reason', rows: 3 }),
    {
      required: true,
      hint: t('identity.reasonHint'),
    },
  );
  const next = h('button', { type: 'submit', id: 'identity-continue' }, t('identity.continue'));
  const confirmSlot = h('div');
  const form = h(
    'form',
    { novalidate: true, class: 'card', id: 'identity-form', 'data-report': reportId },
    h('h3', { tabindex: -1 }, t('identity.formTitle', { report: reportId })),
    reason.wrap,
    h('div', { class: 'actions' }, next),
    confirmSlot,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    reason.setError();
    const text = reason.control.value.trim();
    if (!text) {
      reason.setError(t('validation.required'));
      reason.control.focus();
      return;
    }
    askToConfirm(
      confirmSlot,
      {
        title: t('identity.confirmTitle'),
        consequences: [t('identity.willRecord'), t('identity.willCount'), t('identity.willShowOnce')],
        confirm: t('identity.confirm'),
        run: async () => {
          const identity = await api<ReporterIdentity>(
            'POST',
            clueUrl(clue, `/reports/${encodeURIComponent(reportId)}/identity`),
            { token: page.session.token, body: { reason: text } },
          );
          replace(slot, identityCard(identity, page));
          (slot.querySelector('h3') as HTMLElement).focus();
        },
        failed: errorText,
      },
      next,
    );
  });
  return form;
};

/** 调阅举报人身份: for each real-name report of the clue, by an approver only. */
export const identitySection = (clue: ClueDetail, page: CluePageContext) => {
  if (!hasRole(page.session, 'approver')) return null;
  const realName = clue.reports.filter((r) => r.reporterKind === 'REAL_NAME');
  if (!realName.length) return null;
  const slot = h('div', { id: 'identity-panel' });
  const open = (reportId: string) => {
    const form = openForm(clue, reportId, page, slot);
    replace(slot, form);
    (form.querySelector('h3') as HTMLElement).focus();
  };
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'identity-title' },
    h('h2', { id: 'identity-title' }, t('identity.title')),
    h('p', { class: 'hint' }, t('identity.hint')),
    h(
      'div',
      { class: 'actions', id: 'identity-reports' },
      realName.map((r) =>
        h(
          'button',
          { type: 'button', class: 'secondary', 'data-report': r.reportId, onclick: () => open(r.reportId) },
          t('identity.open', { report: r.reportId }),
        ),
      ),
    ),
    slot,
  );
};
