/**
 * Following a report by its receipt code. The code is typed, posted in a body and forgotten: never
 * in the URL, never stored. Every miss reads the same; a 429 says how long to wait.
 */
import { lang, t, tEnum } from '../../i18n/index.ts';
import { type ApiError, api } from '../../lib/api.ts';
import { formatDate, h, replace } from '../../lib/dom.ts';
import { field, input, statusLine, textarea } from '../../lib/form.ts';
import type { LodgedObjection, ReceiptLookup } from '../../lib/responses.ts';
import { evidenceSection } from './evidence.ts';
import { phoneBox } from './verify-phone.ts';

const waitText = (seconds: number) =>
  seconds >= 90
    ? t('follow.waitMinutes', { minutes: Math.ceil(seconds / 60) })
    : t('follow.waitSeconds', { seconds });

export const followPage = () => {
  const code = field(
    t('follow.code'),
    input({
      name: 'receipt',
      autocomplete: 'off',
      spellcheck: false,
      autocapitalize: 'characters',
      maxlength: 80,
    }),
    { required: true, hint: t('follow.codeHint') },
  );
  const result = h('div', { id: 'lookup-result' });
  const status = statusLine('assertive');
  const button = h('button', { type: 'submit', id: 'lookup' }, t('follow.submit'));
  const form = h(
    'form',
    { novalidate: true, id: 'follow-form' },
    code.wrap,
    h('div', { class: 'actions' }, button),
    status,
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    code.setError();
    status.textContent = '';
    replace(result);
    const typed = code.control.value.trim();
    if (!typed) {
      code.setError(t('validation.required'));
      code.control.focus();
      return;
    }
    button.disabled = true;
    try {
      const found = await api<ReceiptLookup>('POST', '/receipts/lookup', { body: { receiptCode: typed } });
      replace(
        result,
        lookupView(found),
        found.identityStatus ? phoneBox(typed, found.identityStatus) : null,
        evidenceSection(typed, found.attachments),
        replyForm(typed, () => form.requestSubmit()),
        objectionPart(found, typed, () => form.requestSubmit()),
      );
      (result.querySelector('h2') as HTMLElement | null)?.focus();
    } catch (error) {
      const e = error as ApiError;
      if (e.status === 404) status.textContent = t('follow.notFound');
      else if (e.status === 429)
        status.textContent = t('follow.rateLimited', { wait: waitText(e.retryAfterSeconds ?? 900) });
      else if (e.code === 'NETWORK') status.textContent = t('error.network');
      else status.textContent = t('error.generic');
    } finally {
      button.disabled = false;
    }
  });

  return h(
    'div',
    { class: 'page' },
    h('h1', { tabindex: -1 }, t('follow.title')),
    h('p', {}, t('follow.intro')),
    form,
    result,
  );
};

const lookupView = (found: ReceiptLookup) =>
  h(
    'section',
    { class: 'card', 'aria-labelledby': 'stage-title' },
    h(
      'h2',
      { id: 'stage-title', tabindex: -1 },
      t('follow.stage'),
      ': ',
      h('span', { class: 'badge', id: 'stage' }, tEnum('stage', found.stage)),
    ),
    h('p', { class: 'hint' }, tEnum('stageHint', found.stage)),
    h('h3', {}, t('follow.timeline')),
    h(
      'ol',
      { class: 'timeline' },
      found.timeline.map((e) =>
        h('li', {}, h('time', { datetime: e.at }, formatDate(e.at, lang())), ' ', tEnum('stage', e.stage)),
      ),
    ),
    found.outcome
      ? h(
          'div',
          { class: 'outcome' },
          h('h3', {}, t('follow.outcome')),
          h('p', {}, h('strong', {}, tEnum('outcome', found.outcome.result))),
          h('p', {}, found.outcome.text),
        )
      : null,
    h('h3', {}, t('follow.messages')),
    found.messages.length
      ? h(
          'ul',
          { class: 'messages' },
          found.messages.map((m) =>
            h(
              'li',
              { class: `message from-${m.from.toLowerCase()}`, 'data-from': m.from },
              h('time', { datetime: m.at }, formatDate(m.at, lang())),
              ' ',
              h('strong', {}, tEnum('follow.from', m.from)),
              ' ',
              m.text,
            ),
          ),
        )
      : h('p', { class: 'muted' }, t('follow.noMessages')),
  );

/**
 * 异议: once the report is concluded or not accepted, the reporter may object until the window's
 * end, once per conclusion; afterwards the page says where the objection stands.
 */
const objectionPart = (found: ReceiptLookup, receiptCode: string, refresh: () => void) => {
  const standing = found.objection;
  if (!standing) return null;
  const until = standing.until ? formatDate(standing.until, lang()) : '';
  // 不予受理 is a decision, not a conclusion: its objection is worded as such.
  const declined = found.stage === 'NOT_ACCEPTED';
  if (standing.status !== 'ALLOWED')
    return h(
      'p',
      { class: 'card', id: 'objection-standing' },
      declined && standing.status === 'UPHELD'
        ? t('objection.declined.status.UPHELD')
        : t(`objection.status.${standing.status}`, { until }),
    );
  const reason = field(t('objection.reason'), textarea({ name: 'objection', maxlength: 2000, rows: 5 }), {
    required: true,
    hint: t('objection.reasonHint'),
  });
  const status = statusLine('assertive');
  const button = h('button', { type: 'submit', id: 'object' }, t('objection.submit'));
  const form = h(
    'form',
    { novalidate: true, id: 'objection-form' },
    reason.wrap,
    h('div', { class: 'actions' }, button),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    reason.setError();
    const text = reason.control.value.trim();
    if (!text) {
      reason.setError(t('validation.required'));
      reason.control.focus();
      return;
    }
    button.disabled = true;
    try {
      await api<LodgedObjection>('POST', '/receipts/objections', { body: { receiptCode, reason: text } });
      status.textContent = t('objection.sent');
      refresh();
    } catch (error) {
      const e = error as ApiError;
      if (e.code === 'OBJECTION_EXISTS') status.textContent = t('objection.exists');
      else if (e.code === 'OBJECTION_WINDOW_CLOSED') status.textContent = t('objection.closed');
      else if (e.code === 'NETWORK') status.textContent = t('error.network');
      else status.textContent = t('error.generic');
      button.disabled = false;
    }
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'objection-title' },
    h('h2', { id: 'objection-title' }, t(declined ? 'objection.declined.title' : 'objection.title')),
    h('p', {}, t(declined ? 'objection.declined.intro' : 'objection.intro', { until })),
    form,
  );
};

/**
 * The reporter's answer, sent with the code they typed (kept in this closure only, never stored).
 * After sending, the lookup runs again so the answer shows in the conversation.
 */
const replyForm = (receiptCode: string, refresh: () => void) => {
  const text = field(t('follow.reply'), textarea({ id: 'reply-text', maxlength: 2000 }), {
    required: true,
    hint: t('follow.replyHint'),
  });
  const status = statusLine('assertive');
  const button = h('button', { type: 'submit', id: 'send-reply' }, t('follow.send'));
  const form = h(
    'form',
    { novalidate: true, id: 'reply-form' },
    text.wrap,
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
      await api('POST', '/receipts/messages', { body: { receiptCode, text: message } });
      refresh();
    } catch (error) {
      const e = error as ApiError;
      status.textContent =
        e.code === 'NETWORK'
          ? t('error.network')
          : e.status === 429
            ? t('follow.rateLimited', { wait: waitText(e.retryAfterSeconds ?? 900) })
            : t('error.generic');
      button.disabled = false;
    }
  });
  return form;
};
