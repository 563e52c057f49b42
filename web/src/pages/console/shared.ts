/** What every console page shares: the session guard, the sub-navigation and error display. */
import { t, tEnum } from '../../i18n/index.ts';
import { ApiError } from '../../lib/api.ts';
import { siteConfig } from '../../lib/config.ts';
import { type Child, h, replace } from '../../lib/dom.ts';
import { field, select } from '../../lib/form.ts';
import type { ReporterFlag } from '../../lib/responses.ts';
import { navigate } from '../../lib/router.ts';
import { currentSession, hasRole, type Session, signOut, signOutAddress } from '../../lib/session.ts';

export const requireSession = (): Session | undefined => {
  const session = currentSession();
  if (!session) {
    navigate(`/console/sign-in?next=${encodeURIComponent(window.location.pathname)}`, { replace: true });
    return undefined;
  }
  return session;
};

/**
 * A case number where one is shown (案件编号), the id kept in its title for support; an item stored
 * before numbers were drawn shows its id.
 */
export const caseLabel = (item: { caseNumber?: string | undefined }, id: string) =>
  h('span', { class: 'case-number', title: id, 'data-id': id }, item.caseNumber ?? id);

/** The search box of the console header: it opens the results page (search.ts). */
const searchBox = () => {
  const box = h('input', {
    type: 'search',
    id: 'console-search',
    name: 'q',
    maxlength: 200,
    required: true,
    placeholder: t('search.placeholder'),
    'aria-label': t('search.label'),
    value: new URLSearchParams(window.location.search).get('q') ?? '',
  });
  return h(
    'form',
    {
      role: 'search',
      class: 'console-search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const q = box.value.trim();
        if (q) navigate(`/console/search?q=${encodeURIComponent(q)}`);
      },
    },
    box,
    h('button', { type: 'submit', id: 'console-search-go' }, t('search.go')),
  );
};

export const consoleNav = (session: Session, current: string) => {
  const link = (href: string, key: Parameters<typeof t>[0], show = true) =>
    show
      ? h('li', {}, h('a', { href, ...(current === href ? { 'aria-current': 'page' } : {}) }, t(key)))
      : null;
  return h(
    'nav',
    { class: 'console-nav', 'aria-label': t('console.nav') },
    h(
      'ul',
      {},
      link('/console', 'console.queue'),
      link('/console/intake', 'console.intake', hasRole(session, 'intake')),
      link('/console/clearances', 'console.clearances'),
      link('/console/flags', 'console.flags', hasRole(session, 'approver', 'auditor')),
      link('/console/cadres', 'console.cadres', hasRole(session, 'intake', 'approver')),
      link(
        '/console/follow-ups',
        'console.followUps',
        hasRole(session, 'investigator', 'approver', 'auditor'),
      ),
      link('/console/objections', 'console.objections', hasRole(session, 'approver')),
      link('/console/dashboard', 'console.dashboard'),
      link('/console/reads', 'console.reads', hasRole(session, 'auditor')),
    ),
    searchBox(),
    h(
      'p',
      { class: 'who' },
      t('console.signedInAs', {
        user: session.userId,
        roles: session.roles.map((r) => tEnum('role', r)).join('、'),
      }),
      ' ',
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          id: 'sign-out',
          onclick: () => {
            signOut();
            const signIn = siteConfig().signIn;
            if (signIn) window.location.assign(signOutAddress(signIn));
            else navigate('/console/sign-in');
          },
        },
        t('console.signOut'),
      ),
    ),
  );
};

export const consolePage = (session: Session, current: string, title: string, ...children: (Node | null)[]) =>
  h(
    'div',
    { class: 'page console' },
    consoleNav(session, current),
    h('h1', { tabindex: -1 }, title),
    ...children,
  );

export const errorText = (error: unknown): string => {
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK') return t('error.network');
    if (error.code === 'UNAUTHENTICATED') {
      // The token expired or was refused: forget it, so the next page asks to sign in again.
      signOut();
      return t('console.expired');
    }
    if (error.code === 'FORBIDDEN') return `${t('console.forbidden')} ${error.message}`;
    if (error.code === 'INVALID_TRANSITION') return `${t('console.invalidTransition')} ${error.message}`;
    const details = error.details.map((d) => `${d.path ? `${d.path}: ` : ''}${d.message}`).join('; ');
    return details ? `${error.message} (${details})` : error.message;
  }
  return t('error.generic');
};

export const daysLeftText = (deadline?: { daysLeft: number; overdue: boolean }) => {
  if (!deadline) return '—';
  return deadline.overdue || deadline.daysLeft < 0
    ? t('console.overdueBy', { days: Math.abs(deadline.daysLeft) })
    : t('console.daysLeft', { days: deadline.daysLeft });
};

/** Fills `target` with what `view` makes of the answer to `request`, or with the error. */
export const fillFrom = async <T>(
  target: HTMLElement,
  request: () => Promise<T>,
  view: (answer: T) => Child,
) => {
  try {
    replace(target, view(await request()));
  } catch (error) {
    replace(target, h('p', { role: 'alert' }, errorText(error)));
  }
};

/** One page of a list as the API answers it (docs/api.md, "Lists"). */
export interface Page<T> {
  items: T[];
  nextCursor?: string | undefined;
}

/**
 * Fills `target` with a cursor-paged list: the first page, then 「加载更多」 reads the next one and
 * the rows already shown stay; a line says how many are shown and whether more follow. Every
 * console list reads through this, so none stops at its first page. `view` draws all rows so far.
 * A page may hold fewer rows than asked (a filter the index cannot key): the button stays while
 * there is a cursor.
 */
export const fillPaged = async <T>(
  target: HTMLElement,
  id: string,
  page: (cursor: string | undefined) => Promise<Page<T>>,
  view: (items: T[]) => Child,
) => {
  const shown: T[] = [];
  const rows = h('div', {});
  const count = h('p', { class: 'muted list-count', role: 'status', id: `${id}-count` });
  const more = h(
    'button',
    { type: 'button', class: 'secondary', id: `${id}-more`, hidden: true },
    t('list.more'),
  );
  let cursor: string | undefined;
  const load = async () => {
    more.disabled = true;
    try {
      const answer = await page(cursor);
      shown.push(...answer.items);
      cursor = answer.nextCursor;
      replace(rows, view(shown));
      more.hidden = !cursor;
      count.textContent = t(cursor ? 'list.shownMore' : 'list.shown', { n: String(shown.length) });
    } catch (error) {
      count.textContent = errorText(error);
      count.setAttribute('role', 'alert');
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', () => void load());
  replace(target, rows, count, h('div', { class: 'actions' }, more));
  await load();
};

/** `&cursor=…` for the next page, or nothing for the first. */
export const cursorParam = (cursor: string | undefined) =>
  cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';

/** The list, or "none" when there is nothing in it. */
export const listOrNone = <T>(items: T[], list: (items: T[]) => Node) =>
  items.length ? list(items) : h('p', { class: 'muted' }, t('console.none'));

/** The reporter's live accuser flag, beside a report or a clue: shown for triage only. */
export const flagMarker = (flag: ReporterFlag) =>
  h(
    'span',
    { class: 'badge warn', 'data-marker': 'reporterFlag' },
    t('clue.reporterFlag', {
      level: tEnum('flagLevel', flag.level),
      status: tEnum('flagStatus', flag.status),
    }),
  );

/** The select a list page filters by: `statuses`, each named by the `kind` catalogue (`clueStatus.…`). */
export const statusPicker = (label: string, kind: string, statuses: readonly string[], id: string) =>
  field(
    label,
    select(
      statuses.map((s) => [s, tEnum(kind, s)]),
      { id },
    ),
  );
