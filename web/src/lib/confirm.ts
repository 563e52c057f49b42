/**
 * The one confirmation step for what cannot be undone (publishing a clearance, confirming a flag,
 * opening an identity): it says what will happen, in a list, and does it only on a second, explicit
 * click. Cancelling removes it and returns focus to where the person was. `run` does the step; if it
 * throws, the message from `failed` shows beside the buttons and the person may try again.
 */
import { t } from '../i18n/index.ts';
import { h, nextId, replace } from './dom.ts';
import { statusLine } from './form.ts';

export interface Confirmation {
  /** What is about to be done, as a heading: 确认发布澄清正名公告？ */
  title: string;
  /** What will happen, one consequence per line. */
  consequences: string[];
  /** The confirming button's label: 确认发布. */
  confirm: string;
  run(): Promise<void>;
  failed(error: unknown): string;
}

/** Puts the confirmation step into `slot`; `after` gets focus back when it is cancelled. */
export const askToConfirm = (slot: HTMLElement, c: Confirmation, after?: HTMLElement | null) => {
  const titleId = nextId('confirm-title');
  const status = statusLine('assertive');
  const yes = h('button', { type: 'button', class: 'danger confirm-yes' }, c.confirm);
  const no = h('button', { type: 'button', class: 'secondary confirm-no' }, t('confirm.cancel'));
  const panel = h(
    'section',
    { class: 'card confirm-step', role: 'group', 'aria-labelledby': titleId },
    h('h3', { id: titleId, tabindex: -1 }, c.title),
    h('p', {}, t('confirm.whatHappens')),
    h(
      'ul',
      { class: 'consequences' },
      c.consequences.map((line) => h('li', {}, line)),
    ),
    h('div', { class: 'actions' }, yes, no),
    status,
  );
  no.addEventListener('click', () => {
    replace(slot);
    after?.focus();
  });
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    no.disabled = true;
    status.textContent = '';
    try {
      await c.run();
    } catch (error) {
      status.textContent = c.failed(error);
      yes.disabled = false;
      no.disabled = false;
    }
  });
  replace(slot, panel);
  (panel.querySelector('h3') as HTMLElement).focus();
  return panel;
};
