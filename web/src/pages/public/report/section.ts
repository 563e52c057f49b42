/**
 * What each fieldset of the report form is to the page: its element, its fields, its checks, its
 * part of the request body, and the field a server-side validation detail (`body.accused.name`)
 * belongs beside. The page owns none of their fields; it asks the sections.
 */
import type { Field } from '../../../lib/form.ts';
import type * as v from '../../../lib/validate.ts';

/** Records a problem with a field (none if `problem` is undefined); `max` fills in the message. */
export type Need = (f: Field, problem: v.Problem | undefined, max?: number) => void;

export interface FormSection {
  element: HTMLElement;
  fields(): Field[];
  check(need: Need): void;
  value(): Record<string, unknown>;
  fieldFor(path: string): Field | undefined;
}

export const trimmed = (f: Field) => f.control.value.trim();

/** `{ [name]: value }` when the field is filled in, nothing otherwise. */
export const optional = (name: string, f: Field) => (trimmed(f) ? { [name]: trimmed(f) } : {});
