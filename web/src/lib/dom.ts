/**
 * Elements built with the DOM API only: text is always a text node, never parsed as HTML, so
 * nothing that comes from the API or a user can become markup or script.
 */
export type Child = Node | string | number | false | null | undefined | Child[];
export type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;

const append = (parent: Node, children: Child[]) => {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
};

const setAttrs = (el: Element, attrs: Attrs) => {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
};

export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
};

const svgNs = 'http://www.w3.org/2000/svg';
export const s = (tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement => {
  const el = document.createElementNS(svgNs, tag) as SVGElement;
  setAttrs(el, attrs);
  append(el, children);
  return el;
};

export const replace = (parent: Element, ...children: Child[]) => {
  parent.replaceChildren();
  append(parent, children);
};

let uid = 0;
export const nextId = (prefix: string) => `${prefix}-${++uid}`;

/** A date as people in China read it (Asia/Shanghai), or '' for none and the text itself if it is no date. */
const inChina = (iso: string | undefined, lang: string, show: (date: Date, locale: string) => string) => {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return show(date, lang === 'en' ? 'en-GB' : 'zh-CN');
};
const day = { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Asia/Shanghai' } as const;

export const formatDate = (iso: string | undefined, lang: string): string =>
  inChina(iso, lang, (date, locale) =>
    date.toLocaleString(locale, { ...day, hour: '2-digit', minute: '2-digit' }),
  );

export const formatDay = (iso: string | undefined, lang: string): string =>
  inChina(iso, lang, (date, locale) => date.toLocaleDateString(locale, day));
