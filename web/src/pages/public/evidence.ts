/**
 * Evidence on the follow page: the report's files with their status, and adding more. Each chosen
 * file is hashed in the browser (SHA-256), announced with the receipt code, and PUT straight to the
 * evidence bucket through the short-lived URL the API gives, with its progress shown; then the page
 * asks the lookup again until the check has decided. The code stays in this closure, never stored.
 */
import { t, tEnum } from '../../i18n/index.ts';
import { type ApiError, api } from '../../lib/api.ts';
import { h, replace } from '../../lib/dom.ts';
import { statusLine } from '../../lib/form.ts';
import type { ReceiptLookup } from '../../lib/responses.ts';

type Listed = ReceiptLookup['attachments'][number];
interface Announced {
  attachmentId: string;
  upload: { method: 'PUT'; url: string; headers: Record<string, string> };
  expiresAt: string;
}

const accepted = '.pdf,.jpg,.jpeg,.png,.txt,.mp3,.m4a,.docx';
const sizeText = (bytes: number) =>
  bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** The type the API expects: what the browser says, or what the name says when it says nothing. */
const typeOf = (file: File) => {
  if (file.type) return file.type;
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return (
    (
      { m4a: 'audio/mp4', mp3: 'audio/mpeg', txt: 'text/plain', pdf: 'application/pdf' } as Record<
        string,
        string
      >
    )[ext] ?? 'application/octet-stream'
  );
};

const sha256 = async (file: File) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');

/** PUT with XMLHttpRequest, whose upload.onprogress fetch() does not offer. */
const put = (announced: Announced, file: File, progress: HTMLProgressElement) =>
  new Promise<void>((done, fail) => {
    const xhr = new XMLHttpRequest();
    xhr.open(announced.upload.method, announced.upload.url);
    for (const [name, value] of Object.entries(announced.upload.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
    };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? done() : fail(new Error(String(xhr.status))));
    xhr.onerror = () => fail(new Error('network'));
    xhr.send(file);
  });

const row = (file: Listed) =>
  h(
    'li',
    { 'data-attachment': file.attachmentId },
    h('span', { class: 'file-name' }, file.fileName),
    ' ',
    h('span', { class: 'muted' }, sizeText(file.size)),
    ' ',
    h(
      'span',
      { class: `badge attachment-${file.status.toLowerCase()}` },
      tEnum('attachmentStatus', file.status),
    ),
  );

export const evidenceSection = (receiptCode: string, initial: Listed[]) => {
  const list = h('ul', { class: 'attachments', id: 'attachments' });
  const uploads = h('ul', { class: 'uploads', id: 'uploads' });
  const status = statusLine('polite');
  const show = (files: Listed[]) =>
    files.length
      ? replace(list, ...files.map(row))
      : replace(list, h('li', { class: 'muted' }, t('evidence.none')));
  show(initial);

  /** Asks the lookup again until no file waits for its check (about ten seconds at most). */
  const refresh = async () => {
    for (let i = 0; i < 20; i++) {
      const found = await api<ReceiptLookup>('POST', '/receipts/lookup', { body: { receiptCode } });
      show(found.attachments);
      if (!found.attachments.some((a) => a.status === 'ANNOUNCED')) return;
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  const send = async (file: File) => {
    const progress = h('progress', { max: 100, value: 0 }) as HTMLProgressElement;
    const line = h(
      'li',
      {},
      h('span', { class: 'file-name' }, file.name),
      ' ',
      progress,
      ' ',
      t('evidence.uploading'),
    );
    uploads.append(line);
    try {
      const announced = await api<Announced>('POST', '/receipts/attachments', {
        body: {
          receiptCode,
          fileName: file.name,
          contentType: typeOf(file),
          size: file.size,
          sha256: await sha256(file),
        },
      });
      await put(announced, file, progress);
      progress.value = 100;
      line.remove();
    } catch (error) {
      const e = error as ApiError;
      const text =
        e.status === 415
          ? t('evidence.unsupported')
          : e.status === 413
            ? t('evidence.tooLarge')
            : t('evidence.failed');
      replace(line, h('span', { class: 'file-name' }, file.name), ' ', h('span', { class: 'error' }, text));
    }
  };

  const chooser = h('input', {
    type: 'file',
    id: 'evidence-files',
    multiple: true,
    accept: accepted,
  }) as HTMLInputElement;
  chooser.addEventListener('change', async () => {
    const files = [...(chooser.files ?? [])];
    chooser.value = '';
    status.textContent = '';
    await Promise.all(files.map(send));
    await refresh().catch(() => {
      status.textContent = t('error.generic');
    });
  });

  return h(
    'section',
    { class: 'evidence', 'aria-labelledby': 'evidence-title' },
    h('h3', { id: 'evidence-title' }, t('evidence.title')),
    h('p', { class: 'hint' }, t('evidence.intro')),
    list,
    h('label', { for: 'evidence-files' }, t('evidence.choose')),
    ' ',
    chooser,
    uploads,
    status,
  );
};
