/**
 * The evidence files of a report, for the staff handling it (intake before registration, the clue's
 * assignee and approvers after; the server answers anyone else 403). Each file shows its check
 * status; a checked file downloads through a short-lived URL the server signs on request, and each
 * download goes on the audit trail. No file is ever public: the page never keeps a URL.
 */
import { lang, t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDate, h, replace } from '../../lib/dom.ts';
import { statusLine } from '../../lib/form.ts';
import type { AttachmentDownload, AttachmentList } from '../../lib/responses.ts';
import type { Session } from '../../lib/session.ts';
import { errorText, fillFrom } from './shared.ts';

type Attachment = AttachmentList['items'][number];

const sizeText = (bytes: number) =>
  bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * A checked file: the button asks the server for a link (recorded on the audit trail), and the link
 * it answers is shown to follow at once; it lapses within minutes and the page does not keep it.
 */
const fileItem = (session: Session, a: Attachment) => {
  const status = statusLine('assertive');
  const slot = h('span', { class: 'download-slot' });
  const download = h(
    'button',
    { type: 'button', class: 'secondary', 'data-download': a.attachmentId },
    t('evidence.download'),
  );
  download.addEventListener('click', async () => {
    download.disabled = true;
    status.textContent = '';
    try {
      const link = await api<AttachmentDownload>(
        'POST',
        `/attachments/${encodeURIComponent(a.attachmentId)}/download`,
        { token: session.token, body: {} },
      );
      replace(
        slot,
        h(
          'a',
          { href: link.url, target: '_blank', rel: 'noopener noreferrer', 'data-link': a.attachmentId },
          t('evidence.openLink', { until: formatDate(link.expiresAt, lang()) }),
        ),
      );
      status.textContent = t('evidence.downloaded');
    } catch (error) {
      status.textContent = errorText(error);
    } finally {
      download.disabled = false;
    }
  });
  return h(
    'li',
    { 'data-attachment': a.attachmentId, 'data-status': a.status },
    h('strong', {}, a.fileName),
    ` · ${sizeText(a.size)} · ${formatDate(a.announcedAt, lang())} · `,
    h(
      'span',
      { class: a.status === 'AVAILABLE' ? 'badge' : 'badge warn' },
      tEnum('attachmentStatus', a.status),
    ),
    a.rejection ? ` (${tEnum('rejection', a.rejection)})` : null,
    a.status === 'AVAILABLE' ? [' ', download, ' ', slot] : null,
    status,
  );
};

/** One report's files: loaded when shown. */
export const evidenceSection = (session: Session, reportId: string) => {
  const body = h('div', { class: 'evidence-files', id: `evidence-${reportId}` });
  void fillFrom(
    body,
    () =>
      api<AttachmentList>('GET', `/reports/${encodeURIComponent(reportId)}/attachments`, {
        token: session.token,
      }),
    (list) =>
      list.items.length
        ? h(
            'ul',
            {},
            list.items.map((a) => fileItem(session, a)),
          )
        : h('p', { class: 'muted' }, t('evidence.none')),
  );
  return body;
};
