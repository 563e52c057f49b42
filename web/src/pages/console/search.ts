/**
 * Search results (检索结果): reports and clues of the member's commission whose case number, cadre
 * name or organisation contains the query, newest first, a page at a time ("more" follows the
 * cursor). A clue opens its page; a report opens its clue once registered, else the intake queue.
 * A report transferred in and found by a number a sending commission gave it says so under its own.
 */
import { lang, t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDay, h } from '../../lib/dom.ts';
import type { SearchResults } from '../../lib/responses.ts';
import type { RouteContext } from '../../lib/router.ts';
import type { Session } from '../../lib/session.ts';
import { caseLabel, consolePage, errorText, requireSession } from './shared.ts';

type Hit = SearchResults['items'][number];

const hrefOf = (hit: Hit) => {
  const clueId = hit.kind === 'CLUE' ? hit.id : hit.clueId;
  return clueId
    ? `/console/clues/${encodeURIComponent(clueId)}`
    : `/console#report-${encodeURIComponent(hit.id)}`;
};

const statusText = (hit: Hit) =>
  hit.kind === 'CLUE' ? tEnum('clueStatus', hit.status) : tEnum('reportStatus', hit.status);

const row = (hit: Hit) =>
  h(
    'tr',
    { 'data-hit': hit.id, 'data-kind': hit.kind },
    h('td', {}, tEnum('searchKind', hit.kind)),
    h(
      'td',
      {},
      h('a', { href: hrefOf(hit) }, caseLabel(hit, hit.id)),
      // Found by a sending commission's number (its transfer letter's): the row shows which.
      hit.formerCaseNumber
        ? h('div', { class: 'muted small former-number' }, t('search.former', { n: hit.formerCaseNumber }))
        : null,
    ),
    h('td', {}, hit.cadre.name),
    h('td', {}, hit.cadre.organization),
    h('td', {}, statusText(hit)),
    h('td', {}, h('time', { datetime: hit.at }, formatDay(hit.at, lang()))),
  );

const page = (session: Session, q: string, cursor?: string) =>
  api<SearchResults>(
    'GET',
    `/search?q=${encodeURIComponent(q)}&limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    { token: session.token },
  );

export const searchPage = async ({ query }: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const q = query.get('q')?.trim() ?? '';
  const title = q ? t('search.title', { q }) : t('search.label');
  if (!q) return consolePage(session, '', title, h('p', { class: 'muted' }, t('search.hint')));
  const body = h('tbody', {});
  const status = h('p', { role: 'status', id: 'search-status' });
  const more = h('button', { type: 'button', id: 'search-more', hidden: true }, t('search.more'));
  let cursor: string | undefined;
  const load = async () => {
    more.disabled = true;
    try {
      const answer = await page(session, q, cursor);
      body.append(...answer.items.map(row));
      cursor = answer.nextCursor;
      more.hidden = !cursor;
      status.textContent = body.childElementCount ? '' : t('search.none');
    } catch (error) {
      status.textContent = errorText(error);
      status.setAttribute('role', 'alert');
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', () => void load());
  await load();
  const head = [
    'search.col.kind',
    'search.col.case',
    'search.col.cadre',
    'search.col.org',
    'search.col.status',
    'search.col.at',
  ];
  return consolePage(
    session,
    '',
    title,
    h(
      'div',
      { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': title },
      h(
        'table',
        { id: 'search-results' },
        h('caption', {}, title),
        h(
          'thead',
          {},
          h('tr', {}, ...head.map((k) => h('th', { scope: 'col' }, t(k as Parameters<typeof t>[0])))),
        ),
        body,
      ),
    ),
    status,
    h('div', { class: 'actions' }, more),
  );
};
