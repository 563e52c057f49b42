/**
 * Message catalogues: zh-CN by default, English by a switch that is remembered. The language is the
 * only thing this site keeps in localStorage.
 */
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type MessageKey = keyof typeof zhCN;
export type Lang = 'zh-CN' | 'en';
export const catalogues: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

const storageKey = 'zm.lang';
const stored = (): Lang | undefined => {
  try {
    const value = localStorage.getItem(storageKey);
    return value === 'en' || value === 'zh-CN' ? value : undefined;
  } catch {
    return undefined;
  }
};

let current: Lang = stored() ?? 'zh-CN';

export const lang = (): Lang => current;

export const setLang = (next: Lang) => {
  current = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // Private mode: the switch still works for this visit.
  }
  document.documentElement.lang = next;
};

/** The message for `key`, with `{name}` placeholders filled in. */
export const t = (key: MessageKey, values: Record<string, string | number> = {}): string =>
  catalogues[current][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );

/** For enum values from the API: `t('finding.UNTRUE')`, falling back to the raw value. */
export const tEnum = (prefix: string, value: string): string => {
  const key = `${prefix}.${value}` as MessageKey;
  return key in catalogues[current] ? catalogues[current][key] : value;
};
