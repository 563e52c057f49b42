/**
 * 回避 on the clue page: the recusals recorded so far, lifted ones with who lifted them, when and
 * why; declaring one's own conflict (after a confirmation that says what follows); and, for
 * approvers, recording one for a member, also on a reporter's request, and lifting one (解除回避,
 * with a reason and a confirmation). A member who stepped aside can no longer open the clue: the
 * page then shows `recusedNotice` instead of the clue (the API answers 403 CONFLICT_OF_INTEREST).
 */
import { lang, t } from '../../../i18n/index.ts';
import { api } from '../../../lib/api.ts';
import { askToConfirm } from '../../../lib/confirm.ts';
import { formatDate, h } from '../../../lib/dom.ts';
import { field, statusLine, textarea } from '../../../lib/form.ts';
import type { ClueDetail, Recusal, RecusalList } from '../../../lib/responses.ts';
import { hasRole } from '../../../lib/session.ts';
import { memberSelect } from '../member-select.ts';
import { errorText, fillFrom } from '../shared.ts';
import type { CluePageContext } from './actions.ts';

/** The bounds of a reason (shared/domain/recusal.ts, recusalLimits). */
const reasonMin = 5;
const reasonMax = 500;

const recusalsUrl = (clue: ClueDetail) => `/clues/${encodeURIComponent(clue.clueId)}/recusals`;

/** 解除回避, for an approver: why, then a confirmation that says what follows; the page reloads after. */
const liftForm = (clue: ClueDetail, page: CluePageContext, recusal: Recusal) => {
  const id = `lift-reason-${recusal.recusalId}`;
  const reason = field(t('recusal.liftReason'), textarea({ name: id, maxlength: reasonMax, id }), {
    required: true,
    hint: t('recusal.liftReasonHint'),
  });
  const slot = h('div');
  const submit = h('button', { type: 'submit', class: 'secondary' }, t('recusal.lift'));
  const form = h(
    'form',
    { novalidate: true, class: 'lift-form' },
    reason.wrap,
    h('div', { class: 'actions' }, submit),
    slot,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    reason.setError();
    const text = reason.control.value.trim();
    if (text.length < reasonMin) return reason.setError(t('recusal.liftReasonShort', { min: reasonMin }));
    askToConfirm(
      slot,
      {
        title: t('recusal.confirmLiftTitle', { user: recusal.userId }),
        consequences: [
          t('recusal.consequenceLift', { user: recusal.userId }),
          t('recusal.consequenceLiftRecord'),
        ],
        confirm: t('recusal.confirmLift'),
        run: async () => {
          await api('POST', `${recusalsUrl(clue)}/${encodeURIComponent(recusal.recusalId)}/lift`, {
            token: page.session.token,
            body: { reason: text },
          });
          page.show(
            await page.load(),
            h(
              'p',
              { class: 'status ok', role: 'status', id: 'recusal-lifted', tabindex: -1 },
              t('recusal.lifted'),
            ),
          );
        },
        failed: errorText,
      },
      submit,
    );
  });
  return h('details', { class: 'lift' }, h('summary', {}, t('recusal.lift')), form);
};

const recusalItem = (clue: ClueDetail, page: CluePageContext, r: Recusal) =>
  h(
    'li',
    { 'data-recused': r.userId, 'data-recusal': r.recusalId, class: r.lifted ? 'lifted' : null },
    h('strong', {}, r.userId),
    ' · ',
    t(r.kind === 'DECLARED' ? 'recusal.declared' : 'recusal.recorded', { by: r.recordedBy }),
    ' · ',
    h('time', { datetime: r.recordedAt }, formatDate(r.recordedAt, lang())),
    r.lifted ? [' ', h('span', { class: 'badge' }, t('recusal.liftedBadge'))] : null,
    h('p', { class: 'text' }, r.reason),
    r.lifted
      ? h(
          'p',
          { class: 'text lifted-by' },
          t('recusal.liftedBy', { by: r.lifted.by }),
          ' · ',
          h('time', { datetime: r.lifted.at }, formatDate(r.lifted.at, lang())),
          ' · ',
          r.lifted.reason,
        )
      : hasRole(page.session, 'approver')
        ? liftForm(clue, page, r)
        : null,
  );

const recusalList = (clue: ClueDetail, page: CluePageContext) => (list: RecusalList) =>
  list.items.length
    ? h(
        'ul',
        { class: 'recusals', id: 'recusal-list' },
        list.items.map((r) => recusalItem(clue, page, r)),
      )
    : h('p', { class: 'muted', id: 'recusal-list' }, t('recusal.none'));

/** One form: whose recusal (fixed to oneself, or picked by an approver from GET /staff) and why, then a confirmation. */
const recusalForm = (clue: ClueDetail, page: CluePageContext, forSelf: boolean) => {
  const suffix = forSelf ? 'self' : 'other';
  const who = forSelf
    ? null
    : memberSelect({
        token: page.session.token,
        label: t('recusal.userId'),
        hint: t('recusal.userIdHint'),
        id: 'recusal-user',
        required: true,
      });
  const reason = field(
    t('recusal.reason'),
    textarea({ name: `recusal-reason-${suffix}`, maxlength: reasonMax, id: `recusal-reason-${suffix}` }),
    { required: true, hint: t('recusal.reasonHint') },
  );
  const status = statusLine('assertive');
  const slot = h('div');
  const submit = h('button', { type: 'submit' }, t(forSelf ? 'recusal.declare' : 'recusal.record'));
  const form = h(
    'form',
    { novalidate: true, id: `recusal-form-${suffix}` },
    who?.wrap ?? null,
    reason.wrap,
    h('div', { class: 'actions' }, submit),
    status,
    slot,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    reason.setError();
    who?.setError();
    const userId = forSelf ? page.session.userId : (who?.control.value.trim() ?? '');
    const text = reason.control.value.trim();
    if (!userId) return who?.setError(t('validation.required'));
    if (text.length < reasonMin) return reason.setError(t('recusal.reasonShort', { min: reasonMin }));
    const self = userId === page.session.userId;
    askToConfirm(
      slot,
      {
        title: self ? t('recusal.confirmSelfTitle') : t('recusal.confirmOtherTitle', { user: userId }),
        consequences: [
          self ? t('recusal.consequenceSelf') : t('recusal.consequenceOther', { user: userId }),
          ...(clue.assignee === userId ? [t('recusal.consequenceAssignee')] : []),
          t('recusal.consequenceRecord'),
        ],
        confirm: t('recusal.confirm'),
        run: async () => {
          await api('POST', recusalsUrl(clue), { token: page.session.token, body: { userId, reason: text } });
          if (self) {
            page.showRecused?.();
            return;
          }
          page.show(
            await page.load(),
            h(
              'p',
              { class: 'status ok', role: 'status', id: 'recusal-recorded', tabindex: -1 },
              t('recusal.done'),
            ),
          );
        },
        failed: errorText,
      },
      submit,
    );
  });
  return form;
};

export const recusalSection = (clue: ClueDetail, page: CluePageContext) => {
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('recusal.loading')));
  void fillFrom(
    list,
    () => api<RecusalList>('GET', recusalsUrl(clue), { token: page.session.token }),
    recusalList(clue, page),
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'recusal-title', id: 'recusal' },
    h('h2', { id: 'recusal-title' }, t('recusal.title')),
    h('p', { class: 'hint' }, t('recusal.hint')),
    list,
    h('h3', {}, t('recusal.selfTitle')),
    recusalForm(clue, page, true),
    hasRole(page.session, 'approver')
      ? [h('h3', {}, t('recusal.otherTitle')), recusalForm(clue, page, false)]
      : null,
  );
};

/** What a member who stepped aside sees instead of the clue. */
export const recusedNotice = (message?: string) =>
  h(
    'section',
    { class: 'card recused', role: 'alert', id: 'recused-notice' },
    h('h2', {}, t('recusal.recusedTitle')),
    h('p', {}, t('recusal.recusedText')),
    message ? h('p', { class: 'muted' }, message) : null,
    h('p', {}, h('a', { href: '/console' }, t('recusal.back'))),
  );
