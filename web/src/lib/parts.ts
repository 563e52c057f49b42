/** Small view parts that several pages show the same way. */
import { type Attrs, type Child, h } from './dom.ts';

/** One row of a `dl.meta` block: label, value and the value's attributes; a falsy row is left out. */
export type MetaRow = readonly [label: string, value: Child, attrs?: Attrs] | null | undefined | false | '';

/** The label → value block at the head of a clue, a clearance or a notice. */
export const metaList = (...rows: MetaRow[]) =>
  h(
    'dl',
    { class: 'meta' },
    rows.map((row) => (row ? [h('dt', {}, row[0]), h('dd', row[2] ?? {}, row[1])] : null)),
  );

/** A person and their post as the commission writes it: 张三，某某县财政局 局长. */
export const personLine = (p: { name: string; organization: string; position: string }) =>
  `${p.name}，${p.organization} ${p.position}`;

/** A text with line breaks, one paragraph per line (text nodes only). */
export const paragraphs = (text: string) => text.split('\n').map((line) => h('p', {}, line));
