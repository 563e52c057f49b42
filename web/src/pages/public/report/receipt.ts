/**
 * The receipt, shown once after a submission: the code to copy or print, the signed receipt to
 * download, and the way to follow the report. The printed page names the commission and says,
 * in Chinese first and English second, what the code and the signed receipt are each for.
 */
import { catalogues, type MessageKey, t } from '../../../i18n/index.ts';
import { commissionById } from '../../../lib/commission.ts';
import { siteConfig } from '../../../lib/config.ts';
import { formatDate, h } from '../../../lib/dom.ts';
import { statusLine } from '../../../lib/form.ts';
import type { SubmitReportResponse } from '../../../lib/responses.ts';

type SignedReceipt = SubmitReportResponse['receipt'];

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

/** The signed receipt as a file to keep: exactly the receipt, which POST /receipts/verify takes as is. */
const downloadLink = (receipt: SignedReceipt) =>
  h(
    'a',
    {
      id: 'download-receipt',
      class: 'button',
      download: `receipt-${receipt.reportId}.json`,
      href: `data:application/json;charset=utf-8,${encodeURIComponent(`${JSON.stringify(receipt, null, 2)}\n`)}`,
    },
    t('receipt.download'),
  );

/** A message in both languages, Chinese first, whatever language the page is in. */
const bilingual = (tag: 'p' | 'h3' | 'dt', key: MessageKey) =>
  h(tag, {}, catalogues['zh-CN'][key], h('span', { class: 'en', lang: 'en' }, catalogues.en[key]));

/** The commission the report went to, as the server answered (older answers: the configured name). */
const receivedBy = (response: SubmitReportResponse) =>
  response.commission?.name ?? siteConfig().commissionName ?? '';

/** The printed page (print CSS shows it in place of the screen view). */
const receiptSheet = (receiptCode: string, receipt: SignedReceipt, commission: string) => {
  const row = (key: MessageKey, value: string) => [bilingual('dt', key), h('dd', {}, value)];
  return h(
    'div',
    { class: 'receipt-sheet print-only', id: 'receipt-sheet' },
    h('p', { class: 'issuer' }, commission),
    bilingual('h3', 'receipt.sheet.title'),
    h(
      'dl',
      {},
      ...(commission ? row('receipt.sheet.commission', commission) : []),
      row('receipt.sheet.code', receiptCode),
      row('receipt.sheet.reportId', receipt.reportId),
      row(
        'receipt.sheet.submittedAt',
        `${formatDate(receipt.submittedAt, 'zh-CN')}（${receipt.submittedAt}）`,
      ),
      row('receipt.sheet.contentHash', receipt.contentHash),
      row('receipt.sheet.keyId', receipt.keyId),
      row('receipt.sheet.signature', receipt.signature),
    ),
    bilingual('h3', 'receipt.sheet.codeTitle'),
    bilingual('p', 'receipt.sheet.codeFor'),
    bilingual('h3', 'receipt.sheet.signedTitle'),
    bilingual('p', 'receipt.sheet.signedFor'),
  );
};

export const receiptView = (response: SubmitReportResponse) => {
  const { receiptCode, submittedAt, receipt, commission } = response;
  const name = receivedBy(response);
  const from = commission?.escalatedFrom;
  const copied = statusLine();
  const code = h(
    'output',
    { class: 'receipt-code', id: 'receipt-code', 'aria-describedby': 'receipt-warning' },
    receiptCode,
  );
  return h(
    'section',
    { class: 'receipt', 'aria-labelledby': 'receipt-title' },
    h(
      'div',
      { class: 'no-print' },
      h('h2', { id: 'receipt-title', tabindex: -1 }, t('receipt.title')),
      name ? h('p', { id: 'receipt-commission' }, t('receipt.commission', { name })) : null,
      from
        ? h(
            'p',
            { class: 'notice-box', id: 'receipt-escalated' },
            t('receipt.escalated', { from: commissionById(from)?.name ?? from, name }),
          )
        : null,
      h('p', {}, t('receipt.intro')),
      code,
      h('p', { class: 'warning', id: 'receipt-warning', role: 'note' }, t('receipt.warning')),
      h('p', { class: 'muted' }, t('receipt.submittedAt', { at: new Date(submittedAt).toLocaleString() })),
      h('h3', {}, t('receipt.signed.title')),
      h('p', { id: 'signed-receipt-intro' }, t('receipt.signed.intro')),
      h(
        'div',
        { class: 'actions' },
        copyButton(receiptCode, code, copied),
        downloadLink(receipt),
        h(
          'button',
          { type: 'button', id: 'print-receipt', onclick: () => window.print() },
          t('receipt.print'),
        ),
        h('a', { href: '/follow', class: 'button secondary' }, t('receipt.follow')),
      ),
      copied,
    ),
    receiptSheet(receiptCode, receipt, name),
  );
};
