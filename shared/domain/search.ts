/**
 * Staff search (检索) by case number, cadre name or organisation, as character bigrams: each
 * searchable item (a report, a clue) is written once per distinct bigram of its normalised text, in
 * a partition of its commission (shared/store/search-index.ts), and a query reads one bigram's
 * partition and keeps what contains the whole normalised query. Only the accused cadre's name and
 * organisation and the case number are indexed (a transferred report's also the numbers the
 * commissions it came from gave it): never the reporter, never the report's text.
 * Why bigrams and which bigram is read: docs/decisions/0010-search-by-character-bigrams.md.
 */
import { commissionOf } from './commission.ts';
import { DomainError } from './errors.ts';

export type SearchKind = 'REPORT' | 'CLUE';

/**
 * The events the searchIndex worker indexes from (its stream filter, shared/contract/workers.ts):
 * a report submitted, a clue registered, and reports transferred to another commission (移交), whose
 * entries then move to the receiver under its new case number.
 */
export const searchEventTypes = ['ReportSubmitted', 'ClueRegistered', 'ReportsTransferred'] as const;
export type SearchEventType = (typeof searchEventTypes)[number];

/** Fewer characters than this (after normalising) match too much to be a search. */
export const minQueryLength = 2;
/** Normalised queries longer than this are cut: no name, organisation or number is longer. */
export const maxQueryLength = 64;

/**
 * The form both sides compare: NFKC (full-width letters and digits become half-width, 〔〕 stay
 * brackets), lower case, and only letters and digits kept: spaces, punctuation and symbols go, so
 * 「某县 能源局」, "某县能源局" and "〔2026〕…第0123号" vs "2026…第0123号" compare equal.
 */
export const normaliseSearchText = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/** The distinct bigrams (two adjacent characters, by code point) of a normalised text. */
export const bigramsOf = (normalised: string): string[] => {
  const chars = Array.from(normalised);
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(`${chars[i]}${chars[i + 1]}`);
  return [...grams];
};

/** What an item is found by: each field normalised, joined by a separator no normalised text holds. */
export interface Searchable {
  kind: SearchKind;
  subjectId: string;
  commissionId: string;
  /** When it came in: results are newest first. */
  at: string;
  caseNumber?: string | undefined;
  /**
   * The case numbers a report had at the commissions it was transferred from, oldest first (its
   * `transfers[]`): the receiver's staff hold the sender's transfer letter (移交函), which names the
   * sender's number, so the report is found by those as well as by its own.
   */
  formerCaseNumbers?: string[] | undefined;
  cadre: { name: string; organization: string; position?: string | undefined };
}

/** What the index keeps of a report or a clue: the accused cadre's name, organisation and
 * position and the case number; never the reporter, the region or the report's text. */
export const searchableOf = (
  kind: SearchKind,
  subject: {
    subjectId: string;
    commissionId?: string | undefined;
    at: string;
    caseNumber?: string | undefined;
    formerCaseNumbers?: readonly string[] | undefined;
    accused: { name: string; organization: string; position?: string | undefined };
  },
): Searchable => {
  const { name, organization, position } = subject.accused;
  // A number is found once: the current one, or a former one drawn again (no commission does).
  const former = [...new Set(subject.formerCaseNumbers ?? [])].filter((n) => n && n !== subject.caseNumber);
  return {
    kind,
    subjectId: subject.subjectId,
    commissionId: commissionOf(subject),
    at: subject.at,
    caseNumber: subject.caseNumber,
    ...(former.length > 0 ? { formerCaseNumbers: former } : {}),
    cadre: { name, organization, position },
  };
};

type Accused = { name: string; organization: string; position?: string | undefined };

/** A report as the index reads it: as it stands now, and the commissions it was handed on from. */
export interface IndexedReport {
  reportId: string;
  submittedAt: string;
  commissionId?: string | undefined;
  caseNumber?: string | undefined;
  accused: Accused;
  transfers?: readonly { fromCommissionId: string; fromCaseNumber?: string | undefined }[] | undefined;
}

/**
 * What the index should hold of a report (`current`: its commission and case number now, found
 * also by every number it had before), and what it may still hold from before each transfer
 * (`former`: under the sending commission, with that commission's number and the numbers before
 * it, as it was indexed there). Both come from the report as it stands, so whichever event is
 * read, in whatever order and however often, leads to the same index.
 */
export const reportSearchablesOf = (report: IndexedReport): { current: Searchable; former: Searchable[] } => {
  const transfers = report.transfers ?? [];
  const as = (commissionId: string | undefined, caseNumber: string | undefined, before: typeof transfers) =>
    searchableOf('REPORT', {
      subjectId: report.reportId,
      at: report.submittedAt,
      commissionId,
      caseNumber,
      formerCaseNumbers: before.flatMap((t) => (t.fromCaseNumber ? [t.fromCaseNumber] : [])),
      accused: report.accused,
    });
  return {
    current: as(report.commissionId, report.caseNumber, transfers),
    former: transfers.map((t, i) => as(t.fromCommissionId, t.fromCaseNumber, transfers.slice(0, i))),
  };
};

/**
 * Whether an index entry still describes its subject as it stands (the second guard of GET
 * /search, after the partition): the subject is the member's commission's and has the number the
 * entry was written with. A report transferred away, or back with a new number, leaves entries
 * that the worker removes; until it has, they show no row. An entry found by a former number is
 * held to the same: it carries the number the report had when it was written (a transfer always
 * draws a new one, or none), so it stands only while the report is at this commission still.
 */
export const entryStands = (
  entry: { caseNumber?: string | undefined },
  subject: { commissionId?: string | undefined; caseNumber?: string | undefined },
  memberCommissionId: string,
): boolean =>
  commissionOf(subject) === memberCommissionId && (entry.caseNumber ?? '') === (subject.caseNumber ?? '');

/** A report as the index should hold it now (the worker and the backfill). */
export const reportSearchable = (report: IndexedReport): Searchable => reportSearchablesOf(report).current;

/** A clue as the index sees it: found from when it was registered (the worker and the backfill). */
export const clueSearchable = (clue: {
  clueId: string;
  registeredAt: string;
  commissionId?: string | undefined;
  caseNumber?: string | undefined;
  accused: Accused;
}): Searchable => searchableOf('CLUE', { ...clue, subjectId: clue.clueId, at: clue.registeredAt });

/** The case numbers an item is found by: its own, then those it had before a transfer. */
const caseNumbersOf = (item: Searchable): string[] => [
  ...(item.caseNumber ? [item.caseNumber] : []),
  ...(item.formerCaseNumbers ?? []),
];

export const searchTextOf = (item: Searchable): string =>
  [item.cadre.name, item.cadre.organization, ...caseNumbersOf(item)]
    .map(normaliseSearchText)
    .filter(Boolean)
    .join('|');

/**
 * The former case number a query found an item by, when it matches none of what the item is now
 * (the cadre's name, the organisation, its own number): the search's row then says which of the
 * sender's numbers it answered to. `text` is the normalised query, as `searchQueryOf` gives it.
 */
export const formerCaseNumberMatched = (item: Searchable, text: string): string | undefined => {
  const now = [item.cadre.name, item.cadre.organization, item.caseNumber ?? ''];
  if (now.some((field) => normaliseSearchText(field).includes(text))) return undefined;
  // The latest first: the letter in hand is most likely from the commission that sent it last.
  return [...(item.formerCaseNumbers ?? [])].reverse().find((n) => normaliseSearchText(n).includes(text));
};

/**
 * The serial of a case number (第0123号 → `#123`): its last run of digits without leading zeros,
 * behind a `#` that no normalised text holds. A bigram of a case number is shared by a tenth of a
 * commission's numbers or more (`3号`, `纪委`), so a number searched by its bigram may lie thousands
 * of entries deep (docs/performance.md, search at 100,000 clues); its serial's partition holds the
 * few numbers of that serial across years and kinds.
 */
const serialKeyOf = (digits: string): string => `#${digits.replace(/^0+(?=\d)/, '')}`;

/**
 * The bigrams an item is written under: those of each field (none spans two fields), and the
 * serial of each of its case numbers, its own and its former ones.
 */
export const indexBigramsOf = (item: Searchable): string[] => {
  const serials = caseNumbersOf(item).flatMap((n) => {
    const serial = normaliseSearchText(n).match(/\d+(?=\D*$)/)?.[0];
    return serial ? [serialKeyOf(serial)] : [];
  });
  return [...new Set([...searchTextOf(item).split('|').flatMap(bigramsOf), ...serials])];
};

/**
 * The serial a query asks for, if it looks like one: a run of three digits or more that ends the
 * query or is followed by 号 (0123, 第0123号, the whole number). A query of a year alone (2026) is
 * not one: every number of that year holds it, and the bigram path finds them.
 */
const serialAskedIn = (text: string): string | undefined => {
  const run = text.match(/(\d{3,})(?:号)?$/)?.[1];
  if (!run || /^(19|20)\d\d$/.test(text)) return undefined;
  return serialKeyOf(run);
};

export interface SearchQuery {
  /** The normalised query, which a match must contain whole. */
  text: string;
  /** The one partition key read: a bigram, or a case number's serial (`#123`). */
  bigram: string;
}

/**
 * The query as the index reads it, or 400 QUERY_TOO_SHORT. A case number's serial is read by its
 * own key (`serialAskedIn`); otherwise the bigram read is the last one: in this domain what items
 * share is a prefix (the county that opens an organisation's name, the year and the commission that
 * open a case number), so the end of a query is its most selective part.
 */
export const searchQueryOf = (q: string): SearchQuery => {
  const text = Array.from(normaliseSearchText(q)).slice(0, maxQueryLength).join('');
  const grams = bigramsOf(text);
  const bigram = Array.from(text).slice(-2).join('');
  if (Array.from(text).length < minQueryLength || grams.length === 0) {
    throw new DomainError('QUERY_TOO_SHORT', {
      zh: `检索内容至少需要${minQueryLength}个字（不计空格和标点）`,
      en: `A search needs at least ${minQueryLength} characters, not counting spaces and punctuation`,
    });
  }
  return { text, bigram: serialAskedIn(text) ?? bigram };
};
