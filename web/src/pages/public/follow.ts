/**
 * Following a report by its receipt code. The code is typed, posted in a body and forgotten: never
 * in the URL, never stored. Every miss reads the same; a 429 says how long to wait.
 */
import { lang, t, tEnum } from '../../i18n/index.ts';
import { type ApiError, api } from '../../lib/api.ts';
import { formatDate, h, replace } from '../../lib/dom.ts';
import { field, input, statusLine } from '../../lib/form.ts';
import type { ReceiptLookup } from '../../lib/responses.ts';
import { evidenceSection } from './evidence.ts';

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
      replace(result, lookupView(found), evidenceSection(typed, found.attachments));
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
            h('li', {}, h('time', { datetime: m.at }, formatDate(m.at, lang())), ' ', m.text),
          ),
        )
      : h('p', { class: 'muted' }, t('follow.noMessages')),
  );
