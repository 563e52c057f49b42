/**
 * Follow-up visits (回访) after a published clearance: the pending visits by due date (all of them,
 * or only those due now), and for the clue's investigator or an approver, recording a visit with
 * what was learned. A recorded visit leaves the list and goes on the clue's audit trail.
 */
import { lang, t } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDay, h, replace } from '../../lib/dom.ts';
import { choice, field, input, statusLine, textarea } from '../../lib/form.ts';
import { personLine } from '../../lib/parts.ts';
import type { FollowUp, FollowUpList } from '../../lib/responses.ts';
import type { RouteContext } from '../../lib/router.ts';
import { hasRole, type Session } from '../../lib/session.ts';
import { consolePage, cursorParam, errorText, fillPaged, listOrNone, requireSession } from './shared.ts';

/** Today in China, as the date input reads it (the visit may not be recorded ahead). */
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

const recordForm = (f: FollowUp, session: Session, recorded: () => Promise<void>) => {
  const notes = field(
    t('followUps.notes'),
    textarea({ maxlength: 4000, name: `notes-${f.followUpId}`, rows: 4 }),
    {
      required: true,
      hint: t('followUps.notesHint'),
    },
  );
  const visited = field(
    t('followUps.visitedAt'),
    input({ type: 'date', name: `visited-${f.followUpId}`, max: today() }),
    { hint: t('followUps.visitedAtHint') },
  );
  const status = statusLine('assertive');
  const form = h(
    'form',
    { novalidate: true, class: 'record-visit' },
    notes.wrap,
    visited.wrap,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('followUps.record'))),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    notes.setError();
    const text = notes.control.value.trim();
    if (!text) {
      notes.setError(t('validation.required'));
      notes.control.focus();
      return;
    }
    // A day alone is read as noon in China, so it is that day wherever the browser is.
    const day = visited.control.value;
    const body = {
      notes: text,
      ...(day ? { visitedAt: new Date(`${day}T12:00:00+08:00`).toISOString() } : {}),
    };
    try {
      await api('POST', `/follow-ups/${encodeURIComponent(f.followUpId)}`, { token: session.token, body });
      await recorded();
    } catch (error) {
      status.textContent = errorText(error);
    }
  });
  return form;
};

const visitCard = (f: FollowUp, session: Session, recorded: () => Promise<void>) => {
  const due = f.dueAt <= new Date().toISOString();
  return h(
    'li',
    { class: 'card', 'data-follow-up': f.followUpId },
    h('h3', {}, personLine(f.cadre)),
    h(
      'p',
      {},
      due
        ? h('span', { class: 'badge warn' }, t('followUps.dueNow', { at: formatDay(f.dueAt, lang()) }))
        : h('span', { class: 'badge' }, t('followUps.dueOn', { at: formatDay(f.dueAt, lang()) })),
      ' · ',
      h('a', { href: `/console/clues/${encodeURIComponent(f.clueId)}` }, t('followUps.clue')),
      ' · ',
      h('a', { href: `/console/clearances/${encodeURIComponent(f.clearanceId)}` }, t('followUps.clearance')),
    ),
    hasRole(session, 'investigator', 'approver') ? recordForm(f, session, recorded) : null,
  );
};

export const followUpsPage = async (_: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const dueOnly = h('input', { type: 'checkbox', id: 'due-only' });
  const list = h('div', { id: 'follow-up-list' });
  const done = h('div', { 'aria-live': 'polite' });
  const load = (): Promise<void> =>
    fillPaged(
      list,
      'follow-up-list',
      (cursor) =>
        api<FollowUpList>(
          'GET',
          `/follow-ups?limit=50${dueOnly.checked ? '&due=true' : ''}${cursorParam(cursor)}`,
          {
            token: session.token,
          },
        ),
      (shown) =>
        listOrNone(shown, (items) =>
          h(
            'ul',
            { class: 'follow-ups' },
            items.map((f) =>
              visitCard(f, session, async () => {
                await load();
                replace(done, h('p', { class: 'status ok', id: 'visit-recorded' }, t('followUps.recorded')));
              }),
            ),
          ),
        ),
    );
  dueOnly.addEventListener('change', () => void load());
  await load();
  return consolePage(
    session,
    '/console/follow-ups',
    t('console.followUps'),
    h('p', {}, t('followUps.intro')),
    choice(dueOnly, t('followUps.dueOnly')),
    done,
    list,
  );
};
