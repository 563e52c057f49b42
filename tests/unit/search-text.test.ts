/** Search text (shared/domain/search.ts) and case numbers (shared/domain/case-number.ts): pure rules. */
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../shared/config.ts';
import { takes, workers } from '../../shared/contract/workers.ts';
import {
  caseLabel,
  caseYear,
  defaultCaseNumberFormat,
  formatCaseNumber,
  isCaseNumberTemplate,
} from '../../shared/domain/case-number.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import {
  bigramsOf,
  entryStands,
  formerCaseNumberMatched,
  indexBigramsOf,
  normaliseSearchText,
  reportSearchablesOf,
  searchQueryOf,
  searchTextOf,
} from '../../shared/domain/search.ts';
import { CommissionSettingsRequest } from '../../shared/schemas/commissions.ts';
import { caseNumberFormatOf } from '../../shared/store/case-numbers.ts';

describe('normaliseSearchText', () => {
  it('makes full-width letters and digits half-width and lower case', () => {
    expect(normaliseSearchText('ＡＢＣ１２３')).toBe('abc123');
    expect(normaliseSearchText('〔２０２６〕某县纪委线索第００４５号')).toBe('2026某县纪委线索第0045号');
  });

  it('drops spaces (also the ideographic space), punctuation and symbols', () => {
    expect(normaliseSearchText(' 某县　能源局 ')).toBe('某县能源局');
    expect(normaliseSearchText('张三，（副局长）、“某县”·能源局！')).toBe('张三副局长某县能源局');
    expect(normaliseSearchText('〔2026〕')).toBe('2026');
    expect(normaliseSearchText('+-*/#@')).toBe('');
  });
});

describe('bigrams', () => {
  it('takes each pair of adjacent characters once', () => {
    expect(bigramsOf('某县能源局')).toEqual(['某县', '县能', '能源', '源局']);
    expect(bigramsOf('哈哈哈')).toEqual(['哈哈']);
    expect(bigramsOf('张')).toEqual([]);
  });

  it('counts characters outside the basic plane as one', () => {
    expect(bigramsOf('𠮷野家')).toEqual(['𠮷野', '野家']);
  });

  it('indexes each field apart: no bigram spans a name and an organisation', () => {
    const item = {
      kind: 'CLUE' as const,
      subjectId: 'clu_1',
      commissionId: 'c',
      at: '2026-01-01T00:00:00Z',
      caseNumber: '〔2026〕某县纪委线索第0045号',
      cadre: { name: '张三', organization: '某县能源局' },
    };
    expect(searchTextOf(item)).toBe('张三|某县能源局|2026某县纪委线索第0045号');
    const grams = indexBigramsOf(item);
    expect(grams).toContain('张三');
    expect(grams).toContain('源局');
    expect(grams).toContain('45');
    expect(grams).not.toContain('三某');
    // And the case number's serial, under a key of its own (leading zeros dropped).
    expect(grams).toContain('#45');
    const bigrams = grams.filter((g) => !g.startsWith('#'));
    expect(bigrams).toHaveLength(grams.length - 1);
    expect(bigrams.every((g) => Array.from(g).length === 2 && !g.includes('|'))).toBe(true);
    expect(new Set(grams).size).toBe(grams.length);
  });
});

describe('searchQueryOf', () => {
  it('reads the last bigram of the normalised query', () => {
    expect(searchQueryOf(' 某县 能源局 ')).toEqual({ text: '某县能源局', bigram: '源局' });
    expect(searchQueryOf('张三')).toEqual({ text: '张三', bigram: '张三' });
    expect(searchQueryOf('线索第００４５号')).toEqual({ text: '线索第0045号', bigram: '#45' });
  });

  it("reads a case number's serial by its own key, and a year or a short run by its bigram", () => {
    expect(searchQueryOf('〔2026〕某县纪委线索第04321号').bigram).toBe('#4321');
    expect(searchQueryOf('04321').bigram).toBe('#4321');
    expect(searchQueryOf('第4321号').bigram).toBe('#4321');
    expect(searchQueryOf('2026').bigram).toBe('26');
    expect(searchQueryOf('第45号').bigram).toBe('5号');
    expect(searchQueryOf('2026某县纪委').bigram).toBe('纪委');
    expect(searchQueryOf('某县纪委线索第0100号').bigram).toBe('#100');
  });

  it('refuses fewer than two characters after normalising, with QUERY_TOO_SHORT', () => {
    for (const q of ['', '张', ' 张 ', '〔张〕', '，。、', '  ']) {
      const refused = (() => {
        try {
          searchQueryOf(q);
        } catch (error) {
          return error;
        }
      })();
      expect(refused, q).toBeInstanceOf(DomainError);
      expect((refused as DomainError).code).toBe('QUERY_TOO_SHORT');
      expect((refused as DomainError).status).toBe(400);
    }
    expect(searchQueryOf('张 三').text).toBe('张三');
  });
});

describe('case numbers', () => {
  it('formats a template with the year and the zero-padded number', () => {
    expect(formatCaseNumber(defaultCaseNumberFormat.report, '2026', 123)).toBe(
      '〔2026〕某县纪委信访第0123号',
    );
    expect(formatCaseNumber(defaultCaseNumberFormat.clue, '2026', 45)).toBe('〔2026〕某县纪委线索第0045号');
    expect(formatCaseNumber('X{year}-{seq}', '2026', 12345)).toBe('X2026-12345');
  });

  it('counts the year as China does: 31 December 16:00 UTC is already the new year', () => {
    expect(caseYear(new Date('2026-12-31T15:59:59Z'))).toBe('2026');
    expect(caseYear(new Date('2026-12-31T16:00:00Z'))).toBe('2027');
  });

  it('accepts only templates naming the year and the number', () => {
    expect(isCaseNumberTemplate(defaultCaseNumberFormat.report)).toBe(true);
    expect(isCaseNumberTemplate('〔{year}〕第号')).toBe(false);
    expect(isCaseNumberTemplate('第{seq:4}号')).toBe(false);
  });

  it('labels an item stored before numbers by its id', () => {
    expect(caseLabel({}, 'clu_1')).toBe('clu_1');
    expect(caseLabel({ caseNumber: '〔2026〕某县纪委线索第0001号' }, 'clu_1')).toBe(
      '〔2026〕某县纪委线索第0001号',
    );
  });
});

describe("a commission's case number formats", () => {
  const config = readConfig({ TABLE_NAME: 't', LOCAL_MASTER_SECRET: 'c2VjcmV0', LOCAL_IDENTITY_KEY: 'a2V5' });

  it('are its own settings first, then the configured ones, each kind on its own', () => {
    const own = caseNumberFormatOf({ caseNumberFormat: '〔{year}〕甲县纪委信访第{seq:5}号' }, config);
    expect(formatCaseNumber(own.report, '2026', 12)).toBe('〔2026〕甲县纪委信访第00012号');
    expect(own.clue).toBe(config.CASE_NUMBER_CLUE_FORMAT);
    expect(caseNumberFormatOf({}, config).report).toBe(config.CASE_NUMBER_REPORT_FORMAT);
  });

  it('are refused by the settings route unless they hold the year and the number', () => {
    const settings = (caseNumberFormat: string) =>
      CommissionSettingsRequest.safeParse({ expectedVersion: 1, settings: { caseNumberFormat } }).success;
    expect(settings('〔{year}〕甲县纪委信访第{seq:4}号')).toBe(true);
    expect(settings('甲县纪委信访第{seq}号')).toBe(false);
    expect(settings('〔{year}〕甲县纪委信访')).toBe(false);
  });
});

describe('a transferred report in the index', () => {
  const accused = { name: '韩移送', organization: '甲县财政局', position: '科长', region: '甲县' };
  const report = {
    reportId: 'rep_1',
    submittedAt: '2026-03-02T01:00:00.000Z',
    commissionId: 'county-b',
    caseNumber: '〔2026〕乙县纪委信访第0002号',
    accused,
    transfers: [
      { fromCommissionId: 'county-a', fromCaseNumber: '〔2026〕甲县纪委信访第0007号' },
      { fromCommissionId: 'city', fromCaseNumber: '〔2026〕甲市纪委信访第0031号' },
    ],
  };

  it('belongs where it is now, under its number now, and was under each sender with theirs', () => {
    const { current, former } = reportSearchablesOf(report);
    expect(current).toMatchObject({
      kind: 'REPORT',
      subjectId: 'rep_1',
      commissionId: 'county-b',
      caseNumber: '〔2026〕乙县纪委信访第0002号',
      at: report.submittedAt,
    });
    expect(former.map((f) => [f.commissionId, f.caseNumber])).toEqual([
      ['county-a', '〔2026〕甲县纪委信访第0007号'],
      ['city', '〔2026〕甲市纪委信访第0031号'],
    ]);
    // Found where it is by every number it had, and under each sender as it was indexed there.
    expect(current.formerCaseNumbers).toEqual([
      '〔2026〕甲县纪委信访第0007号',
      '〔2026〕甲市纪委信访第0031号',
    ]);
    expect(former.map((f) => f.formerCaseNumbers)).toEqual([undefined, ['〔2026〕甲县纪委信访第0007号']]);
    // Never the region, as the index never keeps it.
    expect(JSON.stringify([current, former])).not.toContain('region');
    // A report never transferred, stored before commissions and numbers: the single commission's.
    const { current: plain, former: none } = reportSearchablesOf({
      reportId: 'rep_2',
      submittedAt: report.submittedAt,
      accused,
    });
    expect(plain.commissionId).toBe('default');
    expect(plain.caseNumber).toBeUndefined();
    expect(none).toEqual([]);
  });

  it('is found at the receiver by each former number, whole or by its serial, as by its own', () => {
    const { current } = reportSearchablesOf(report);
    expect(searchTextOf(current)).toBe(
      '韩移送|甲县财政局|2026乙县纪委信访第0002号|2026甲县纪委信访第0007号|2026甲市纪委信访第0031号',
    );
    const grams = indexBigramsOf(current);
    // Each number's serial, so 0007 and 第0031号 read a partition of a few entries.
    expect(grams).toEqual(expect.arrayContaining(['#2', '#7', '#31', '甲县', '甲市', '乙县']));
    for (const q of ['〔2026〕甲县纪委信访第0007号', '0007', '第0031号', '甲市纪委信访第0031']) {
      const asked = searchQueryOf(q);
      expect(grams, q).toContain(asked.bigram);
      expect(searchTextOf(current), q).toContain(asked.text);
    }
    expect(grams.length).toBe(new Set(grams).size);
  });

  it('names the former number a query found it by, and none when what it is now matches', () => {
    const { current } = reportSearchablesOf(report);
    const found = (q: string) => formerCaseNumberMatched(current, searchQueryOf(q).text);
    expect(found('〔2026〕甲县纪委信访第0007号')).toBe('〔2026〕甲县纪委信访第0007号');
    expect(found('0031')).toBe('〔2026〕甲市纪委信访第0031号');
    // In the numbers of both senders: the latest sender's, whose letter is the likelier in hand.
    expect(found('纪委信访第00')).toBeUndefined(); // also in its own number
    expect(found('甲市纪委')).toBe('〔2026〕甲市纪委信访第0031号');
    expect(found('0002')).toBeUndefined();
    expect(found('韩移送')).toBeUndefined();
    expect(found('财政局')).toBeUndefined();
    // A report never transferred has no former number to name.
    const { current: plain } = reportSearchablesOf({ ...report, transfers: undefined });
    expect(plain.formerCaseNumbers).toBeUndefined();
    expect(searchTextOf(plain)).toBe('韩移送|甲县财政局|2026乙县纪委信访第0002号');
    expect(formerCaseNumberMatched(plain, searchQueryOf('0007').text)).toBeUndefined();
  });

  it('keeps a number once: none that is the current one again, none empty', () => {
    const { current } = reportSearchablesOf({
      ...report,
      caseNumber: '〔2026〕甲县纪委信访第0007号',
      commissionId: 'county-a',
      transfers: [
        { fromCommissionId: 'county-a', fromCaseNumber: '〔2026〕甲县纪委信访第0007号' },
        { fromCommissionId: 'legacy' },
        { fromCommissionId: 'city', fromCaseNumber: '〔2026〕甲市纪委信访第0031号' },
        { fromCommissionId: 'county-b', fromCaseNumber: '〔2026〕甲市纪委信访第0031号' },
      ],
    });
    expect(current.formerCaseNumbers).toEqual(['〔2026〕甲市纪委信访第0031号']);
  });

  it('reaches the searchIndex worker through its stream filter, in the cloud and locally alike', () => {
    const filter = workers.searchIndex.trigger.filter;
    const record = (type: string) => ({
      eventName: 'INSERT',
      dynamodb: { NewImage: { entity: { S: 'OutboxEvent' }, type: { S: type } } },
    });
    for (const type of ['ReportSubmitted', 'ClueRegistered', 'ReportsTransferred']) {
      expect(takes(filter, record(type)), type).toBe(true);
    }
    expect(takes(filter, record('ReportDeclined'))).toBe(false);
  });

  it('shows a row only while the entry describes the report as it stands', () => {
    const subject = { commissionId: 'county-b', caseNumber: '〔2026〕乙县纪委信访第0002号' };
    expect(entryStands({ caseNumber: subject.caseNumber }, subject, 'county-b')).toBe(true);
    // Transferred away: the sender's entry, seen by the sender.
    expect(entryStands({ caseNumber: '〔2026〕甲县纪委信访第0007号' }, subject, 'county-a')).toBe(false);
    // Transferred back with a new number: the entry of its first stay.
    expect(entryStands({ caseNumber: '〔2026〕乙县纪委信访第0001号' }, subject, 'county-b')).toBe(false);
    // An entry that answers to a former number carries the report's own number then: it stands
    // while the report is here under it, and not once it has moved on (nor at the old sender).
    const { current } = reportSearchablesOf(report);
    expect(current.formerCaseNumbers?.length).toBe(2);
    expect(entryStands(current, subject, 'county-b')).toBe(true);
    const movedOn = { commissionId: 'prov', caseNumber: '〔2026〕某省纪委信访第0001号' };
    expect(entryStands(current, movedOn, 'county-b')).toBe(false);
    expect(entryStands(current, movedOn, 'prov')).toBe(false);
    expect(entryStands(current, subject, 'county-a')).toBe(false);
    // Stored before numbers and commissions: no number on either side is the same number.
    expect(entryStands({}, {}, 'default')).toBe(true);
    expect(entryStands({}, {}, 'county-b')).toBe(false);
  });
});
