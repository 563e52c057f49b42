/**
 * The conversation with the reporters, on a report in the intake queue and on the clue page: the
 * messages of both sides (the reporter's unread answers marked), the result feedback owed, and a
 * send box with a "result message" box where a feedback deadline is open. Reading it marks the
 * answers read (the server does so when it answers the GET).
 */
import { lang, t } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { type Child, formatDate, h, replace } from '../../lib/dom.ts';
import { choice, field, select, statusLine, textarea } from '../../lib/form.ts';
import type { Conversation } from '../../lib/responses.ts';
import type { Session } from '../../lib/session.ts';
import { errorText, fillFrom } from './shared.ts';

/** The most a message may hold (shared/domain/conversation.ts, messageLimits). */
const maxLength = 2000;

export type ConversationMessage = Conversation['items'][number];
type Message = ConversationMessage;

/** What the page offers beside one message (an approver answers a reporter's request with a recusal). */
export type MessageTools = (m: Message) => Child;

const messageItem = (m: Message, tools?: MessageTools) =>
  h(
    'li',
    { class: `message from-${m.from.toLowerCase()}`, 'data-message': m.messageId, 'data-from': m.from },
    h(
      'p',
      { class: 'meta' },
      h('time', { datetime: m.at }, formatDate(m.at, lang())),
      ' · ',
      m.from === 'REPORTER'
        ? t('conversation.fromReporter')
        : t('conversation.fromCommission', { user: m.author ?? '' }),
      m.result ? [' ', h('span', { class: 'badge' }, t('conversation.resultBadge'))] : null,
      m.unread
        ? [' ', h('span', { class: 'badge warn', 'data-marker': 'unread' }, t('conversation.unread'))]
        : null,
    ),
    h('p', { class: 'text' }, m.text),
    m.recusalRequest
      ? h(
          'p',
          { class: 'recusal-request', 'data-marker': 'recusalRequest' },
          h('span', { class: 'badge warn' }, t('conversation.recusalRequest')),
          ' ',
          m.recusalRequest.name ? t('conversation.recusalOf', { name: m.recusalRequest.name }) : '',
          m.recusalRequest.reason,
        )
      : null,
    tools?.(m) ?? null,
  );

const feedbackLine = (f: Conversation['resultFeedback'][number]) =>
  h(
    'li',
    { 'data-feedback': f.reportId, class: f.overdue ? 'overdue' : '' },
    f.status === 'MET'
      ? t('conversation.feedbackMet', { report: f.reportId, at: formatDate(f.metAt, lang()) })
      : t(f.overdue ? 'conversation.feedbackOverdue' : 'conversation.feedbackDue', {
          report: f.reportId,
          at: formatDate(f.feedbackBy, lang()),
        }),
  );

/**
 * `reportIds`: the reports one may write to (one in the queue, each of the clue's on the clue page).
 * `canSend`: whether this person handles them (the server refuses anyone else with 403 anyway).
 * `tools`: what the page offers beside a message, if anything.
 */
export const conversationSection = (
  session: Session,
  input: { path: string; reportIds: string[]; canSend: boolean; id: string; tools?: MessageTools },
) => {
  const body = h('div', { class: 'conversation', id: input.id });
  const load = () =>
    fillFrom(
      body,
      () => api<Conversation>('GET', input.path, { token: session.token }),
      (conversation) => [
        conversation.resultFeedback.length
          ? h('ul', { class: 'feedback' }, conversation.resultFeedback.map(feedbackLine))
          : null,
        conversation.items.length
          ? h(
              'ol',
              { class: 'messages' },
              conversation.items.map((m) => messageItem(m, input.tools)),
            )
          : h('p', { class: 'muted' }, t('conversation.none')),
        input.canSend ? sendForm(session, input.reportIds, conversation, load) : null,
      ],
    );
  void load();
  return body;
};

const sendForm = (session: Session, reportIds: string[], conversation: Conversation, reload: () => void) => {
  const text = field(t('conversation.text'), textarea({ maxlength: maxLength, class: 'message-text' }), {
    required: true,
    hint: t('conversation.textHint', { max: maxLength }),
  });
  const target = field(
    t('conversation.to'),
    select(
      reportIds.map((id) => [id, id]),
      { class: 'message-to' },
    ),
  );
  const open = new Set(
    conversation.resultFeedback.filter((f) => f.status === 'PENDING').map((f) => f.reportId),
  );
  const result = h('input', {
    type: 'checkbox',
    class: 'message-result',
    id: `result-${reportIds[0] ?? ''}`,
  });
  const resultChoice = choice(result, t('conversation.resultMessage'));
  const syncResult = () => {
    resultChoice.hidden = !open.has(target.control.value);
    if (resultChoice.hidden) result.checked = false;
  };
  target.control.addEventListener('change', syncResult);
  syncResult();
  const status = statusLine('assertive');
  const button = h('button', { type: 'submit', class: 'send-message' }, t('conversation.send'));
  const form = h(
    'form',
    { novalidate: true, class: 'message-form' },
    reportIds.length > 1 ? target.wrap : null,
    text.wrap,
    resultChoice,
    h('div', { class: 'actions' }, button),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = text.control.value.trim();
    text.setError(message ? undefined : t('validation.required'));
    if (!message) return;
    button.disabled = true;
    try {
      const reportId = encodeURIComponent(target.control.value);
      await api('POST', `/reports/${reportId}/messages`, {
        token: session.token,
        body: { text: message, ...(result.checked ? { result: true } : {}) },
      });
      reload();
    } catch (error) {
      replace(status, errorText(error));
      button.disabled = false;
    }
  });
  return form;
};

/** The marker beside a report or a clue with answers nobody has read yet. */
export const unreadMarker = (count: number | undefined) =>
  count
    ? h('span', { class: 'badge warn', 'data-marker': 'unread' }, t('conversation.unreadCount', { count }))
    : null;
