/**
 * One clue: reports, allegations (with the old-debt marker), the reporter-flag marker, the history,
 * and buttons for exactly the actions the signed-in person may take now. The rules come from the
 * domain's own action table (shared/domain/clue.ts), so the console and the API cannot disagree.
 * A VERSION_CONFLICT reloads the clue and says what changed; INVALID_TRANSITION is explained.
 */
import { actionRules, type ClueAction, clueActions } from '../../../../shared/domain/clue.ts';
import { clearable, findings, reasonProblem } from '../../../../shared/domain/findings.ts';
import { lang, t, tEnum } from '../../i18n/index.ts';
import { ApiError, api } from '../../lib/api.ts';
import { formatDate, h, replace } from '../../lib/dom.ts';
import { type Field, field, input, select, statusLine, textarea } from '../../lib/form.ts';
import { navigate, type RouteContext } from '../../lib/router.ts';
import type { Session } from '../../lib/session.ts';
import { consolePage, daysLeftText, errorText, requireSession } from './shared.ts';

interface HistoryEntry {
  seq: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  fromStatus?: string;
  toStatus?: string;
  reason?: string;
}
interface Flag {
  level: string;
  status: string;
  flagId: string;
}
export interface ClueDetail {
  clueId: string;
  status: string;
  version: number;
  registeredAt: string;
  accused: { name: string; position: string; organization: string };
  assignee?: string;
  deadline?: { kind: string; at: string; overdue: boolean; daysLeft: number };
  overallFinding?: string;
  reports: {
    reportId: string;
    submittedAt: string;
    category: string;
    reporterKind: string;
    reporterFlag?: Flag;
  }[];
  allegations: {
    allegationId: string;
    reportId: string;
    summary: string;
    details?: string;
    incidentFrom?: string;
    incidentTo?: string;
    predatesTenure?: boolean;
  }[];
  history: HistoryEntry[];
  deadlines: {
    concludeBy?: string;
    suspended: boolean;
    extension?: { requestedBy?: string; approvedBy?: string; days?: number };
  };
  proposal?: {
    findings: { allegationId: string; finding: string; reason: string }[];
    summary: string;
    proposedBy: string;
  };
  conclusion?: {
    findings: { allegationId: string; finding: string; reason: string }[];
    summary: string;
    approvedBy: string;
    concludedAt: string;
  };
  reporterFlag?: Flag;
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

const actionLabel = (action: string) => tEnum('action', action);

interface ActionForm {
  fields: Node[];
  payload(): Record<string, unknown> | undefined;
}

const reasonField = () =>
  field(t('clue.reason'), textarea({ maxlength: 500, name: 'reason' }), { required: true });

const formFor = (action: ClueAction, clue: ClueDetail): ActionForm => {
  const need = (f: Field) => {
    if (f.control.value.trim()) return true;
    f.setError(t('validation.required'));
    f.control.focus();
    return false;
  };
  switch (action) {
    case 'assign': {
      const assignee = field(
        t('clue.assignee'),
        input({ name: 'assignee', maxlength: 128, list: 'known-investigators' }),
        { required: true, hint: t('clue.assigneeHint') },
      );
      const known = h('datalist', { id: 'known-investigators' }, h('option', { value: 'demo-investigator' }));
      return {
        fields: [assignee.wrap, known],
        payload: () => (need(assignee) ? { assignee: assignee.control.value.trim() } : undefined),
      };
    }
    case 'start-verification':
      return { fields: [], payload: () => ({}) };
    case 'propose-conclusion': {
      const rows = clue.allegations.map((a, i) => {
        const finding = field(
          t('clue.findingFor', { n: i + 1 }),
          select(
            [
              ['', t('clue.chooseFinding')],
              ...findings.map((f): [string, string] => [f, tEnum('finding', f)]),
            ],
            { name: `finding-${a.allegationId}`, 'data-allegation': a.allegationId },
          ),
          { required: true },
        );
        const reason = field(
          t('clue.findingReason', { n: i + 1 }),
          textarea({ maxlength: 500, name: `reason-${a.allegationId}`, rows: 3 }),
          { required: true, hint: t('clue.findingReasonHint') },
        );
        return { a, finding, reason };
      });
      const summary = field(t('clue.summary'), textarea({ maxlength: 2000, name: 'summary' }), {
        required: true,
      });
      return {
        fields: [
          ...rows.map((r) =>
            h('fieldset', { class: 'finding' }, h('legend', {}, r.a.summary), r.finding.wrap, r.reason.wrap),
          ),
          summary.wrap,
        ],
        payload: () => {
          let ok = true;
          for (const r of rows) {
            r.finding.setError();
            r.reason.setError();
            if (!r.finding.control.value) {
              r.finding.setError(t('validation.required'));
              ok = false;
              continue;
            }
            const problem = reasonProblem(
              r.finding.control.value as (typeof findings)[number],
              r.reason.control.value,
            );
            if (problem) {
              r.reason.setError(
                r.finding.control.value === 'FABRICATED'
                  ? t('clue.fabricatedReason')
                  : t('clue.reasonTooShort'),
              );
              ok = false;
            }
          }
          summary.setError();
          if (!summary.control.value.trim()) {
            summary.setError(t('validation.required'));
            ok = false;
          }
          if (!ok) return undefined;
          return {
            findings: rows.map((r) => ({
              allegationId: r.a.allegationId,
              finding: r.finding.control.value,
              reason: r.reason.control.value.trim(),
            })),
            summary: summary.control.value.trim(),
          };
        },
      };
    }
    case 'approve-conclusion': {
      const comment = field(t('clue.comment'), textarea({ maxlength: 1000, name: 'comment' }));
      return {
        fields: [comment.wrap],
        payload: () => (comment.control.value.trim() ? { comment: comment.control.value.trim() } : {}),
      };
    }
    case 'request-extension':
    case 'approve-extension': {
      const days = field(
        t('clue.days'),
        input({ type: 'number', min: 1, max: 90, name: 'days', value: 30 }),
        { required: true },
      );
      const reason = reasonField();
      return {
        fields: [days.wrap, reason.wrap],
        payload: () => {
          const n = Number(days.control.value);
          if (!Number.isInteger(n) || n < 1 || n > 90) {
            days.setError(t('clue.daysRange'));
            return undefined;
          }
          return need(reason) ? { days: n, reason: reason.control.value.trim() } : undefined;
        },
      };
    }
    case 'transfer': {
      const to = field(t('clue.transferTo'), input({ maxlength: 200, name: 'to' }), { required: true });
      const reason = reasonField();
      return {
        fields: [to.wrap, reason.wrap],
        payload: () =>
          need(to) && need(reason)
            ? { to: to.control.value.trim(), reason: reason.control.value.trim() }
            : undefined,
      };
    }
    default: {
      const reason = reasonField();
      return {
        fields: [reason.wrap],
        payload: () => (need(reason) ? { reason: reason.control.value.trim() } : undefined),
      };
    }
  }
};

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

const clearanceForm = (clue: ClueDetail, session: Session) => {
  const conclusion = clue.conclusion;
  if (
    !conclusion ||
    clue.status !== 'CONCLUDED' ||
    clue.assignee !== session.userId ||
    !session.roles.includes('investigator')
  )
    return null;
  const byId = new Map(clue.allegations.map((a) => [a.allegationId, a]));
  const boxes = conclusion.findings.map((f) => {
    const eligible = clearable(f.finding as (typeof findings)[number]);
    const id = `clear-${f.allegationId}`;
    const box = h('input', {
      type: 'checkbox',
      id,
      value: f.allegationId,
      disabled: !eligible,
      'data-eligible': String(eligible),
    });
    return {
      box,
      row: h(
        'div',
        { class: 'choice' },
        box,
        h(
          'label',
          { for: id },
          `${byId.get(f.allegationId)?.summary ?? f.allegationId} — ${tEnum('finding', f.finding)}`,
          eligible ? '' : ` (${t('clearance.notEligible')})`,
        ),
      ),
    };
  });
  if (!boxes.some((b) => b.box.dataset.eligible === 'true'))
    return h('p', { class: 'muted' }, t('clearance.noneEligible'));
  const trigger = field(
    t('clearance.trigger'),
    select(
      ['DEPARTMENT_PROPOSAL', 'CADRE_APPLICATION'].map((v) => [v, tEnum('trigger', v)]),
      { name: 'trigger' },
    ),
  );
  const method = field(
    t('clearance.method'),
    select(
      ['LETTER', 'IN_PERSON', 'MEETING', 'PUBLIC_NOTICE'].map((v) => [v, tEnum('method', v)]),
      { name: 'method' },
    ),
  );
  const harms = ['CAREER_AFFECTED', 'RIGHTS_AFFECTED', 'REPEATED_REPORTS', 'OTHER'].map((v) => {
    const box = h('input', { type: 'checkbox', id: `harm-${v}`, value: v });
    return {
      box,
      row: h('div', { class: 'choice' }, box, h('label', { for: `harm-${v}` }, tEnum('harm', v))),
    };
  });
  const statement = field(t('clearance.statement'), textarea({ maxlength: 2000, name: 'statement' }), {
    required: true,
  });
  const email = field(
    t('clearance.cadreEmail'),
    input({ type: 'email', maxlength: 254, name: 'cadre-email' }),
    { required: true },
  );
  const status = statusLine('assertive');
  const form = h(
    'form',
    { novalidate: true, id: 'clearance-form' },
    h('fieldset', {}, h('legend', {}, t('clearance.allegations')), ...boxes.map((b) => b.row)),
    trigger.wrap,
    h('fieldset', {}, h('legend', {}, t('clearance.harm')), ...harms.map((x) => x.row)),
    method.wrap,
    statement.wrap,
    email.wrap,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('clearance.create'))),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const allegationIds = boxes.filter((b) => b.box.checked && !b.box.disabled).map((b) => b.box.value);
    const harm = harms.filter((x) => x.box.checked).map((x) => x.box.value);
    if (!allegationIds.length) {
      status.textContent = t('clearance.chooseAllegation');
      return;
    }
    if (!harm.length) {
      status.textContent = t('clearance.chooseHarm');
      return;
    }
    if (!statement.control.value.trim()) return statement.setError(t('validation.required'));
    if (!email.control.value.trim()) return email.setError(t('validation.required'));
    try {
      const created = await api<{ clearanceId: string }>(
        'POST',
        `/clues/${encodeURIComponent(clue.clueId)}/clearances`,
        {
          token: session.token,
          body: {
            trigger: trigger.control.value,
            harm,
            method: method.control.value,
            allegationIds,
            statement: statement.control.value.trim(),
            cadreContact: { email: email.control.value.trim() },
          },
        },
      );
      navigate(`/console/clearances/${encodeURIComponent(created.clearanceId)}`);
    } catch (error) {
      status.textContent = errorText(error);
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'clearance-title', class: 'card' },
    h('h2', { id: 'clearance-title' }, t('clearance.propose')),
    h('p', { class: 'hint' }, t('clearance.rules')),
    form,
  );
};

const flagMarker = (flag: Flag) =>
  h(
    'span',
    { class: 'badge warn', 'data-marker': 'reporterFlag' },
    t('clue.reporterFlag', {
      level: tEnum('flagLevel', flag.level),
      status: tEnum('flagStatus', flag.status),
    }),
  );

export const cluePage = async ({ params }: RouteContext) => {
  const session = requireSession();
  if (!session) return h('div');
  const clueId = params.clueId ?? '';
  const load = () => api<ClueDetail>('GET', `/clues/${encodeURIComponent(clueId)}`, { token: session.token });
  const body = h('div');
  const panel = h('div', { id: 'action-panel' });

  const render = (clue: ClueDetail, banner?: Node) => {
    replace(panel);
    const actions = availableActions(clue, session);
    const openForm = (action: ClueAction) => {
      const form = formFor(action, clue);
      const status = statusLine('assertive');
      const submit = h(
        'button',
        { type: 'submit', id: 'confirm-action' },
        t('clue.confirm', { action: actionLabel(action) }),
      );
      const el = h(
        'form',
        { novalidate: true, class: 'card', 'data-action': action },
        h('h3', { tabindex: -1 }, actionLabel(action)),
        ...form.fields,
        h(
          'div',
          { class: 'actions' },
          submit,
          h(
            'button',
            { type: 'button', class: 'secondary', onclick: () => replace(panel) },
            t('clue.cancel'),
          ),
        ),
        status,
      );
      el.addEventListener('submit', async (event) => {
        event.preventDefault();
        const extra = form.payload();
        if (!extra) return;
        submit.disabled = true;
        try {
          const updated = await api<ClueDetail>('POST', `/clues/${encodeURIComponent(clue.clueId)}/actions`, {
            token: session.token,
            body: { action, expectedVersion: clue.version, ...extra },
          });
          const fresh = await load().catch(() => updated);
          render(
            fresh,
            h(
              'p',
              { class: 'status ok', role: 'status', id: 'action-done', 'data-action': action },
              t('clue.done', { action: actionLabel(action) }),
            ),
          );
        } catch (error) {
          submit.disabled = false;
          if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
            const fresh = await load();
            render(
              fresh,
              h(
                'div',
                { class: 'status bad', role: 'alert', id: 'version-conflict' },
                h('p', {}, t('clue.conflict')),
                h(
                  'ul',
                  {},
                  changes(clue, fresh).map((c) => h('li', {}, c)),
                ),
              ),
            );
            return;
          }
          status.textContent = errorText(error);
        }
      });
      replace(panel, el);
      (el.querySelector('h3') as HTMLElement).focus();
    };

    replace(
      body,
      banner ?? null,
      h(
        'dl',
        { class: 'meta' },
        h('dt', {}, t('console.col.status')),
        h('dd', { id: 'clue-status' }, tEnum('clueStatus', clue.status)),
        h('dt', {}, t('clue.version')),
        h('dd', { id: 'clue-version' }, String(clue.version)),
        h('dt', {}, t('console.col.accused')),
        h('dd', {}, `${clue.accused.name}，${clue.accused.organization} ${clue.accused.position}`),
        h('dt', {}, t('console.col.assignee')),
        h('dd', { id: 'clue-assignee' }, clue.assignee ?? '—'),
        h('dt', {}, t('console.col.deadline')),
        h(
          'dd',
          { class: clue.deadline?.overdue ? 'overdue' : '' },
          daysLeftText(clue.deadline),
          clue.deadline ? ` (${formatDate(clue.deadline.at, lang())})` : '',
        ),
        clue.overallFinding
          ? [
              h('dt', {}, t('clue.overallFinding')),
              h('dd', { id: 'clue-finding' }, tEnum('finding', clue.overallFinding)),
            ]
          : null,
      ),
      clue.reporterFlag
        ? h(
            'p',
            {},
            flagMarker(clue.reporterFlag),
            ' ',
            h('span', { class: 'hint' }, t('clue.reporterFlagHint')),
          )
        : null,
      h(
        'section',
        { 'aria-labelledby': 'actions-title', class: 'card' },
        h('h2', { id: 'actions-title' }, t('clue.actions')),
        actions.length
          ? h(
              'div',
              { class: 'actions', id: 'clue-actions' },
              actions.map((a) =>
                h('button', { type: 'button', 'data-action': a, onclick: () => openForm(a) }, actionLabel(a)),
              ),
            )
          : h('p', { class: 'muted', id: 'no-actions' }, t('clue.noActions')),
        panel,
      ),
      clearanceForm(clue, session),
      h('h2', {}, t('clue.allegations')),
      h(
        'ol',
        { class: 'allegation-list' },
        clue.allegations.map((a) => {
          const finding = (clue.conclusion ?? clue.proposal)?.findings.find(
            (f) => f.allegationId === a.allegationId,
          );
          return h(
            'li',
            { 'data-allegation': a.allegationId },
            h('strong', {}, a.summary),
            a.predatesTenure
              ? [
                  ' ',
                  h('span', { class: 'badge', 'data-marker': 'predatesTenure' }, t('clue.predatesTenure')),
                ]
              : null,
            a.details ? h('p', {}, a.details) : null,
            a.incidentFrom || a.incidentTo
              ? h(
                  'p',
                  { class: 'muted' },
                  t('clue.period', { from: a.incidentFrom ?? '?', to: a.incidentTo ?? '?' }),
                )
              : null,
            finding ? h('p', {}, `${tEnum('finding', finding.finding)}: ${finding.reason}`) : null,
          );
        }),
      ),
      h('h2', {}, t('clue.reports')),
      h(
        'ul',
        {},
        clue.reports.map((r) =>
          h(
            'li',
            {},
            `${r.reportId} · ${tEnum('category', r.category)} · ${tEnum('reporterKind', r.reporterKind)} · ${formatDate(r.submittedAt, lang())} `,
            r.reporterFlag ? flagMarker(r.reporterFlag) : null,
          ),
        ),
      ),
      clue.proposal || clue.conclusion ? h('h2', {}, t('clue.summaryTitle')) : null,
      clue.conclusion
        ? h(
            'p',
            {},
            clue.conclusion.summary,
            ' ',
            h('span', { class: 'muted' }, t('clue.approvedBy', { user: clue.conclusion.approvedBy })),
          )
        : clue.proposal
          ? h(
              'p',
              {},
              clue.proposal.summary,
              ' ',
              h('span', { class: 'muted' }, t('clue.proposedBy', { user: clue.proposal.proposedBy })),
            )
          : null,
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
            e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus
              ? ` · ${tEnum('clueStatus', e.fromStatus)} → ${tEnum('clueStatus', e.toStatus)}`
              : e.toStatus
                ? ` · ${tEnum('clueStatus', e.toStatus)}`
                : '',
            e.reason ? h('div', { class: 'muted' }, e.reason) : null,
          ),
        ),
      ),
    );
    (banner as HTMLElement | undefined)?.focus?.();
  };

  try {
    render(await load());
  } catch (error) {
    replace(body, h('p', { role: 'alert' }, errorText(error)));
  }
  return consolePage(session, '', t('clue.title', { id: clueId }), body);
};
