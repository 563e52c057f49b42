/**
 * A pick list of the commission's members from the staff directory (GET /staff?role=): the display
 * name shown, the user id sent. Every page is loaded before the list is offered; while it loads,
 * when it fails, or when nobody holds the role, the select stays disabled and a line beside it says
 * why. A plain <select> with a <label>, so the keyboard and screen readers work as usual.
 */
import { t, tEnum } from '../../i18n/index.ts';
import { api } from '../../lib/api.ts';
import { h, replace } from '../../lib/dom.ts';
import { type Field, field, select } from '../../lib/form.ts';
import type { StaffList, StaffMember } from '../../lib/responses.ts';
import { errorText } from './shared.ts';

type Role = StaffMember['roles'][number];

/** Every active member of the caller's commission (of the role, if given), all pages, by user id. */
export const staffMembers = async (token: string, role?: Role): Promise<StaffMember[]> => {
  const members: StaffMember[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '100' });
    if (role) query.set('role', role);
    if (cursor) query.set('cursor', cursor);
    const page = await api<StaffList>('GET', `/staff?${query}`, { token });
    members.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return members;
};

/** "李建华（监督检查室）（demo-investigator）"; with the roles after the id when all roles are listed. */
const optionLabel = (m: StaffMember, showRoles: boolean) =>
  t('members.option', {
    name: m.displayName,
    detail: showRoles ? `${m.userId}, ${m.roles.map((r) => tEnum('role', r)).join('/')}` : m.userId,
  });

export interface MemberSelectOptions {
  token: string;
  /** Only members of this role; all active members otherwise (their roles then shown). */
  role?: Role;
  label: string;
  hint?: string;
  id: string;
  name?: string;
  /** Preselected user id (e.g. from the address). */
  value?: string;
  required?: boolean;
  /** The first option's text (empty value): "choose…" for a required pick, "anyone" for a filter. */
  placeholder?: string;
}

/** The field (its control is the select) and a promise settled once the list is filled. */
export const memberSelect = (o: MemberSelectOptions): Field<HTMLSelectElement> & { ready: Promise<void> } => {
  const control = select([['', t('members.loading')]], {
    id: o.id,
    name: o.name ?? o.id,
    disabled: true,
    'aria-busy': 'true',
  });
  const f = field(o.label, control, { required: o.required ?? false, ...(o.hint ? { hint: o.hint } : {}) });
  const note = h('p', { class: 'muted', id: `${o.id}-note`, role: 'status' });
  f.wrap.append(note);
  const ready = staffMembers(o.token, o.role).then(
    (members) => {
      control.removeAttribute('aria-busy');
      const options = members.map((m) => h('option', { value: m.userId }, optionLabel(m, !o.role)));
      replace(control, h('option', { value: '' }, o.placeholder ?? t('members.choose')), ...options);
      if (!members.length) {
        note.textContent = o.role
          ? t('members.noneOfRole', { role: tEnum('role', o.role) })
          : t('members.none');
        return;
      }
      control.disabled = false;
      if (o.value && members.some((m) => m.userId === o.value)) control.value = o.value;
    },
    (error: unknown) => {
      control.removeAttribute('aria-busy');
      replace(control, h('option', { value: '' }, t('members.unavailable')));
      note.textContent = errorText(error);
    },
  );
  return { ...f, ready };
};
