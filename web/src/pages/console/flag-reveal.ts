/**
 * Opening the identity behind a confirmed FABRICATION flag, for referral (移送): an approver gives
 * the reason, confirms after reading what the opening does, and sees the identity once, in this
 * panel only; closing the panel forgets it.
 */
import { t } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { askToConfirm } from '../../lib/confirm.ts';
import { h, replace } from '../../lib/dom.ts';
import { field, textarea } from '../../lib/form.ts';
import type { AccuserFlag, FlagIdentity } from '../../lib/responses.ts';
import type { Session } from '../../lib/session.ts';
import { errorText } from './shared.ts';

const identityView = (identity: FlagIdentity, close: () => void) => {
  const rows: [string, string | undefined][] = [
    [t('identity.name'), identity.name],
    [t('identity.idNumber'), identity.idNumber],
    [t('identity.phone'), identity.phone],
    [t('identity.email'), identity.email],
  ];
  return h(
    'div',
    { class: 'card identity-once', 'data-identity': identity.flagId },
    h(
      'h4',
      { tabindex: -1 },
      t('flagReveal.openedTitle', { ref: identity.reporterRef, report: identity.reportId }),
    ),
    h('p', { class: 'hint' }, t('identity.onceHint')),
    h(
      'dl',
      { class: 'meta' },
      rows.filter(([, v]) => v).map(([label, v]) => [h('dt', {}, label), h('dd', {}, v as string)]),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'close-identity', onclick: close }, t('identity.close')),
    ),
  );
};

export const revealPanel = (flag: AccuserFlag, session: Session) => {
  const reason = field(
    t('flagReveal.reason'),
    textarea({ maxlength: 1000, name: `reveal-reason-${flag.flagId}`, rows: 3 }),
    { required: true, hint: t('flagReveal.reasonHint') },
  );
  const shown = h('div');
  const next = h(
    'button',
    { type: 'button', class: 'secondary', 'data-reveal': flag.flagId },
    t('identity.continue'),
  );
  // A button that opens the form (not a <details>: the card's one <summary> is the contest's).
  const form = h(
    'div',
    { class: 'reveal-form', hidden: true },
    reason.wrap,
    h('div', { class: 'actions' }, next),
    shown,
  );
  const start = h(
    'button',
    { type: 'button', class: 'secondary', 'data-reveal-open': flag.flagId, 'aria-expanded': 'false' },
    t('flagReveal.title'),
  );
  start.addEventListener('click', () => {
    form.hidden = !form.hidden;
    start.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) reason.control.focus();
  });
  const panel = h('div', { class: 'reveal' }, h('div', { class: 'actions' }, start), form);
  next.addEventListener('click', () => {
    reason.setError();
    const text = reason.control.value.trim();
    if (!text) {
      reason.setError(t('validation.required'));
      reason.control.focus();
      return;
    }
    askToConfirm(
      shown,
      {
        title: t('flagReveal.confirmTitle', { ref: flag.reporterRef }),
        consequences: [t('flagReveal.willRecord'), t('identity.willCount'), t('identity.willShowOnce')],
        confirm: t('identity.confirm'),
        run: async () => {
          const identity = await api<FlagIdentity>(
            'POST',
            `/accuser-flags/${encodeURIComponent(flag.flagId)}/identity`,
            {
              token: session.token,
              body: { reason: text },
            },
          );
          reason.control.value = '';
          replace(
            shown,
            identityView(identity, () => replace(shown)),
          );
          (shown.querySelector('h4') as HTMLElement).focus();
        },
        failed: errorText,
      },
      next,
    );
  });
  return panel;
};
