/**
 * Proposing a clearance (澄清正名) from a concluded clue: its assigned investigator picks the
 * allegations found untrue or fabricated (the others are shown, disabled) and writes how each is
 * named in public (never the reporter's wording), the harm, the forms (a talk or a meeting brings
 * its letter), the statement and the cadre's contact for the consent message.
 */
import { clearable } from '../../../../../shared/domain/findings.ts';
import { t, tEnum } from '../../../i18n/index.ts';
import { api } from '../../../lib/api.ts';
import { h } from '../../../lib/dom.ts';
import { choice, field, input, select, statusLine, textarea } from '../../../lib/form.ts';
import type { Clearance, ClueDetail } from '../../../lib/responses.ts';
import { navigate } from '../../../lib/router.ts';
import type { Session } from '../../../lib/session.ts';
import { errorText } from '../shared.ts';

type Conclusion = NonNullable<ClueDetail['conclusion']>;

const allegationBoxes = (clue: ClueDetail, conclusion: Conclusion) => {
  const byId = new Map(clue.allegations.map((a) => [a.allegationId, a]));
  return conclusion.findings.map((f) => {
    const eligible = clearable(f.finding);
    const box = h('input', {
      type: 'checkbox',
      id: `clear-${f.allegationId}`,
      value: f.allegationId,
      disabled: !eligible,
      'data-eligible': String(eligible),
    });
    const label = `${byId.get(f.allegationId)?.summary ?? f.allegationId} — ${tEnum('finding', f.finding)}`;
    const wording = field(
      t('clearance.publicWording'),
      input({ maxlength: 300, id: `wording-${f.allegationId}`, 'data-wording': f.allegationId }),
      { hint: t('clearance.publicWordingHint') },
    );
    wording.wrap.hidden = true;
    box.addEventListener('change', () => {
      wording.wrap.hidden = !box.checked;
    });
    const row = h(
      'div',
      {},
      choice(box, label, eligible ? '' : ` (${t('clearance.notEligible')})`),
      eligible ? wording.wrap : null,
    );
    return { box, wording, row };
  });
};

const methodValues = ['PUBLIC_NOTICE', 'MEETING', 'IN_PERSON', 'LETTER'];

/** The forms as a set; ticking a talk or a meeting ticks the letter that must go with it. */
const methodBoxes = () => {
  const boxes = methodValues.map((v) => {
    const box = h('input', { type: 'checkbox', id: `method-${v}`, value: v });
    return { box, row: choice(box, tEnum('method', v)) };
  });
  const letter = boxes.find((b) => b.box.value === 'LETTER')?.box as HTMLInputElement;
  const needsLetter = () =>
    boxes.some((b) => b.box.checked && ['IN_PERSON', 'MEETING'].includes(b.box.value));
  for (const { box } of boxes)
    box.addEventListener('change', () => {
      if (needsLetter()) letter.checked = true;
      letter.disabled = needsLetter();
    });
  return boxes;
};

const harmBoxes = () =>
  ['CAREER_AFFECTED', 'RIGHTS_AFFECTED', 'REPEATED_REPORTS', 'OTHER'].map((v) => {
    const box = h('input', { type: 'checkbox', id: `harm-${v}`, value: v });
    return { box, row: choice(box, tEnum('harm', v)) };
  });

const options = (prefix: string, values: string[]) =>
  values.map((v): [string, string] => [v, tEnum(prefix, v)]);

const clearanceFields = () => ({
  trigger: field(
    t('clearance.trigger'),
    select(options('trigger', ['DEPARTMENT_PROPOSAL', 'CADRE_APPLICATION']), { name: 'trigger' }),
  ),
  statement: field(t('clearance.statement'), textarea({ maxlength: 2000, name: 'statement' }), {
    required: true,
  }),
  email: field(t('clearance.cadreEmail'), input({ type: 'email', maxlength: 254, name: 'cadre-email' }), {
    required: true,
  }),
});

type Checked = { box: HTMLInputElement }[];
const checked = (boxes: Checked) =>
  boxes.filter((b) => b.box.checked && !b.box.disabled).map((b) => b.box.value);
/** Ticked, whether or not the box is locked on (the letter a talk needs). */
const ticked = (boxes: Checked) => boxes.filter((b) => b.box.checked).map((b) => b.box.value);

/** The request body; or undefined, having said what is missing in the status line or beside its field. */
const clearanceRequest = (
  allegations: ReturnType<typeof allegationBoxes>,
  harms: Checked,
  methods: Checked,
  fields: ReturnType<typeof clearanceFields>,
  status: HTMLElement,
) => {
  const allegationIds = checked(allegations);
  const harm = checked(harms);
  const forms = ticked(methods);
  const missing = !allegationIds.length
    ? 'clearance.chooseAllegation'
    : !harm.length
      ? 'clearance.chooseHarm'
      : !forms.length
        ? 'clearance.chooseMethod'
        : null;
  if (missing) {
    status.textContent = t(missing);
    return undefined;
  }
  // Each matter is named in public in the investigator's words, never the reporter's.
  const chosen = allegations.filter((a) => allegationIds.includes(a.box.value));
  for (const { wording } of chosen)
    if (!wording.control.value.trim()) return wording.setError(t('validation.required'));
  for (const f of [fields.statement, fields.email])
    if (!f.control.value.trim()) return f.setError(t('validation.required'));
  return {
    trigger: fields.trigger.control.value,
    harm,
    methods: forms,
    allegationIds,
    publicSummaries: chosen.map((a) => ({ allegationId: a.box.value, text: a.wording.control.value.trim() })),
    statement: fields.statement.control.value.trim(),
    cadreContact: { email: fields.email.control.value.trim() },
  };
};

const clearanceForm = (
  clue: ClueDetail,
  session: Session,
  allegations: ReturnType<typeof allegationBoxes>,
) => {
  const harms = harmBoxes();
  const methods = methodBoxes();
  const fields = clearanceFields();
  const status = statusLine('assertive');
  const form = h(
    'form',
    { novalidate: true, id: 'clearance-form' },
    h('fieldset', {}, h('legend', {}, t('clearance.allegations')), ...allegations.map((b) => b.row)),
    fields.trigger.wrap,
    h('fieldset', {}, h('legend', {}, t('clearance.harm')), ...harms.map((x) => x.row)),
    h(
      'fieldset',
      { id: 'clearance-methods' },
      h('legend', {}, t('clearance.method')),
      h('p', { class: 'hint' }, t('clearance.methodsHint')),
      ...methods.map((x) => x.row),
    ),
    fields.statement.wrap,
    fields.email.wrap,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('clearance.create'))),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = clearanceRequest(allegations, harms, methods, fields, status);
    if (!body) return;
    try {
      const path = `/clues/${encodeURIComponent(clue.clueId)}/clearances`;
      const created = await api<Clearance>('POST', path, { token: session.token, body });
      navigate(`/console/clearances/${encodeURIComponent(created.clearanceId)}`);
    } catch (error) {
      status.textContent = errorText(error);
    }
  });
  return form;
};

/** Shown to the clue's assigned investigator once the clue is concluded; nothing for anyone else. */
export const clearanceSection = (clue: ClueDetail, session: Session) => {
  const { conclusion } = clue;
  if (
    !conclusion ||
    clue.status !== 'CONCLUDED' ||
    clue.assignee !== session.userId ||
    !session.roles.includes('investigator')
  )
    return null;
  const allegations = allegationBoxes(clue, conclusion);
  if (!allegations.some((b) => b.box.dataset.eligible === 'true'))
    return h('p', { class: 'muted' }, t('clearance.noneEligible'));
  return h(
    'section',
    { 'aria-labelledby': 'clearance-title', class: 'card' },
    h('h2', { id: 'clearance-title' }, t('clearance.propose')),
    h('p', { class: 'hint' }, t('clearance.rules')),
    clearanceForm(clue, session, allegations),
  );
};
