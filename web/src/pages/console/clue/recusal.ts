/**
 * 回避 on the clue page: the recusals recorded so far (those on a reporter's request marked), lifted
 * ones with who lifted them, when and why; declaring one's own conflict (after a confirmation that
 * says what follows); and, for approvers, recording one for a member, also on a reporter's request,
 * and lifting one (解除回避, with a reason and a confirmation). A reporter's request is answered from
 * their message in the conversation (「据此记录回避」): the approver's form then carries the message
 * (`requestMessageId`), so the server tells that reporter a recusal was decided, naming nobody. A member who stepped aside can no longer open the clue: the
 * page then shows `recusedNotice` instead of the clue (the API answers 403 CONFLICT_OF_INTEREST).
 */
import { lang, t } from '../../../i18n/index.ts';
import { ApiError, api } from '../../../lib/api.ts';
import { askToConfirm } from '../../../lib/confirm.ts';
import { formatDate, h, replace } from '../../../lib/dom.ts';
import { field, statusLine, textarea } from '../../../lib/form.ts';
import type { ClueDetail, Recusal, RecusalList } from '../../../lib/responses.ts';
import { hasRole } from '../../../lib/session.ts';
import type { ConversationMessage, MessageTools } from '../conversation.ts';
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
    r.requestMessageId
      ? [' ', h('span', { class: 'badge', 'data-marker': 'onRequest' }, t('recusal.onRequestBadge'))]
      : null,
    h('p', { class: 'text' }, r.reason),
    r.requestMessageId
      ? h(
          'p',
          { class: 'muted on-request', 'data-request': r.requestMessageId },
          r.requestReportId
            ? t('recusal.onRequestOf', { report: r.requestReportId })
            : t('recusal.onRequestEarlier'),
        )
      : null,
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

/** A few words of the reporter's message, to say which one is answered. */
const excerptLength = 60;
const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > excerptLength ? `${flat.slice(0, excerptLength)}…` : flat;
};

/**
 * Which message the form answers: when, on which report, a few words of it (and whom the reporter
 * named), and what the reporter will be told. `unlink` takes it off the form again.
 */
const linkedRequest = (m: ConversationMessage, unlink: () => void) => {
  const titleId = 'recusal-request-title';
  return h(
    'section',
    { class: 'card linked-request', 'aria-labelledby': titleId, 'data-request': m.messageId },
    h('h4', { id: titleId, tabindex: -1 }, t('recusal.requestTitle')),
    h(
      'p',
      { class: 'meta' },
      t('recusal.requestOf', { report: m.reportId }),
      ' · ',
      h('time', { datetime: m.at }, formatDate(m.at, lang())),
    ),
    h('blockquote', { class: 'text' }, excerpt(m.text)),
    m.recusalRequest
      ? h(
          'p',
          { class: 'recusal-request' },
          m.recusalRequest.name ? t('conversation.recusalOf', { name: m.recusalRequest.name }) : '',
          excerpt(m.recusalRequest.reason),
        )
      : null,
    h('p', { class: 'hint' }, t('recusal.requestTold')),
    h('button', { type: 'button', class: 'secondary unlink-request', onclick: unlink }, t('recusal.unlink')),
  );
};

/** The server's refusal, with what it means when a reporter's message was named. */
const refusalText = (error: unknown, answering: boolean) =>
  answering && error instanceof ApiError && error.code === 'NOT_FOUND'
    ? `${t('recusal.requestNotFound')} ${error.message}`
    : errorText(error);

/**
 * One form: whose recusal (fixed to oneself, or picked by an approver from GET /staff) and why, then
 * a confirmation. The approver's form may carry a reporter's request (`answer`, from the conversation).
 */
const recusalForm = (clue: ClueDetail, page: CluePageContext, forSelf: boolean) => {
  const suffix = forSelf ? 'self' : 'other';
  let request: ConversationMessage | undefined;
  const requestSlot = h('div', { id: `recusal-request-${suffix}` });
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
    forSelf ? null : requestSlot,
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
    const asked = request;
    askToConfirm(
      slot,
      {
        title: self ? t('recusal.confirmSelfTitle') : t('recusal.confirmOtherTitle', { user: userId }),
        consequences: [
          self ? t('recusal.consequenceSelf') : t('recusal.consequenceOther', { user: userId }),
          ...(clue.assignee === userId ? [t('recusal.consequenceAssignee')] : []),
          ...(asked ? [t('recusal.consequenceRequest', { report: asked.reportId })] : []),
          t('recusal.consequenceRecord'),
        ],
        confirm: t('recusal.confirm'),
        run: async () => {
          const body = { userId, reason: text, ...(asked ? { requestMessageId: asked.messageId } : {}) };
          await api('POST', recusalsUrl(clue), { token: page.session.token, body });
          if (self) {
            page.showRecused?.();
            return;
          }
          page.show(
            await page.load(),
            h(
              'p',
              { class: 'status ok', role: 'status', id: 'recusal-recorded', tabindex: -1 },
              t(asked ? 'recusal.doneRequest' : 'recusal.done'),
            ),
          );
        },
        failed: (error) => refusalText(error, !!asked),
      },
      submit,
    );
  });
  const answer = (m: ConversationMessage) => {
    request = m;
    replace(slot);
    const unlink = () => {
      request = undefined;
      replace(requestSlot);
      replace(slot);
      who?.control.focus();
    };
    const linked = linkedRequest(m, unlink);
    replace(requestSlot, linked);
    linked.scrollIntoView({ block: 'center' });
    (linked.querySelector('h4') as HTMLElement).focus();
  };
  return { form, answer };
};

/**
 * 「据此记录回避」 beside a reporter's message, for an approver: opens the recusal form with the
 * message linked; and, once the recusals are read, whom a standing recusal on it already removed (a
 * reporter may ask about more than one member, so the action stays). The commission's own messages
 * are no request to answer.
 */
const answerRequestAction =
  (answer: (m: ConversationMessage) => void, recusals: Promise<RecusalList>): MessageTools =>
  (m) => {
    if (m.from !== 'REPORTER') return null;
    const answered = h('span', { class: 'muted answered-request' });
    void recusals.then(
      (list) => {
        const users = list.items.filter((r) => r.requestMessageId === m.messageId && !r.lifted);
        if (users.length)
          replace(
            answered,
            t('recusal.answeredBy', {
              users: users.map((r) => r.userId).join(lang() === 'en' ? ', ' : '、'),
            }),
          );
      },
      // The recusal panel says why they could not be read.
      () => undefined,
    );
    return h(
      'p',
      { class: 'actions' },
      h(
        'button',
        { type: 'button', class: 'secondary answer-recusal-request', onclick: () => answer(m) },
        t('recusal.answerRequest'),
      ),
      answered,
    );
  };

/**
 * The panel, and for an approver `requestTools`: 「据此记录回避」 for the conversation, opening the
 * recording form with a reporter's message linked (absent for other roles, who see no such action).
 */
export const recusalSection = (clue: ClueDetail, page: CluePageContext) => {
  const forOther = hasRole(page.session, 'approver') ? recusalForm(clue, page, false) : undefined;
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('recusal.loading')));
  const recusals = api<RecusalList>('GET', recusalsUrl(clue), { token: page.session.token });
  void fillFrom(list, () => recusals, recusalList(clue, page));
  const element = h(
    'section',
    { class: 'card', 'aria-labelledby': 'recusal-title', id: 'recusal' },
    h('h2', { id: 'recusal-title' }, t('recusal.title')),
    h('p', { class: 'hint' }, t('recusal.hint')),
    list,
    h('h3', {}, t('recusal.selfTitle')),
    recusalForm(clue, page, true).form,
    forOther ? [h('h3', {}, t('recusal.otherTitle')), forOther.form] : null,
  );
  return { element, requestTools: forOther ? answerRequestAction(forOther.answer, recusals) : undefined };
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
