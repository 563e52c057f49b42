/**
 * Case numbers (案件编号): the human number a commission writes on a report (信访件) and a clue (问题线索),
 * unique per commission, kind and year, e.g. 〔2026〕某县纪委信访第0123号 and 〔2026〕某县纪委线索第0045号.
 * The format is a commission setting (a template); the number itself is drawn from a counter per
 * commission, kind and year (shared/store/case-numbers.ts), outside the transaction that creates
 * the item, so a failed transaction leaves a gap and never a duplicate.
 */
import { chinaDate } from './calendar.ts';

export type CaseKind = 'REPORT' | 'CLUE';

/** One template per kind: `{year}` is the China calendar year, `{seq}` the number, `{seq:4}` zero-padded. */
export interface CaseNumberFormat {
  report: string;
  clue: string;
}

/** What a county commission writes when it has not set its own format. */
export const defaultCaseNumberFormat: CaseNumberFormat = {
  report: '〔{year}〕某县纪委信访第{seq:4}号',
  clue: '〔{year}〕某县纪委线索第{seq:4}号',
};

/** Whether a template names the year and the number (config checks each at cold start). */
export const isCaseNumberTemplate = (template: string): boolean =>
  template.includes('{year}') && /\{seq(?::\d)?\}/.test(template) && template.length <= 60;

/** The year a case number counts in: the calendar year in China at that instant. */
export const caseYear = (at: Date): string => chinaDate(at).slice(0, 4);

/** The number in its commission's words. */
export const formatCaseNumber = (template: string, year: string, seq: number): string =>
  template
    .replaceAll('{year}', year)
    .replace(/\{seq(?::(\d))?\}/g, (_, width: string | undefined) =>
      String(seq).padStart(Number(width ?? 0), '0'),
    );

/**
 * What staff see where a case number belongs: the number, or, for an item stored before numbers
 * were drawn (no backfill), its id.
 */
export const caseLabel = (item: { caseNumber?: string | undefined }, id: string): string =>
  item.caseNumber ?? id;
