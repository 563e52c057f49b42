/**
 * Staff sign-in: one button that sends the browser to the authorization server of config.json
 * (Cognito's managed login in the cloud, where the password, the one-time code, resets and lockout
 * are Cognito's; locally the runtime's stand-in, which lists the demo users), and the callback page
 * that finishes the authorization-code flow. Both run the same code locally and in the cloud.
 */
import { t } from '../../i18n/index.ts';
import { siteConfig } from '../../lib/config.ts';
import { h } from '../../lib/dom.ts';
import { statusLine } from '../../lib/form.ts';
import { navigate, type RouteContext } from '../../lib/router.ts';
import { saveSession, sessionFromToken } from '../../lib/session.ts';

/** Only console pages are a place to return to: never another origin or a public page. */
const consolePath = (next: string | null | undefined) =>
  next && /^\/console(\/|$)/.test(next) && !next.startsWith('/console/callback') ? next : '/console';

const signInButton = (next: string, status: HTMLElement, label = t('signIn.submit')) =>
  h(
    'button',
    {
      type: 'button',
      id: 'start-sign-in',
      onclick: async () => {
        const cfg = siteConfig().signIn;
        status.textContent = '';
        try {
          if (!cfg) throw new Error('config.json names no sign-in');
          const { startSignIn } = await import('../../lib/sign-in.ts');
          await startSignIn(cfg, next);
        } catch {
          status.textContent = t('signIn.failed');
        }
      },
    },
    label,
  );

export const signInPage = ({ query }: RouteContext) => {
  const status = statusLine('assertive');
  return h(
    'div',
    { class: 'page' },
    h('h1', { tabindex: -1 }, t('signIn.title')),
    h('p', {}, t(siteConfig().demo ? 'signIn.localIntro' : 'signIn.cloudIntro')),
    h('div', { class: 'actions' }, signInButton(consolePath(query.get('next')), status)),
    status,
  );
};

export const signInCallbackPage = async ({ query }: RouteContext) => {
  const cfg = siteConfig().signIn;
  // Rendered again (a language switch) after the code has left the address bar: nothing to finish.
  if (!cfg || (!query.has('code') && !query.has('error'))) {
    navigate('/console', { replace: true });
    return h('div', { class: 'page' });
  }
  const returned = new URL(window.location.href);
  // The code is single-use and short-lived, but it still has no business in the history.
  history.replaceState(null, '', '/console/callback');
  const status = statusLine('assertive');
  try {
    const { finishSignIn } = await import('../../lib/sign-in.ts');
    const { accessToken, next } = await finishSignIn(cfg, returned);
    saveSession(sessionFromToken(accessToken));
    navigate(consolePath(next), { replace: true });
    return h(
      'div',
      { class: 'page' },
      h('h1', { tabindex: -1 }, t('signIn.title')),
      h('p', {}, t('signIn.done')),
    );
  } catch (error) {
    status.textContent = `${t('signIn.failed')}${error instanceof Error && error.message ? ` (${error.message})` : ''}`;
    return h(
      'div',
      { class: 'page' },
      h('h1', { tabindex: -1 }, t('signIn.title')),
      status,
      h('div', { class: 'actions' }, signInButton('/console', status, t('signIn.again'))),
    );
  }
};
