/**
 * The notice board (澄清正名公告): published public notices, newest first, one page at a time; each
 * notice on its own shareable page, with a button that checks its signature through the API.
 */
import { lang, t, tEnum } from '../../i18n/index.ts';
import { type ApiError, api } from '../../lib/api.ts';
import { commissions, lineOf } from '../../lib/commission.ts';
import { formatDay, h } from '../../lib/dom.ts';
import { statusLine } from '../../lib/form.ts';
import { metaList, paragraphs, personLine } from '../../lib/parts.ts';
import type { Notice, NoticeList, VerifyNoticeResponse } from '../../lib/responses.ts';
import { navigate, type RouteContext } from '../../lib/router.ts';

const pageSize = 10;

/** The board's address for a commission (none: the whole board) and a page of it. */
const boardHref = (commissionId: string | null, cursor?: string) => {
  const params = new URLSearchParams();
  if (commissionId) params.set('commissionId', commissionId);
  if (cursor) params.set('cursor', cursor);
  const search = params.toString();
  return search ? `/board?${search}` : '/board';
};

/**
 * Which board: the whole one, or a commission's (its notices and those under it). A plain GET
 * form, so it works as a link and without the router's help.
 */
const commissionChoice = (selected: string | null) => {
  const all = commissions();
  if (all.length < 2) return null;
  const depth = (c: (typeof all)[number]) => Math.max(0, lineOf(c.commissionId).length - 1);
  const select = h(
    'select',
    { id: 'board-commission', name: 'commissionId', 'aria-describedby': 'board-commission-hint' },
    h('option', { value: '' }, t('board.allCommissions')),
    ...all.map((c) =>
      h(
        'option',
        { value: c.commissionId, ...(c.commissionId === selected ? { selected: true } : {}) },
        `${'\u3000'.repeat(depth(c))}${c.name}`,
      ),
    ),
  );
  const form = h(
    'form',
    { method: 'get', action: '/board', class: 'inline-form', id: 'board-commission-form' },
    h('label', { for: 'board-commission' }, t('board.commission')),
    ' ',
    select,
    ' ',
    h('button', { type: 'submit' }, t('board.show')),
    h('p', { class: 'hint', id: 'board-commission-hint' }, t('board.commissionHint')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(boardHref(select.value || null));
  });
  return form;
};

export const boardPage = async ({ query }: RouteContext) => {
  const cursor = query.get('cursor');
  const commissionId = query.get('commissionId');
  const params = new URLSearchParams({ limit: String(pageSize) });
  if (cursor) params.set('cursor', cursor);
  if (commissionId) params.set('commissionId', commissionId);
  const list = await api<NoticeList>('GET', `/notices?${params}`);
  return h(
    'div',
    { class: 'page' },
    h('h1', { tabindex: -1 }, t('board.title')),
    h('p', {}, t('board.intro'), ' ', h('a', { href: '/verify-offline' }, t('board.offlineLink'))),
    commissionChoice(commissionId),
    list.items.length
      ? h(
          'ol',
          { class: 'notice-list', id: 'notice-list' },
          list.items.map((n) =>
            h(
              'li',
              { class: 'card' },
              h(
                'h2',
                {},
                h(
                  'a',
                  { href: `/board/${encodeURIComponent(n.noticeId)}` },
                  t('board.itemTitle', { name: n.cadre.name }),
                ),
              ),
              h(
                'p',
                { class: 'muted' },
                `${n.cadre.organization} · ${n.cadre.position} · `,
                h('time', { datetime: n.publishedAt }, formatDay(n.publishedAt, lang())),
              ),
              h('p', {}, t('board.cleared', { count: n.clearedAllegations.length })),
            ),
          ),
        )
      : h('p', { id: 'notice-list-empty' }, t('board.empty')),
    h(
      'nav',
      { class: 'pager', 'aria-label': t('board.pager') },
      cursor ? h('a', { href: boardHref(commissionId) }, t('board.first')) : null,
      list.nextCursor
        ? h('a', { href: boardHref(commissionId, list.nextCursor), rel: 'next' }, t('board.next'))
        : null,
    ),
  );
};

/** Asks the API whether the notice's signature holds; the answer stays beside the button. */
const verifyButton = (notice: Notice) => {
  const result = statusLine();
  const verify = h('button', { type: 'button', id: 'verify-notice' }, t('notice.verify'));
  verify.addEventListener('click', async () => {
    verify.disabled = true;
    result.textContent = t('notice.verifying');
    result.className = 'status';
    try {
      const { valid } = await api<VerifyNoticeResponse>('POST', '/notices/verify', { body: { notice } });
      result.textContent = valid ? t('notice.valid') : t('notice.invalid');
      result.className = `status ${valid ? 'ok' : 'bad'}`;
      result.dataset.valid = String(valid);
    } catch {
      result.textContent = t('error.generic');
    } finally {
      verify.disabled = false;
    }
  });
  return [verify, result] as const;
};

/** Copies the notice's address; where the clipboard is refused, shows it. */
const shareButton = () => {
  const shareStatus = statusLine();
  const share = h('button', { type: 'button', class: 'secondary' }, t('notice.copyLink'));
  share.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      shareStatus.textContent = t('notice.linkCopied');
    } catch {
      shareStatus.textContent = window.location.href;
    }
  });
  return [share, shareStatus] as const;
};

export const noticePage = async ({ params }: RouteContext) => {
  let notice: Notice;
  try {
    notice = await api<Notice>('GET', `/notices/${encodeURIComponent(params.noticeId ?? '')}`);
  } catch (error) {
    if ((error as ApiError).status === 404)
      return h(
        'div',
        { class: 'page' },
        h('h1', { tabindex: -1 }, t('notice.notFound')),
        h('p', {}, h('a', { href: '/board' }, t('notice.back'))),
      );
    throw error;
  }
  const [verify, result] = verifyButton(notice);
  const [share, shareStatus] = shareButton();
  const body = lang() === 'en' && notice.translations?.en ? notice.translations.en : notice.text;
  return h(
    'div',
    { class: 'page' },
    h('p', {}, h('a', { href: '/board' }, t('notice.back'))),
    h(
      'article',
      { class: 'notice', 'aria-labelledby': 'notice-title' },
      h('h1', { id: 'notice-title', tabindex: -1 }, t('board.itemTitle', { name: notice.cadre.name })),
      metaList(
        [t('notice.issuer'), notice.issuer],
        [
          t('notice.publishedAt'),
          h('time', { datetime: notice.publishedAt }, formatDay(notice.publishedAt, lang())),
        ],
        [t('notice.cadre'), personLine(notice.cadre)],
        [t('notice.method'), tEnum('method', notice.method)],
      ),
      h(
        'div',
        { class: 'notice-text', lang: lang() === 'en' && notice.translations?.en ? 'en' : 'zh-CN' },
        paragraphs(body),
      ),
      h('h2', {}, t('notice.clearedTitle')),
      h(
        'ul',
        {},
        notice.clearedAllegations.map((a) => h('li', {}, a.summary)),
      ),
      h(
        'p',
        { class: 'muted small' },
        t('notice.signature', { alg: notice.signature.alg, keyId: notice.signature.keyId }),
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      verify,
      share,
      h('a', { href: '/verify-offline', class: 'button secondary' }, t('board.offlineLink')),
    ),
    result,
    shareStatus,
  );
};

export const offlinePage = () =>
  h(
    'div',
    { class: 'page' },
    h('h1', { tabindex: -1 }, t('offline.title')),
    h('p', {}, t('offline.intro')),
    h(
      'ol',
      {},
      h('li', {}, t('offline.step1')),
      h('li', {}, t('offline.step2')),
      h('li', {}, t('offline.step3')),
    ),
    h(
      'pre',
      { class: 'code', tabindex: 0, 'aria-label': t('offline.commands') },
      `curl -s ${window.location.origin}/notices/<noticeId> > notice.json\ncurl -s ${window.location.origin}/.well-known/notice-keys > jwks.json\nnode bin/verify-notice.mjs notice.json jwks.json`,
    ),
    h('p', {}, t('offline.result')),
    h('h2', {}, t('offline.howTitle')),
    h('p', {}, t('offline.how')),
    h('p', {}, h('a', { href: '/.well-known/notice-keys', 'data-external': '' }, t('offline.keys'))),
  );
