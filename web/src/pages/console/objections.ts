/**
 * Objections (异议) for approvers: the list by status (OPEN first), each with the reporter's reasons;
 * an approver upholds the conclusion or reopens the clue, with a reason, after confirming.
 */
import { lang, t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { formatDate, formatDay, h, replace } from '../../lib/dom.ts';
import { field, statusLine, textarea } from '../../lib/form.ts';
import type { Objection, ObjectionList } from '../../lib/responses.ts';
import type { RouteContext } from '../../lib/router.ts';
import type { Session } from '../../lib/session.ts';
import {
  caseLabel,
  consolePage,
  cursorParam,
  errorText,
  fillPaged,
  listOrNone,
  requireSession,
  statusPicker,
} from './shared.ts';

type Decision = 'UPHOLD' | 'REOPEN';

/** The words of a decision: a clue's conclusion, or a decline before registration (不予受理). */
const words = (objection: Objection) => {
  const key = objection.against === 'NOT_ACCEPTED' ? 'objections.declined' : 'objections';
  return {
    lodgedAt: `${key}.lodgedAt`,
    uphold: `${key}.uphold`,
    reopen: `${key}.reopen`,
    confirmUphold: `${key}.confirmUphold`,
    confirmReopen: `${key}.confirmReopen`,
  } as const;
};

const decisionPanel = (objection: Objection, session: Session, reload: () => Promise<void>) => {
  const say = words(objection);
  const status = statusLine('assertive');
  const reason = field(
    t('objections.reason'),
    textarea({ maxlength: 1000, name: `reason-${objection.objectionId}`, rows: 3 }),
    { required: true, hint: t('objections.reasonHint') },
  );
  const confirmation = h('div', { class: 'confirmation' });
  const send = async (decision: Decision) => {
    try {
      await api('POST', `/objections/${encodeURIComponent(objection.objectionId)}/decision`, {
        token: session.token,
        body: { decision, reason: reason.control.value.trim() },
      });
      await reload();
    } catch (error) {
      status.textContent = errorText(error);
    }
  };
  /** Asks once more before a decision that cannot be taken back. */
  const ask = (decision: Decision) => {
    reason.setError();
    if (!reason.control.value.trim()) {
      reason.setError(t('validation.required'));
      reason.control.focus();
      return;
    }
    const question = decision === 'REOPEN' ? t(say.confirmReopen) : t(say.confirmUphold);
    const yes = h(
      'button',
      { type: 'button', 'data-confirm': decision, onclick: () => void send(decision) },
      decision === 'REOPEN' ? t(say.reopen) : t(say.uphold),
    );
    replace(
      confirmation,
      h('p', { role: 'alert' }, question),
      h(
        'div',
        { class: 'actions' },
        yes,
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => replace(confirmation) },
          t('clue.cancel'),
        ),
      ),
    );
    yes.focus();
  };
  return h(
    'div',
    { class: 'decision' },
    reason.wrap,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', 'data-decision': 'UPHOLD', onclick: () => ask('UPHOLD') }, t(say.uphold)),
      h(
        'button',
        { type: 'button', class: 'secondary', 'data-decision': 'REOPEN', onclick: () => ask('REOPEN') },
        t(say.reopen),
      ),
    ),
    confirmation,
    status,
  );
};

/** A clue's conclusion links to the clue; a 不予受理 objection names the declined report. */
const objectionHeading = (objection: Objection) =>
  h(
    'h3',
    {},
    objection.clueId
      ? h(
          'a',
          { href: `/console/clues/${encodeURIComponent(objection.clueId)}` },
          caseLabel({ caseNumber: objection.clueCaseNumber }, objection.clueId),
        )
      : h('span', { class: 'badge', 'data-against': 'NOT_ACCEPTED' }, t('objections.againstDecline')),
    ` · ${objection.reportId} · `,
    h('span', { class: 'badge warn' }, tEnum('objectionStatus', objection.status)),
  );

const declinedReport = (report: NonNullable<Objection['report']>) =>
  h(
    'div',
    { class: 'declined-report' },
    h(
      'p',
      {},
      t('objections.declinedReport', {
        name: report.accused.name,
        organization: report.accused.organization,
        position: report.accused.position,
        at: formatDate(report.submittedAt, lang()),
      }),
    ),
    report.declineReason
      ? h('p', { class: 'muted' }, t('objections.declineReason', { reason: report.declineReason }))
      : null,
  );

const objectionCard = (objection: Objection, session: Session, reload: () => Promise<void>) =>
  h(
    'li',
    { class: 'card', 'data-objection': objection.objectionId },
    objectionHeading(objection),
    objection.report ? declinedReport(objection.report) : null,
    h(
      'p',
      { class: 'muted' },
      t(words(objection).lodgedAt, {
        at: formatDate(objection.lodgedAt, lang()),
        conclusion: formatDay(objection.conclusionAt, lang()),
      }),
    ),
    h('h4', {}, t('objections.reporterReason')),
    h('p', { class: 'objection-reason' }, objection.reason ?? ''),
    objection.decision
      ? h(
          'p',
          {},
          t('objections.decided', {
            decision: tEnum('objectionStatus', objection.status),
            by: objection.decision.decidedBy,
            at: formatDate(objection.decision.decidedAt, lang()),
          }),
          h('div', { class: 'muted' }, objection.decision.reason),
        )
      : decisionPanel(objection, session, reload),
  );

export const objectionsPage = async ({ query }: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const pick = statusPicker(
    t('objections.byStatus'),
    'objectionStatus',
    ['OPEN', 'UPHELD', 'REOPENED'],
    'objection-status',
  );
  pick.control.value = query.get('status') ?? 'OPEN';
  const list = h('div', { id: 'objection-list' });
  const load = (): Promise<void> =>
    fillPaged(
      list,
      'objection-list',
      (cursor) =>
        api<ObjectionList>('GET', `/objections?status=${pick.control.value}&limit=50${cursorParam(cursor)}`, {
          token: session.token,
        }),
      (shown) =>
        listOrNone(shown, (items) =>
          h(
            'ul',
            { class: 'objections' },
            items.map((o) => objectionCard(o, session, load)),
          ),
        ),
    );
  pick.control.addEventListener('change', () => void load());
  await load();
  return consolePage(
    session,
    '/console/objections',
    t('console.objections'),
    h('p', {}, t('objections.intro')),
    pick.wrap,
    list,
  );
};
