/** The two message catalogues of the web pages carry the same keys and the same placeholders. */
import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('web message catalogues', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('use the same placeholders for each key, and no empty message', () => {
    for (const [key, zh] of Object.entries(zhCN)) {
      const english = en[key as keyof typeof zhCN];
      expect(placeholders(english), key).toEqual(placeholders(zh));
      expect(zh.trim().length, key).toBeGreaterThan(0);
      expect(english.trim().length, key).toBeGreaterThan(0);
    }
  });

  it('are really in their languages', () => {
    const han = /\p{Script=Han}/u;
    const untranslated = Object.entries(en).filter(
      ([key, text]) => han.test(text) && key !== 'lang.other' && key !== 'lang.switchLabel',
    );
    expect(untranslated).toEqual([]);
    const latinOnly = Object.entries(zhCN).filter(
      ([key, text]) => !han.test(text) && key !== 'lang.other' && !/^\{/.test(text),
    );
    expect(latinOnly).toEqual([]);
  });
});
