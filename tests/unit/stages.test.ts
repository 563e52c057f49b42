import { describe, expect, it } from 'vitest';
import { defaultDisclosure, publicOutcome } from '../../shared/domain/disclosure.ts';
import { type Report, reporterView } from '../../shared/domain/report.ts';
import {
  type ClueStatus,
  clueStatuses,
  reporterStageOf,
  reporterStages,
} from '../../shared/domain/stages.ts';

describe('reporter-facing stages', () => {
  it('is RECEIVED until a clue takes the report in', () => {
    expect(reporterStageOf(undefined)).toBe('RECEIVED');
  });

  it.each<[ClueStatus, string]>([
    ['REGISTERED', 'ACCEPTED'],
    ['ASSIGNED', 'ACCEPTED'],
    ['SHELVED', 'ACCEPTED'],
    ['TALK_INQUIRY', 'UNDER_VERIFICATION'],
    ['UNDER_VERIFICATION', 'UNDER_VERIFICATION'],
    ['CONCLUSION_PROPOSED', 'UNDER_VERIFICATION'],
    ['CONCLUDED', 'CONCLUDED'],
    ['TRANSFERRED', 'TRANSFERRED'],
    // 予以了结 is not 不予受理 (2020 rules, art. 17): the reporter is told which.
    ['CLOSED', 'CLOSED'],
    ['REFERRED', 'REFERRED'],
  ])('shows clue status %s as %s', (status, stage) => {
    expect(reporterStageOf(status)).toBe(stage);
  });

  it('maps every clue status to a contract stage', () => {
    for (const status of clueStatuses) expect(reporterStages).toContain(reporterStageOf(status));
  });

  it('shows the reporter stages and messages, never internal fields', () => {
    const report = {
      reportId: 'rpt_1',
      submittedAt: '2026-01-01T00:00:00.000Z',
      timeline: [{ at: '2026-01-01T00:00:00.000Z', stage: 'RECEIVED' }],
      accused: { name: '张三', position: '副局长', organization: '能源局' },
      category: 'OTHER',
      allegations: [{ summary: 's' }],
      reporterKind: 'REAL_NAME',
    } satisfies Report;
    expect(reporterView(report, undefined, defaultDisclosure)).toEqual({
      reportId: 'rpt_1',
      stage: 'RECEIVED',
      timeline: [{ at: '2026-01-01T00:00:00.000Z', stage: 'RECEIVED' }],
      messages: [],
    });
    const clue = {
      status: 'CONCLUSION_PROPOSED' as const,
      acceptedAt: '2026-01-05T00:00:00.000Z',
      stageTimeline: [
        { at: '2026-01-02T00:00:00.000Z', stage: 'ACCEPTED' as const },
        { at: '2026-01-03T00:00:00.000Z', stage: 'UNDER_VERIFICATION' as const },
        { at: '2026-01-09T00:00:00.000Z', stage: 'ACCEPTED' as const },
        { at: '2026-01-10T00:00:00.000Z', stage: 'UNDER_VERIFICATION' as const },
      ],
    };
    // Merged on 5 January into a clue already under verification: its timeline starts there.
    const view = reporterView(report, clue, defaultDisclosure);
    expect(view.stage).toBe('UNDER_VERIFICATION');
    expect(view.timeline.map((e) => `${e.at.slice(8, 10)} ${e.stage}`)).toEqual([
      '01 RECEIVED',
      '05 ACCEPTED',
      '09 ACCEPTED',
      '10 UNDER_VERIFICATION',
    ]);
    expect(view.outcome).toBeUndefined();
  });

  it.each([
    ['SUBSTANTIATED', 'SUBSTANTIATED'],
    ['PARTLY_SUBSTANTIATED', 'PARTLY_SUBSTANTIATED'],
    ['INCONCLUSIVE', 'NOT_SUBSTANTIATED'],
    ['UNTRUE', 'NOT_SUBSTANTIATED'],
    ['FABRICATED', 'NOT_SUBSTANTIATED'],
  ] as const)('tells a reporter a %s outcome as %s under the default disclosure policy', (finding, shown) => {
    expect(publicOutcome(finding, defaultDisclosure).result).toBe(shown);
  });

  it('discloses more when the policy says so', () => {
    expect(publicOutcome('UNTRUE', { disclosed: new Set(['UNTRUE']) }).result).toBe('UNTRUE');
  });
});
