import { describe, expect, it } from 'vitest';
import { reporterView } from '../../shared/domain/report.ts';
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
    ['UNDER_VERIFICATION', 'UNDER_VERIFICATION'],
    ['CONCLUSION_PROPOSED', 'UNDER_VERIFICATION'],
    ['CONCLUDED', 'CONCLUDED'],
    ['TRANSFERRED', 'TRANSFERRED'],
    ['CLOSED', 'NOT_ACCEPTED'],
  ])('shows clue status %s as %s', (status, stage) => {
    expect(reporterStageOf(status)).toBe(stage);
  });

  it('maps every clue status to a contract stage', () => {
    for (const status of clueStatuses) expect(reporterStages).toContain(reporterStageOf(status));
  });

  it('shows the reporter stages and messages, never internal fields', () => {
    const view = reporterView({
      reportId: 'rpt_1',
      submittedAt: '2026-01-01T00:00:00.000Z',
      timeline: [{ at: '2026-01-01T00:00:00.000Z', stage: 'RECEIVED' }],
      accused: { name: '张三', position: '副局长', organization: '能源局' },
      category: 'OTHER',
      allegations: [{ summary: 's' }],
      reporterKind: 'REAL_NAME',
      clueStatus: 'CONCLUSION_PROPOSED',
    });
    expect(view).toEqual({
      reportId: 'rpt_1',
      stage: 'UNDER_VERIFICATION',
      timeline: [{ at: '2026-01-01T00:00:00.000Z', stage: 'RECEIVED' }],
      messages: [],
    });
  });
});
