/** The receipt, shown once after a submission: copy, print, and the way to follow the report. */
import { t } from '../../../i18n/index.ts';
import { h } from '../../../lib/dom.ts';
import { statusLine } from '../../../lib/form.ts';

/** Copies the code; where the clipboard is refused, selects it for the person to copy by hand. */
const copyButton = (receiptCode: string, code: HTMLElement, copied: HTMLElement) =>
  h(
    'button',
    {
      type: 'button',
      id: 'copy-receipt',
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(receiptCode);
          copied.textContent = t('receipt.copied');
        } catch {
          const range = document.createRange();
          range.selectNodeContents(code);
          getSelection()?.removeAllRanges();
          getSelection()?.addRange(range);
          copied.textContent = t('receipt.copyManually');
        }
      },
    },
    t('receipt.copy'),
  );

export const receiptView = (receiptCode: string, submittedAt: string) => {
  const copied = statusLine();
  const code = h(
    'output',
    { class: 'receipt-code', id: 'receipt-code', 'aria-describedby': 'receipt-warning' },
    receiptCode,
  );
  return h(
    'section',
    { class: 'receipt', 'aria-labelledby': 'receipt-title' },
    h('h2', { id: 'receipt-title', tabindex: -1 }, t('receipt.title')),
    h('p', {}, t('receipt.intro')),
    code,
    h('p', { class: 'warning', id: 'receipt-warning', role: 'note' }, t('receipt.warning')),
    h('p', { class: 'muted' }, t('receipt.submittedAt', { at: new Date(submittedAt).toLocaleString() })),
    h(
      'div',
      { class: 'actions no-print' },
      copyButton(receiptCode, code, copied),
      h('button', { type: 'button', id: 'print-receipt', onclick: () => window.print() }, t('receipt.print')),
      h('a', { href: '/follow', class: 'button secondary' }, t('receipt.follow')),
    ),
    copied,
  );
};
