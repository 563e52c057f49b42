/**
 * The fields each clue action asks for, and the request body they make. A form's `payload()` marks
 * what is missing beside its field and answers undefined; otherwise it answers the action's fields.
 */
import type { ClueAction } from '../../../../../shared/domain/clue.ts';
import { type Finding, findings, reasonProblem } from '../../../../../shared/domain/findings.ts';
import { inquiryForms } from '../../../../../shared/domain/vocabulary.ts';
import { t, tEnum } from '../../../i18n/index.ts';
import { commissionPicker, commissions } from '../../../lib/commission.ts';
import { h } from '../../../lib/dom.ts';
import { type Field, field, input, select, textarea } from '../../../lib/form.ts';
import type { ClueDetail } from '../../../lib/responses.ts';
import type { Session } from '../../../lib/session.ts';
import { memberSelect } from '../member-select.ts';

export interface ActionForm {
  fields: Node[];
  payload(): Record<string, unknown> | undefined;
}

const value = (f: Field) => f.control.value.trim();

/** True when the field is filled in; otherwise says so beside it and moves there. */
const need = (f: Field) => {
  if (value(f)) return true;
  f.setError(t('validation.required'));
  f.control.focus();
  return false;
};

const reasonField = () =>
  field(t('clue.reason'), textarea({ maxlength: 500, name: 'reason' }), { required: true });

const reasonForm = (): ActionForm => {
  const reason = reasonField();
  return { fields: [reason.wrap], payload: () => (need(reason) ? { reason: value(reason) } : undefined) };
};

/** The assignee is picked from the commission's investigators (the API refuses anyone else, 409). */
const assignForm = (_clue: ClueDetail, session: Session): ActionForm => {
  const assignee = memberSelect({
    token: session.token,
    role: 'investigator',
    label: t('clue.assignee'),
    hint: t('clue.assigneeHint'),
    id: 'assignee',
    required: true,
  });
  return {
    fields: [assignee.wrap],
    payload: () => (need(assignee) ? { assignee: value(assignee) } : undefined),
  };
};

const findingRow = (a: ClueDetail['allegations'][number], i: number) => {
  const finding = field(
    t('clue.findingFor', { n: i + 1 }),
    select(
      [['', t('clue.chooseFinding')], ...findings.map((f): [string, string] => [f, tEnum('finding', f)])],
      { name: `finding-${a.allegationId}`, 'data-allegation': a.allegationId },
    ),
    { required: true },
  );
  const reason = field(
    t('clue.findingReason', { n: i + 1 }),
    textarea({ maxlength: 500, name: `reason-${a.allegationId}`, rows: 3 }),
    { required: true, hint: t('clue.findingReasonHint') },
  );
  const element = h('fieldset', { class: 'finding' }, h('legend', {}, a.summary), finding.wrap, reason.wrap);
  return { allegationId: a.allegationId, finding, reason, element };
};

/** The domain's own rule for a finding's reason (a FABRICATED finding needs the most). */
const rowIsValid = ({ finding, reason }: ReturnType<typeof findingRow>) => {
  finding.setError();
  reason.setError();
  if (!finding.control.value) {
    finding.setError(t('validation.required'));
    return false;
  }
  if (!reasonProblem(finding.control.value as Finding, reason.control.value)) return true;
  reason.setError(
    finding.control.value === 'FABRICATED' ? t('clue.fabricatedReason') : t('clue.reasonTooShort'),
  );
  return false;
};

const proposeForm = (clue: ClueDetail): ActionForm => {
  const rows = clue.allegations.map(findingRow);
  const summary = field(t('clue.summary'), textarea({ maxlength: 2000, name: 'summary' }), {
    required: true,
  });
  const summaryIsFilled = () => {
    summary.setError(value(summary) ? undefined : t('validation.required'));
    return Boolean(value(summary));
  };
  return {
    fields: [...rows.map((r) => r.element), summary.wrap],
    payload: () => {
      // Every row and the summary are checked, so that all that is missing shows at once.
      const rowsValid = rows.map(rowIsValid).every(Boolean);
      if (!summaryIsFilled() || !rowsValid) return undefined;
      return {
        findings: rows.map((r) => ({
          allegationId: r.allegationId,
          finding: r.finding.control.value,
          reason: value(r.reason),
        })),
        summary: value(summary),
      };
    },
  };
};

const commentForm = (): ActionForm => {
  const comment = field(t('clue.comment'), textarea({ maxlength: 1000, name: 'comment' }));
  return { fields: [comment.wrap], payload: () => (value(comment) ? { comment: value(comment) } : {}) };
};

const extensionForm = (): ActionForm => {
  const days = field(t('clue.days'), input({ type: 'number', min: 1, max: 90, name: 'days', value: 30 }), {
    required: true,
  });
  const reason = reasonField();
  return {
    fields: [days.wrap, reason.wrap],
    payload: () => {
      const n = Number(days.control.value);
      if (!Number.isInteger(n) || n < 1 || n > 90) {
        days.setError(t('clue.daysRange'));
        return undefined;
      }
      return need(reason) ? { days: n, reason: value(reason) } : undefined;
    },
  };
};

/** The value of the pick list's last option: a body outside the system, named in the text field. */
const outside = 'OUTSIDE';

/** The member's commission, from the token (custom:commissionId; none = the single commission). */
const ownCommission = (token: string): string => {
  try {
    const payload = token.split('.')[1] ?? '';
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    return String(claims['custom:commissionId'] ?? 'default');
  } catch {
    return 'default';
  }
};

/**
 * 移交: the receiving commission is picked from GET /commissions (never typed; the member's own is
 * not offered), or "outside the system" with the body's name typed (e.g. 公安机关).
 */
const transferForm = (_clue: ClueDetail, session: Session): ActionForm => {
  const control = select([['', t('members.loading')]], {
    id: 'transfer-to',
    name: 'toCommissionId',
    disabled: true,
  });
  const pick = field(t('clue.transferTo'), control, { required: true });
  const to = field(t('clue.transferOutside'), input({ maxlength: 200, name: 'to' }));
  to.wrap.hidden = true;
  const own = ownCommission(session.token);
  // The whole registry, grouped by city and filterable: not the first page of it.
  const picker = commissionPicker(control, {
    exclude: own,
    first: [['', t('clue.transferChoose')]],
    last: [[outside, t('clue.transferOutsideOption')]],
  });
  control.before(picker.box);
  void picker.ready.then(() => {
    // No registry to pick from: only a body outside the system can be named.
    if (commissions().length === 0) {
      control.value = outside;
      to.wrap.hidden = false;
    }
  });
  control.addEventListener('change', () => {
    to.wrap.hidden = control.value !== outside;
  });
  const reason = reasonField();
  return {
    fields: [pick.wrap, to.wrap, reason.wrap],
    payload: () => {
      if (!need(pick)) return undefined;
      if (control.value === outside) {
        return need(to) && need(reason) ? { to: value(to), reason: value(reason) } : undefined;
      }
      return need(reason) ? { toCommissionId: control.value, reason: value(reason) } : undefined;
    },
  };
};

/** 谈话函询: how it was made, what was put to the cadre, and what the cadre explained. */
const talkInquiryForm = (): ActionForm => {
  const form = field(
    t('clue.inquiryForm'),
    select(
      inquiryForms.map((f): [string, string] => [f, tEnum('inquiryForm', f)]),
      { name: 'inquiry-form' },
    ),
  );
  const record = field(t('clue.inquiryRecord'), textarea({ maxlength: 4000, name: 'record', rows: 4 }), {
    required: true,
    hint: t('clue.inquiryRecordHint'),
  });
  const explanation = field(
    t('clue.inquiryExplanation'),
    textarea({ maxlength: 4000, name: 'explanation', rows: 4 }),
    { required: true },
  );
  return {
    fields: [form.wrap, record.wrap, explanation.wrap],
    payload: () =>
      need(record) && need(explanation)
        ? { form: form.control.value, record: value(record), explanation: value(explanation) }
        : undefined,
  };
};

/** The actions that ask for more than a reason. */
const forms: Partial<Record<ClueAction, (clue: ClueDetail, session: Session) => ActionForm>> = {
  assign: assignForm,
  'start-verification': () => ({ fields: [], payload: () => ({}) }),
  'talk-inquiry': talkInquiryForm,
  'propose-conclusion': proposeForm,
  'approve-conclusion': commentForm,
  'request-extension': extensionForm,
  'approve-extension': extensionForm,
  transfer: transferForm,
};

export const formFor = (action: ClueAction, clue: ClueDetail, session: Session): ActionForm =>
  (forms[action] ?? reasonForm)(clue, session);
