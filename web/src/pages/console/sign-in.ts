/**
 * Staff sign-in. Locally, demo users for each role (POST /local/sign-in, which exists only in the
 * local runtime). In the cloud, the Cognito user pool by SRP, with the pool and client ids read
 * from the config.json that the CDK deploys beside the pages.
 */
import { t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { siteConfig } from '../../lib/config.ts';
import { h } from '../../lib/dom.ts';
import { field, input, statusLine } from '../../lib/form.ts';
import { navigate, type RouteContext } from '../../lib/router.ts';
import { saveSession, sessionFromToken } from '../../lib/session.ts';
import { errorText } from './shared.ts';

const done = (token: string, next: string) => {
  saveSession(sessionFromToken(token));
  navigate(next.startsWith('/console') ? next : '/console', { replace: true });
};

export const signInPage = async ({ query }: RouteContext) => {
  const next = query.get('next') ?? '/console';
  const cfg = siteConfig();
  const status = statusLine('assertive');
  if (cfg.auth === 'local') {
    return h(
      'div',
      { class: 'page' },
      h('h1', { tabindex: -1 }, t('signIn.title')),
      h('p', {}, t('signIn.localIntro')),
      h(
        'ul',
        { class: 'demo-users' },
        cfg.demoUsers.map((u) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                'data-user': u.userId,
                onclick: async () => {
                  try {
                    const { token } = await api<{ token: string }>('POST', '/local/sign-in', {
                      body: { userId: u.userId },
                    });
                    done(token, next);
                  } catch (error) {
                    status.textContent = errorText(error);
                  }
                },
              },
              t('signIn.as', { user: u.userId, role: tEnum('role', u.role) }),
            ),
          ),
        ),
      ),
      status,
    );
  }
  const username = field(t('signIn.username'), input({ autocomplete: 'username' }), { required: true });
  const password = field(
    t('signIn.password'),
    input({ type: 'password', autocomplete: 'current-password' }),
    { required: true },
  );
  const code = field(
    t('signIn.mfa'),
    input({ inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6 }),
  );
  code.wrap.hidden = true;
  let pending: ((code: string) => Promise<string>) | undefined;
  const form = h(
    'form',
    { novalidate: true },
    username.wrap,
    password.wrap,
    code.wrap,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('signIn.submit'))),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = '';
    try {
      const { signInWithSrp } = await import('../../lib/cognito.ts');
      if (pending) return done(await pending(code.control.value.trim()), next);
      const result = await signInWithSrp(cfg, username.control.value.trim(), password.control.value);
      if (result.kind === 'token') return done(result.idToken, next);
      pending = result.answer;
      code.wrap.hidden = false;
      code.control.focus();
      status.textContent = t('signIn.mfaNeeded');
    } catch (error) {
      status.textContent = error instanceof Error && error.message ? error.message : t('signIn.failed');
    }
  });
  return h(
    'div',
    { class: 'page' },
    h('h1', { tabindex: -1 }, t('signIn.title')),
    h('p', {}, t('signIn.cloudIntro')),
    form,
  );
};
