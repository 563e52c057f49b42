/**
 * The rules a backfill decides by (shared/domain/retention.ts `entryNeeded`, shared/domain/search.ts
 * `reportSearchable`/`clueSearchable`): an old case gets its retention entry only when the index
 * lacks it and it still has personal data to erase; a subject is found from its own time.
 */
import { describe, expect, it } from 'vitest';
import {
  entriesOfClue,
  entryNeeded,
  entryOfDeclined,
  type RetentionEntry,
} from '../../shared/domain/retention.ts';
import { clueSearchable, reportSearchable } from '../../shared/domain/search.ts';

const closedClue = {
  clueId: 'clu-1',
  version: 7,
  status: 'CLOSED' as const,
  reports: [{ reportId: 'rpt-1' }],
  stageTimeline: [
    { at: '2019-01-02T00:00:00.000Z', stage: 'RECEIVED' as const },
    { at: '2019-03-04T00:00:00.000Z', stage: 'CLOSED' as const },
  ],
};
const closedAt = '2019-03-04T00:00:00.000Z';
const ended = entriesOfClue(closedClue, 'county-a', closedAt)[0] as RetentionEntry;
const basis = (at: string, version: number) => `${at}#${String(version).padStart(8, '0')}`;

describe('entryNeeded', () => {
  it('wants an ended case that the index lacks, while its report still has personal data', () => {
    expect(ended).toMatchObject({ ended: true, endedAt: closedAt, basis: basis(closedAt, 7) });
    expect(entryNeeded(ended, undefined, {})).toBe(true);
    expect(entryNeeded(ended, undefined, { erasedAt: '2025-01-01T00:00:00.000Z' })).toBe(false);
    expect(entryNeeded(ended, undefined, undefined)).toBe(false);
  });

  it('replaces only an older reading, never the same or a newer one', () => {
    expect(entryNeeded(ended, { basis: basis(closedAt, 6) }, {})).toBe(true);
    expect(entryNeeded(ended, { basis: basis('2019-01-02T00:00:00.000Z', 9) }, {})).toBe(true);
    expect(entryNeeded(ended, { basis: basis(closedAt, 7) }, {})).toBe(false);
    expect(entryNeeded(ended, { basis: basis(closedAt, 9) }, {})).toBe(false);
    expect(entryNeeded(ended, { basis: basis('2020-01-01T00:00:00.000Z', 1) }, {})).toBe(false);
  });

  it('takes an entry written before readings were timed (a bare version) as older', () => {
    expect(entryNeeded(ended, { basis: 99 as unknown as string }, {})).toBe(true);
  });

  it('writes no entry for a case that has not ended, unless one is there to take out', () => {
    const open = entriesOfClue(
      {
        ...closedClue,
        status: 'UNDER_VERIFICATION',
        version: 8,
      },
      'default',
      '2019-04-01T00:00:00.000Z',
    )[0] as RetentionEntry;
    expect(open).toMatchObject({ ended: false, commissionId: 'default' });
    expect(entryNeeded(open, undefined, {})).toBe(false);
    expect(entryNeeded(open, { basis: basis(closedAt, 7) }, {})).toBe(true);
  });

  it('wants a report declined before registration', () => {
    const declined = entryOfDeclined({
      reportId: 'rpt-2',
      version: 3,
      status: 'DECLINED',
      timeline: [{ at: '2018-05-06T00:00:00.000Z', stage: 'NOT_ACCEPTED' }],
    });
    expect(declined && entryNeeded(declined, undefined, { erasedAt: undefined })).toBe(true);
  });
});

describe('reportSearchable and clueSearchable', () => {
  const accused = { name: '张三', organization: '某县能源局', position: '副局长' };

  it('find a report from its submission and a clue from its registration, in their commission', () => {
    expect(
      reportSearchable({
        reportId: 'rpt-1',
        submittedAt: '2024-01-01T00:00:00.000Z',
        accused,
        caseNumber: 'X1',
      }),
    ).toEqual({
      kind: 'REPORT',
      subjectId: 'rpt-1',
      commissionId: 'default',
      at: '2024-01-01T00:00:00.000Z',
      caseNumber: 'X1',
      cadre: accused,
    });
    expect(
      clueSearchable({
        clueId: 'clu-1',
        registeredAt: '2024-02-01T00:00:00.000Z',
        accused,
        commissionId: 'county-a',
      }),
    ).toMatchObject({
      kind: 'CLUE',
      subjectId: 'clu-1',
      commissionId: 'county-a',
      at: '2024-02-01T00:00:00.000Z',
    });
  });
});
