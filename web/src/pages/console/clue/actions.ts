/**
 * The buttons for exactly the actions the signed-in person may take now (by the domain's own action
 * table, shared/domain/clue.ts, so the console and the API cannot disagree), and the form each opens.
 * A sent action hands the fresh clue back to the page; a VERSION_CONFLICT does too, saying what changed.
 */
import { actionRules, type ClueAction, clueActions } from '../../../../../shared/domain/clue.ts';
import { lang, t, tEnum } from '../../../i18n/index.ts';
import { ApiError, api } from '../../../lib/api.ts';
import { formatDate, h, replace } from '../../../lib/dom.ts';
import { statusLine } from '../../../lib/form.ts';
import type { ClueDetail } from '../../../lib/responses.ts';
import type { Session } from '../../../lib/session.ts';
import { errorText } from '../shared.ts';
import { formFor } from './action-forms.ts';
import { actionLabel } from './view.ts';

/** What the action forms need of the page: who acts, the clue as the server holds it, and showing it. */
export interface CluePageContext {
  session: Session;
  load(): Promise<ClueDetail>;
  show(clue: ClueDetail, banner?: HTMLElement): void;
  /** The member just stepped aside (回避): the clue gives way to the notice. */
  showRecused?(): void;
}

/** The actions this person may take on this clue now, by the domain's rules. */
export const availableActions = (clue: ClueDetail, session: Session): ClueAction[] =>
  clueActions.filter((action) => {
    const rule = actionRules[action];
    if (!rule.roles.some((r) => session.roles.includes(r))) return false;
    if (!(rule.from as readonly string[]).includes(clue.status)) return false;
    if (rule.person === 'assignee' && clue.assignee !== session.userId) return false;
    if (rule.person === 'notProposer' && clue.proposal?.proposedBy === session.userId) return false;
    const extension = clue.deadlines.extension;
    if (action === 'request-extension' && extension) return false;
    if (
      action === 'approve-extension' &&
      (!extension || extension.approvedBy || extension.requestedBy === session.userId)
    )
      return false;
    return true;
  });

/** What changed between the clue the person was looking at and the one the server holds. */
const changes = (before: ClueDetail, after: ClueDetail): string[] => {
  const out: string[] = [];
  if (before.status !== after.status)
    out.push(
      t('clue.changedStatus', {
        from: tEnum('clueStatus', before.status),
        to: tEnum('clueStatus', after.status),
      }),
    );
  if (before.assignee !== after.assignee)
    out.push(t('clue.changedAssignee', { from: before.assignee ?? '—', to: after.assignee ?? '—' }));
  const lastSeq = Math.max(0, ...before.history.map((e) => e.seq));
  for (const e of after.history.filter((x) => x.seq > lastSeq))
    out.push(
      t('clue.changedEntry', { actor: e.actor, action: actionLabel(e.action), at: formatDate(e.at, lang()) }),
    );
  return out.length ? out : [t('clue.changedVersion', { from: before.version, to: after.version })];
};

const doneBanner = (action: ClueAction) =>
  h(
    'p',
    { class: 'status ok', role: 'status', id: 'action-done', 'data-action': action },
    t('clue.done', { action: actionLabel(action) }),
  );

const conflictBanner = (before: ClueDetail, after: ClueDetail) =>
  h(
    'div',
    { class: 'status bad', role: 'alert', id: 'version-conflict' },
    h('p', {}, t('clue.conflict')),
    h(
      'ul',
      {},
      changes(before, after).map((c) => h('li', {}, c)),
    ),
  );

/** Sends the action on the version shown; the page then shows the clue as it is now. */
const send = async (
  action: ClueAction,
  clue: ClueDetail,
  extra: Record<string, unknown>,
  page: CluePageContext,
) => {
  try {
    const updated = await api<ClueDetail>('POST', `/clues/${encodeURIComponent(clue.clueId)}/actions`, {
      token: page.session.token,
      body: { action, expectedVersion: clue.version, ...extra },
    });
    page.show(await page.load().catch(() => updated), doneBanner(action));
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'VERSION_CONFLICT')) throw error;
    const fresh = await page.load();
    page.show(fresh, conflictBanner(clue, fresh));
  }
};

const actionForm = (action: ClueAction, clue: ClueDetail, page: CluePageContext, close: () => void) => {
  const form = formFor(action, clue, page.session);
  const status = statusLine('assertive');
  const submit = h(
    'button',
    { type: 'submit', id: 'confirm-action' },
    t('clue.confirm', { action: actionLabel(action) }),
  );
  const cancel = h('button', { type: 'button', class: 'secondary', onclick: close }, t('clue.cancel'));
  const element = h(
    'form',
    { novalidate: true, class: 'card', 'data-action': action },
    h('h3', { tabindex: -1 }, actionLabel(action)),
    ...form.fields,
    h('div', { class: 'actions' }, submit, cancel),
    status,
  );
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    const extra = form.payload();
    if (!extra) return;
    submit.disabled = true;
    await send(action, clue, extra, page).catch((error: unknown) => {
      submit.disabled = false;
      status.textContent = errorText(error);
    });
  });
  return element;
};

export const actionsSection = (clue: ClueDetail, page: CluePageContext) => {
  const panel = h('div', { id: 'action-panel' });
  const open = (action: ClueAction) => {
    const form = actionForm(action, clue, page, () => replace(panel));
    replace(panel, form);
    (form.querySelector('h3') as HTMLElement).focus();
  };
  const actions = availableActions(clue, page.session);
  return h(
    'section',
    { 'aria-labelledby': 'actions-title', class: 'card' },
    h('h2', { id: 'actions-title' }, t('clue.actions')),
    actions.length
      ? h(
          'div',
          { class: 'actions', id: 'clue-actions' },
          actions.map((a) =>
            h('button', { type: 'button', 'data-action': a, onclick: () => open(a) }, actionLabel(a)),
          ),
        )
      : h('p', { class: 'muted', id: 'no-actions' }, t('clue.noActions')),
    panel,
  );
};
