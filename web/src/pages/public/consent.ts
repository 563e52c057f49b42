/**
 * The cadre's consent page (本人同意), reached by the one-time link of the consent message
 * (`/consent?clearance=…&token=…`). Informed consent: before any button, the page shows who asks
 * (the commission and how to reach it to check the message is genuine), the forms of clearance and
 * what each means (a public notice is published on the internet), the matters as they will be named,
 * and every document word for word. The answer carries the hash of what was shown, and asks for
 * confirmation first.
 *
 * The token leaves the address bar at once but stays in this tab's session storage, so a reload or a
 * change of language keeps the page; it is dropped once the answer is recorded.
 */
import { t, tEnum } from '../../i18n/index.ts';
import { type ApiError, api } from '../../lib/api.ts';
import { h, replace } from '../../lib/dom.ts';
import { field, statusLine, textarea } from '../../lib/form.ts';
import { paragraphs } from '../../lib/parts.ts';
import type { ConsentPreview } from '../../lib/responses.ts';
import type { RouteContext } from '../../lib/router.ts';

const storageKey = (clearanceId: string) => `consent-token:${clearanceId}`;

/** The token from the link (kept for this tab), or the one kept from an earlier load. */
const tokenFor = (clearanceId: string, fromLink: string | null): string => {
  try {
    if (fromLink) sessionStorage.setItem(storageKey(clearanceId), fromLink);
    return sessionStorage.getItem(storageKey(clearanceId)) ?? fromLink ?? '';
  } catch {
    return fromLink ?? '';
  }
};

const forget = (clearanceId: string) => {
  try {
    sessionStorage.removeItem(storageKey(clearanceId));
  } catch {
    // Storage refused (private mode): nothing was kept.
  }
};

/** What the cadre agrees to, in full. */
const contentSection = (p: ConsentPreview) =>
  h(
    'div',
    { id: 'consent-content' },
    h(
      'p',
      { class: 'issuer', id: 'consent-commission' },
      t('consent.from', { commission: p.commission.name, contact: p.contact }),
    ),
    h('h2', {}, t('consent.forms')),
    h(
      'ul',
      { id: 'consent-methods' },
      p.methods.map((m) => h('li', {}, h('strong', {}, tEnum('method', m)), ' — ', t(`consent.means.${m}`))),
    ),
    p.public ? h('p', { class: 'warning', id: 'consent-public' }, t('consent.publicWarning')) : null,
    h('h2', {}, t('consent.matters')),
    h(
      'ol',
      { id: 'consent-allegations' },
      p.allegations.map((a) => h('li', {}, a.publicSummary)),
    ),
    h('h2', {}, t('consent.documents')),
    ...p.documents.map((d, i) =>
      h(
        'section',
        { class: 'notice-text card', id: `consent-document-${i}`, 'data-method': d.method },
        h('h3', {}, tEnum('method', d.method)),
        // The Chinese text is the one issued; the English is a reading aid.
        paragraphs(d.text.zh),
        document.documentElement.lang === 'en' ? h('div', { class: 'muted' }, paragraphs(d.text.en)) : null,
      ),
    ),
  );

/** The answer, in two steps: choose, then confirm what the choice does. */
const answerSection = (clearanceId: string, token: string, preview: ConsentPreview) => {
  const comment = field(t('consent.comment'), textarea({ maxlength: 1000 }));
  const status = statusLine('assertive');
  const actions = h('div', { class: 'actions' });
  const send = async (consent: boolean) => {
    status.textContent = t('report.sending');
    actions.querySelectorAll('button').forEach((b) => {
      b.disabled = true;
    });
    try {
      const text = comment.control.value.trim();
      await api('POST', `/clearances/${encodeURIComponent(clearanceId)}/consent`, {
        body: { token, consent, contentHash: preview.contentHash, ...(text ? { comment: text } : {}) },
      });
      forget(clearanceId);
      replace(actions);
      comment.control.disabled = true;
      status.textContent = consent ? t('consent.thanksYes') : t('consent.thanksNo');
    } catch (error) {
      const code = (error as ApiError).code;
      status.textContent =
        code === 'CONSENT_CONTENT_CHANGED'
          ? t('consent.changed')
          : (error as ApiError).status === 403
            ? t('consent.invalid')
            : t('error.generic');
      choose();
    }
  };
  const confirmStep = (consent: boolean) =>
    replace(
      actions,
      h(
        'p',
        { class: 'confirm', id: 'consent-confirm-text' },
        t(consent ? 'consent.confirmYes' : 'consent.confirmNo'),
      ),
      h(
        'button',
        { type: 'button', id: 'consent-confirm', onclick: () => void send(consent) },
        t('consent.confirm'),
      ),
      h(
        'button',
        { type: 'button', class: 'secondary', id: 'consent-back', onclick: () => choose() },
        t('consent.back'),
      ),
    );
  const choose = () =>
    replace(
      actions,
      h('button', { type: 'button', id: 'consent-yes', onclick: () => confirmStep(true) }, t('consent.yes')),
      h(
        'button',
        { type: 'button', class: 'secondary', id: 'consent-no', onclick: () => confirmStep(false) },
        t('consent.no'),
      ),
    );
  choose();
  return h('div', {}, comment.wrap, actions, status);
};

export const consentPage = async ({ query }: RouteContext) => {
  const clearanceId = query.get('clearance') ?? '';
  const token = tokenFor(clearanceId, query.get('token'));
  if (query.get('token'))
    history.replaceState(null, '', `/consent?clearance=${encodeURIComponent(clearanceId)}`);
  const page = h('div', { class: 'page' }, h('h1', { tabindex: -1 }, t('consent.title')));
  const invalid = () => h('p', { class: 'warning', id: 'consent-invalid' }, t('consent.invalid'));
  if (!token || !clearanceId) {
    page.append(invalid());
    return page;
  }
  try {
    const preview = await api<ConsentPreview>(
      'POST',
      `/clearances/${encodeURIComponent(clearanceId)}/consent/preview`,
      { body: { token } },
    );
    page.append(
      h('p', {}, t('consent.intro', { name: preview.cadre.name })),
      contentSection(preview),
      answerSection(clearanceId, token, preview),
    );
  } catch (error) {
    if ((error as ApiError).status === 403) forget(clearanceId);
    page.append(
      (error as ApiError).status === 403 ? invalid() : h('p', { class: 'warning' }, t('error.generic')),
    );
  }
  return page;
};
