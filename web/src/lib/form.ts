/** Labelled form fields whose errors sit beside them and are announced (aria-describedby). */
import { type Child, h, nextId } from './dom.ts';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface Field<C extends Control = Control> {
  wrap: HTMLElement;
  control: C;
  setError(message?: string): void;
}

export const field = <C extends Control>(
  label: string,
  control: C,
  options: { hint?: string; required?: boolean } = {},
): Field<C> => {
  const id = control.id || nextId('f');
  control.id = id;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const error = h('p', { class: 'field-error', id: errorId, 'aria-live': 'polite' });
  const described = [options.hint ? hintId : '', errorId].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  if (options.required) control.required = true;
  const wrap = h(
    'div',
    { class: 'field' },
    h(
      'label',
      { for: id },
      label,
      options.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null,
    ),
    options.hint ? h('p', { class: 'hint', id: hintId }, options.hint) : null,
    control,
    error,
  );
  return {
    wrap,
    control,
    setError(message?: string) {
      error.textContent = message ?? '';
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
};

export const input = (attrs: Record<string, string | number | boolean> = {}) =>
  h('input', { type: 'text', ...attrs });
export const textarea = (attrs: Record<string, string | number | boolean> = {}) =>
  h('textarea', { rows: 4, ...attrs });
export const select = (options: [string, string][], attrs: Record<string, string | boolean> = {}) =>
  h(
    'select',
    attrs,
    options.map(([value, label]) => h('option', { value }, label)),
  );

/** A status line that screen readers announce. */
export const statusLine = (kind: 'polite' | 'assertive' = 'polite') =>
  h('div', { class: 'status', role: kind === 'assertive' ? 'alert' : 'status' });

/** A checkbox or radio button with its label after it. */
export const choice = (control: HTMLInputElement, ...label: Child[]) =>
  h('div', { class: 'choice' }, control, h('label', { for: control.id }, ...label));
