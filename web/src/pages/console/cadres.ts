/**
 * The cadre registry (干部档案): record a cadre with their posts and tenure dates (intake, approver),
 * look one up by number, and see one with their posts. A clue is linked to a cadre from the clue
 * page; the tenure dates then mark the allegations that predate the post.
 */
import { lang, t } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDate, h } from '../../lib/dom.ts';
import { type Field, field, input, statusLine } from '../../lib/form.ts';
import { metaList } from '../../lib/parts.ts';
import type { Cadre } from '../../lib/responses.ts';
import { navigate, type RouteContext } from '../../lib/router.ts';
import { hasRole, type Session } from '../../lib/session.ts';
import { consolePage, errorText, fillFrom, requireSession } from './shared.ts';

const cadrePath = (id: string) => `/console/cadres/${encodeURIComponent(id)}`;

/** One post's fields; the n-th post's labels say which it is. */
const postFields = (n: number) => {
  const f = (key: 'cadres.position' | 'cadres.organization', name: string, max: number) =>
    field(t(key, { n }), input({ name: `${name}-${n}`, maxlength: max }), { required: true });
  return {
    position: f('cadres.position', 'position', 100),
    organization: f('cadres.organization', 'organization', 100),
    from: field(t('cadres.from', { n }), input({ type: 'date', name: `from-${n}` }), { required: true }),
    to: field(t('cadres.to', { n }), input({ type: 'date', name: `to-${n}` }), { hint: t('cadres.toHint') }),
  };
};
type Post = ReturnType<typeof postFields>;

const filled = (f: Field) => {
  f.setError();
  if (f.control.value.trim()) return true;
  f.setError(t('validation.required'));
  return false;
};

/** The post as the API takes it, or undefined having marked what is missing or wrong. */
const postBody = (p: Post) => {
  const ok = [p.position, p.organization, p.from].map(filled).every(Boolean);
  p.to.setError();
  const to = p.to.control.value;
  if (to && p.from.control.value && to < p.from.control.value) {
    p.to.setError(t('cadres.toBeforeFrom'));
    return undefined;
  }
  if (!ok) return undefined;
  return {
    position: p.position.control.value.trim(),
    organization: p.organization.control.value.trim(),
    from: p.from.control.value,
    ...(to ? { to } : {}),
  };
};

const createForm = (session: Session) => {
  const name = field(t('cadres.name'), input({ name: 'cadre-name', maxlength: 50 }), { required: true });
  const posts: Post[] = [];
  const postList = h('div', { id: 'cadre-posts' });
  const addPost = () => {
    const p = postFields(posts.length + 1);
    posts.push(p);
    postList.appendChild(
      h(
        'fieldset',
        { class: 'post' },
        h('legend', {}, t('cadres.post', { n: posts.length })),
        p.position.wrap,
        p.organization.wrap,
        p.from.wrap,
        p.to.wrap,
      ),
    );
  };
  addPost();
  const status = statusLine('assertive');
  const more = h('button', { type: 'button', class: 'secondary', id: 'add-post' }, t('cadres.addPost'));
  more.addEventListener('click', () => {
    addPost();
    (posts.at(-1) as Post).position.control.focus();
  });
  const form = h(
    'form',
    { novalidate: true, id: 'cadre-form', class: 'card' },
    h('h2', {}, t('cadres.create')),
    name.wrap,
    postList,
    h(
      'div',
      { class: 'actions' },
      more,
      h('button', { type: 'submit', id: 'create-cadre' }, t('cadres.save')),
    ),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const bodies = posts.map(postBody);
    if (!filled(name) || bodies.some((b) => !b)) return;
    try {
      const cadre = await api<Cadre>('POST', '/cadres', {
        token: session.token,
        body: { name: name.control.value.trim(), posts: bodies },
      });
      navigate(`${cadrePath(cadre.cadreId)}?created=1`);
    } catch (error) {
      status.textContent = errorText(error);
    }
  });
  return form;
};

const lookupForm = () => {
  const id = field(t('cadres.lookupId'), input({ name: 'cadre-lookup', maxlength: 100 }), { required: true });
  const form = h(
    'form',
    { novalidate: true, id: 'cadre-lookup', class: 'card' },
    h('h2', {}, t('cadres.lookup')),
    id.wrap,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('cadres.view'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (filled(id)) navigate(cadrePath(id.control.value.trim()));
  });
  return form;
};

export const cadresPage = async (_: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  return consolePage(
    session,
    '/console/cadres',
    t('console.cadres'),
    h('p', {}, t('cadres.intro')),
    lookupForm(),
    hasRole(session, 'intake', 'approver') ? createForm(session) : null,
  );
};

const cadreView = (c: Cadre, created: boolean) => [
  created ? h('p', { class: 'status ok', role: 'status', id: 'cadre-created' }, t('cadres.created')) : null,
  metaList(
    [t('cadres.number'), c.cadreId, { id: 'cadre-id' }],
    [t('cadres.name'), c.name, { id: 'cadre-name' }],
    [t('cadres.recorded'), `${formatDate(c.createdAt, lang())} · ${c.createdBy}`],
  ),
  h('h2', {}, t('cadres.posts')),
  h(
    'ul',
    { id: 'cadre-post-list' },
    c.posts.map((p) =>
      h(
        'li',
        {},
        `${p.organization} ${p.position} · ${t('cadres.tenure', { from: p.from, to: p.to ?? t('cadres.now') })}`,
      ),
    ),
  ),
  h('p', { class: 'hint' }, t('cadres.linkHint')),
];

export const cadrePage = async ({ params, query }: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const id = params.cadreId ?? '';
  const body = h('div');
  await fillFrom(
    body,
    () => api<Cadre>('GET', `/cadres/${encodeURIComponent(id)}`, { token: session.token }),
    (c) => cadreView(c, query.get('created') === '1'),
  );
  return consolePage(session, '', t('cadres.title'), body);
};
