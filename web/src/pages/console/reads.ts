/**
 * 查阅记录: the auditor's view of who read which case file, when and through which route
 * (GET /audit/reads). Filter by member, by case file or both (at least one), newest first, a page at
 * a time. `?userId=` or `?subjectId=` in the address fills the form and searches at once.
 */
import { lang, t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDate, h, replace } from '../../lib/dom.ts';
import { field, input, statusLine } from '../../lib/form.ts';
import type { ReadRecordList } from '../../lib/responses.ts';
import type { RouteContext } from '../../lib/router.ts';
import { consolePage, errorText, requireSession } from './shared.ts';

type Read = ReadRecordList['items'][number];

const subjectCell = (read: Read) =>
  h(
    'td',
    {},
    `${tEnum('readKind', read.subjectKind)} `,
    read.subjectKind === 'CLUE'
      ? h(
          'a',
          { href: `/console/clues/${encodeURIComponent(read.subjectId)}` },
          h('code', {}, read.subjectId),
        )
      : h('code', {}, read.subjectId),
  );

const row = (read: Read) =>
  h(
    'tr',
    { 'data-read': read.readId },
    h('td', {}, formatDate(read.at, lang())),
    h('td', {}, read.userId, h('span', { class: 'muted' }, `（${tEnum('role', read.role)}）`)),
    subjectCell(read),
    h('td', {}, h('code', {}, read.path)),
  );

export const readsPage = async (_: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const params = new URLSearchParams(window.location.search);
  const user = field(
    t('reads.user'),
    input({ name: 'userId', maxlength: 128, value: params.get('userId') ?? '' }),
  );
  const subject = field(
    t('reads.subject'),
    input({ name: 'subjectId', maxlength: 64, value: params.get('subjectId') ?? '' }),
    { hint: t('reads.subjectHint') },
  );
  const status = statusLine();
  const body = h('tbody', { id: 'read-rows' });
  const table = h(
    'table',
    { class: 'reads', hidden: true },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t('reads.at')),
        h('th', { scope: 'col' }, t('reads.who')),
        h('th', { scope: 'col' }, t('reads.what')),
        h('th', { scope: 'col' }, t('reads.route')),
      ),
    ),
    body,
  );
  const more = h('button', { type: 'button', id: 'reads-more', hidden: true }, t('reads.more'));
  let cursor: string | undefined;

  const load = async (append: boolean) => {
    const query = new URLSearchParams({ limit: '50' });
    const userId = user.control.value.trim();
    const subjectId = subject.control.value.trim();
    if (userId) query.set('userId', userId);
    if (subjectId) query.set('subjectId', subjectId);
    if (append && cursor) query.set('cursor', cursor);
    try {
      const page = await api<ReadRecordList>('GET', `/audit/reads?${query}`, { token: session.token });
      if (!append) replace(body);
      body.append(...page.items.map(row));
      table.hidden = false;
      cursor = page.nextCursor;
      more.hidden = !cursor;
      status.textContent = body.children.length ? '' : t('console.none');
    } catch (error) {
      status.textContent = errorText(error);
    }
  };

  const form = h(
    'form',
    { novalidate: true, id: 'reads-form', role: 'search' },
    user.wrap,
    subject.wrap,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('reads.search'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!user.control.value.trim() && !subject.control.value.trim()) {
      status.textContent = t('reads.needOne');
      user.control.focus();
      return;
    }
    cursor = undefined;
    void load(false);
  });
  more.addEventListener('click', () => void load(true));
  if (user.control.value || subject.control.value) await load(false);
  return consolePage(
    session,
    '/console/reads',
    t('console.reads'),
    h('p', {}, t('reads.intro')),
    form,
    status,
    table,
    more,
  );
};
