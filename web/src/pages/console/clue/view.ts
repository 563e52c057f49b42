/**
 * The read-only parts of the clue page, each a function of the clue alone: what it is and where it
 * stands (the header), its allegations with their findings, its reports, the conclusion's summary
 * and the history.
 */
import { lang, t, tEnum } from '../../../i18n/index.ts';
import { formatDate, h } from '../../../lib/dom.ts';
import { metaList, personLine } from '../../../lib/parts.ts';
import type { ClueDetail } from '../../../lib/responses.ts';
import { unreadMarker } from '../conversation.ts';
import { daysLeftText, flagMarker } from '../shared.ts';
import { identityBadge } from './identity-form.ts';

type Allegation = ClueDetail['allegations'][number];
type HistoryEntry = ClueDetail['history'][number];

export const actionLabel = (action: string) => tEnum('action', action);

/** Status, version, the accused, assignee, deadline, the overall finding once concluded, the flag marker. */
export const clueHeader = (clue: ClueDetail) => [
  metaList(
    [t('console.col.status'), tEnum('clueStatus', clue.status), { id: 'clue-status' }],
    [t('clue.version'), String(clue.version), { id: 'clue-version' }],
    [t('console.col.accused'), personLine(clue.accused)],
    [t('console.col.assignee'), clue.assignee ?? '—', { id: 'clue-assignee' }],
    [
      t('console.col.deadline'),
      [daysLeftText(clue.deadline), clue.deadline ? ` (${formatDate(clue.deadline.at, lang())})` : ''],
      { class: clue.deadline?.overdue ? 'overdue' : '' },
    ],
    clue.overallFinding && [
      t('clue.overallFinding'),
      tEnum('finding', clue.overallFinding),
      { id: 'clue-finding' },
    ],
  ),
  clue.reporterFlag
    ? h('p', {}, flagMarker(clue.reporterFlag), ' ', h('span', { class: 'hint' }, t('clue.reporterFlagHint')))
    : null,
  objectionMarker(clue),
];

/** 异议: an open objection waits for an approver; a reopened conclusion is named with its date. */
const objectionMarker = (clue: ClueDetail) => {
  const open = clue.objections?.filter((o) => o.status === 'OPEN') ?? [];
  const reopened = clue.reopenedConclusions ?? [];
  if (!open.length && !reopened.length) return null;
  return h(
    'p',
    { 'data-marker': 'objection' },
    open.length
      ? h(
          'a',
          { class: 'badge warn', href: '/console/objections' },
          t('clue.objectionOpen', { count: open.length }),
        )
      : null,
    reopened.map((c) => [
      ' ',
      h(
        'span',
        { class: 'badge' },
        t('clue.conclusionReopened', {
          at: formatDate(c.concludedAt, lang()),
          finding: tEnum('finding', c.overallFinding),
        }),
      ),
    ]),
  );
};

const allegationItem = (a: Allegation, clue: ClueDetail) => {
  const finding = (clue.conclusion ?? clue.proposal)?.findings.find((f) => f.allegationId === a.allegationId);
  return h(
    'li',
    { 'data-allegation': a.allegationId },
    h('strong', {}, a.summary),
    a.predatesTenure
      ? [' ', h('span', { class: 'badge', 'data-marker': 'predatesTenure' }, t('clue.predatesTenure'))]
      : null,
    a.details ? h('p', {}, a.details) : null,
    a.incidentFrom || a.incidentTo
      ? h('p', { class: 'muted' }, t('clue.period', { from: a.incidentFrom ?? '?', to: a.incidentTo ?? '?' }))
      : null,
    finding ? h('p', {}, `${tEnum('finding', finding.finding)}: ${finding.reason}`) : null,
  );
};

/** The allegations, with the old-debt marker and the finding proposed or concluded on each. */
export const allegationsSection = (clue: ClueDetail) => [
  h('h2', {}, t('clue.allegations')),
  h(
    'ol',
    { class: 'allegation-list' },
    clue.allegations.map((a) => allegationItem(a, clue)),
  ),
];

export const reportsSection = (
  clue: ClueDetail,
  extra?: (report: ClueDetail['reports'][number]) => Node | null,
) => [
  h('h2', {}, t('clue.reports')),
  h(
    'ul',
    {},
    clue.reports.map((r) =>
      h(
        'li',
        { 'data-report': r.reportId },
        `${r.reportId} · ${tEnum('category', r.category)} · ${tEnum('reporterKind', r.reporterKind)} · ${formatDate(r.submittedAt, lang())} `,
        r.reporterFlag ? flagMarker(r.reporterFlag) : null,
        unreadMarker(r.unreadMessages),
        ' ',
        // 保存期限: the identity, messages and files of this report are gone; say so where they were.
        r.erasedAt
          ? h(
              'span',
              { class: 'muted', 'data-erased': r.erasedAt },
              t('retention.erased', { date: formatDate(r.erasedAt, lang()) }),
            )
          : [identityBadge(r.identityStatus), extra?.(r) ?? null],
      ),
    ),
  ),
];

/** The conclusion's summary once approved, else the proposal's; nothing before a proposal. */
export const summarySection = ({ conclusion, proposal }: ClueDetail) => {
  const [summary, by] = conclusion
    ? [conclusion.summary, t('clue.approvedBy', { user: conclusion.approvedBy })]
    : proposal
      ? [proposal.summary, t('clue.proposedBy', { user: proposal.proposedBy })]
      : [];
  if (summary === undefined) return [];
  return [h('h2', {}, t('clue.summaryTitle')), h('p', {}, summary, ' ', h('span', { class: 'muted' }, by))];
};

const statusChange = ({ fromStatus, toStatus }: HistoryEntry) =>
  fromStatus && toStatus && fromStatus !== toStatus
    ? ` · ${tEnum('clueStatus', fromStatus)} → ${tEnum('clueStatus', toStatus)}`
    : toStatus
      ? ` · ${tEnum('clueStatus', toStatus)}`
      : '';

export const historySection = (clue: ClueDetail) => [
  h('h2', {}, t('clue.history')),
  h(
    'ol',
    { class: 'timeline', id: 'history' },
    clue.history.map((e) =>
      h(
        'li',
        {},
        h('time', { datetime: e.at }, formatDate(e.at, lang())),
        ` ${actionLabel(e.action)} · ${e.actor} (${tEnum('role', e.role)})`,
        statusChange(e),
        e.reason ? h('div', { class: 'muted' }, e.reason) : null,
        e.personal?.reason ? h('div', { class: 'muted' }, e.personal.reason) : null,
        e.personalErasedAt
          ? h(
              'div',
              { class: 'muted' },
              t('retention.erased', { date: formatDate(e.personalErasedAt, lang()) }),
            )
          : null,
      ),
    ),
  ),
];
