/**
 * 正名 Zhengming: the public portal and the commission console, one small static build. The page
 * frame (header, navigation, language switch) stays; each route renders into <main>.
 */
import './style.css';
import { lang, setLang, t } from './i18n/index.ts';
import { adoptCommissionFromAddress, currentCommission, loadCommissions } from './lib/commission.ts';
import { loadSiteConfig, siteConfig } from './lib/config.ts';
import { h, replace } from './lib/dom.ts';
import { renderCurrent, route, startRouter } from './lib/router.ts';
import { currentSession } from './lib/session.ts';
import { cadrePage, cadresPage } from './pages/console/cadres.ts';
import { clearancePage, clearancesPage } from './pages/console/clearances.ts';
import { cluePage } from './pages/console/clue.ts';
import { dashboardPage } from './pages/console/dashboard.ts';
import { flagsPage } from './pages/console/flags.ts';
import { followUpsPage } from './pages/console/follow-ups.ts';
import { counterIntakePage } from './pages/console/intake.ts';
import { objectionsPage } from './pages/console/objections.ts';
import { queuePage } from './pages/console/queue.ts';
import { readsPage } from './pages/console/reads.ts';
import { searchPage } from './pages/console/search.ts';
import { signInCallbackPage, signInPage } from './pages/console/sign-in.ts';
import { boardPage, noticePage, offlinePage } from './pages/public/board.ts';
import { consentPage } from './pages/public/consent.ts';
import { followPage } from './pages/public/follow.ts';
import { homePage } from './pages/public/home.ts';
import { reportPage } from './pages/public/report.ts';
import { statsPage } from './pages/public/stats.ts';

const app = document.getElementById('app') as HTMLElement;
const main = h('main', { id: 'main', tabindex: -1 });

/** Whose portal this is: the visitor's commission (lib/commission.ts), else the configured name. */
const commissionName = () => currentCommission()?.name ?? siteConfig().commissionName;

const header = () => {
  const path = window.location.pathname;
  const link = (href: string, key: Parameters<typeof t>[0]) => {
    const current = href === '/' ? path === '/' : path.startsWith(href);
    return h('li', {}, h('a', { href, ...(current ? { 'aria-current': 'page' } : {}) }, t(key)));
  };
  const other = lang() === 'en' ? 'zh-CN' : 'en';
  return h(
    'header',
    { class: 'site-header' },
    h(
      'div',
      { class: 'brand' },
      h(
        'a',
        { href: '/' },
        h('span', { class: 'logo', 'aria-hidden': 'true' }, '正名'),
        h('span', {}, t('site.name')),
      ),
      commissionName()
        ? h('span', { class: 'brand-commission', id: 'brand-commission' }, commissionName())
        : null,
    ),
    h(
      'nav',
      { 'aria-label': t('nav.label') },
      h(
        'ul',
        {},
        link('/report', 'nav.report'),
        link('/follow', 'nav.follow'),
        link('/board', 'nav.board'),
        link('/statistics', 'nav.stats'),
        link('/console', currentSession() ? 'nav.console' : 'nav.staff'),
      ),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'lang-switch',
        id: 'lang-switch',
        lang: other,
        'aria-label': t('lang.switchLabel'),
        onclick: () => {
          setLang(other);
          document.title = t('site.title');
          void renderCurrent();
        },
      },
      t('lang.other'),
    ),
  );
};

const footer = () => {
  const name = commissionName();
  const contact = currentCommission()?.contact;
  return h(
    'footer',
    { class: 'site-footer' },
    h(
      'div',
      { class: 'portal-commission', id: 'portal-commission' },
      name ? h('p', {}, t('footer.commission', { name })) : null,
      contact ? h('p', {}, t('footer.contact', { contact })) : null,
      h('p', { id: 'national-line' }, t('footer.national')),
    ),
    h('p', {}, t('footer.protection')),
    h('p', {}, h('a', { href: '/verify-offline' }, t('board.offlineLink'))),
  );
};

let firstRender = true;
const show = (node: Node) => {
  // A link that names the commission (`?c=`) makes it the visitor's for the visit.
  adoptCommissionFromAddress();
  replace(main, node);
  replace(app, header(), main, footer());
  document.title = `${(main.querySelector('h1')?.textContent ?? '').trim()} · ${t('site.name')}`;
  // Move focus to the new page's heading so keyboard and screen-reader users land on it.
  if (!firstRender) (main.querySelector('h1') as HTMLElement | null)?.focus();
  firstRender = false;
};

const guarded =
  (render: Parameters<typeof route>[1]): Parameters<typeof route>[1] =>
  async (context) => {
    try {
      return await render(context);
    } catch {
      return h(
        'div',
        { class: 'page' },
        h('h1', { tabindex: -1 }, t('error.title')),
        h('p', { role: 'alert' }, t('error.generic')),
      );
    }
  };

document.documentElement.lang = lang();
route('/', guarded(homePage));
route('/report', guarded(reportPage));
route('/follow', guarded(followPage));
route('/board', guarded(boardPage));
route('/board/:noticeId', guarded(noticePage));
route('/verify-offline', guarded(offlinePage));
route('/statistics', guarded(statsPage));
route('/consent', guarded(consentPage));
route('/console/sign-in', guarded(signInPage));
route('/console/callback', guarded(signInCallbackPage));
route('/console', guarded(queuePage));
route('/console/clues/:clueId', guarded(cluePage));
route('/console/clearances', guarded(clearancesPage));
route('/console/clearances/:clearanceId', guarded(clearancePage));
route('/console/flags', guarded(flagsPage));
route('/console/intake', guarded(counterIntakePage));
route('/console/objections', guarded(objectionsPage));
route('/console/dashboard', guarded(dashboardPage));
route('/console/cadres', guarded(cadresPage));
route('/console/cadres/:cadreId', guarded(cadrePage));
route('/console/follow-ups', guarded(followUpsPage));
route('/console/reads', guarded(readsPage));
route('/console/search', guarded(searchPage));
await loadSiteConfig();
// Before the first page: the frame names the commission, and the report form offers the choice.
await loadCommissions();
adoptCommissionFromAddress();
startRouter(show, () =>
  h(
    'div',
    { class: 'page' },
    h('h1', { tabindex: -1 }, t('error.notFoundTitle')),
    h('p', {}, h('a', { href: '/' }, t('error.home'))),
  ),
);
