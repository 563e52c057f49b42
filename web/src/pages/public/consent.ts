/**
 * The cadre's consent page, reached by the one-time link of the consent message
 * (`/consent?clearance=…&token=…`). The token is read once and taken out of the address bar.
 */
import { t } from '../../i18n/index.ts';
import { type ApiError, api } from '../../lib/api.ts';
import { h } from '../../lib/dom.ts';
import { field, statusLine, textarea } from '../../lib/form.ts';
import type { RouteContext } from '../../lib/router.ts';

export const consentPage = ({ query }: RouteContext) => {
  const clearanceId = query.get('clearance') ?? '';
  const token = query.get('token') ?? '';
  if (token) history.replaceState(null, '', `/consent?clearance=${encodeURIComponent(clearanceId)}`);
  const comment = field(t('consent.comment'), textarea({ maxlength: 1000 }));
  const status = statusLine('assertive');
  const send = async (consent: boolean) => {
    status.textContent = t('report.sending');
    try {
      await api('POST', `/clearances/${encodeURIComponent(clearanceId)}/consent`, {
        body: {
          token,
          consent,
          ...(comment.control.value.trim() ? { comment: comment.control.value.trim() } : {}),
        },
      });
      status.textContent = consent ? t('consent.thanksYes') : t('consent.thanksNo');
      for (const b of buttons) b.disabled = true;
    } catch (error) {
      status.textContent = (error as ApiError).status === 403 ? t('consent.invalid') : t('error.generic');
    }
  };
  const buttons = [
    h('button', { type: 'button', id: 'consent-yes', onclick: () => void send(true) }, t('consent.yes')),
    h(
      'button',
      { type: 'button', class: 'secondary', id: 'consent-no', onclick: () => void send(false) },
      t('consent.no'),
    ),
  ];
  return h(
    'div',
    { class: 'page' },
    h('h1', { tabindex: -1 }, t('consent.title')),
    h('p', {}, t('consent.intro')),
    !token ? h('p', { class: 'warning' }, t('consent.invalid')) : null,
    comment.wrap,
    h('div', { class: 'actions' }, ...buttons),
    status,
  );
};
