/**
 * What the reporter sees (docs/api.md, following a report) is coarser than what staff track: the
 * reporter learns whether the report was accepted (受理), is being verified, and how it ended,
 * never the internal steps such as assignment or a proposal awaiting approval.
 */
export const reporterStages = [
  'RECEIVED',
  'ACCEPTED',
  'UNDER_VERIFICATION',
  'CONCLUDED',
  'NOT_ACCEPTED',
  'TRANSFERRED',
] as const;
export type ReporterStage = (typeof reporterStages)[number];

/** Clue statuses (问题线索处置状态), docs/domain.md. */
export const clueStatuses = [
  'REGISTERED',
  'ASSIGNED',
  'UNDER_VERIFICATION',
  'CONCLUSION_PROPOSED',
  'CONCLUDED',
  'SHELVED',
  'TRANSFERRED',
  'CLOSED',
] as const;
export type ClueStatus = (typeof clueStatuses)[number];

const stageByClueStatus: Record<ClueStatus, ReporterStage> = {
  REGISTERED: 'ACCEPTED',
  ASSIGNED: 'ACCEPTED',
  // 暂存待查: accepted and waiting for more information; the reporter is not told it stalled.
  SHELVED: 'ACCEPTED',
  UNDER_VERIFICATION: 'UNDER_VERIFICATION',
  // A proposal awaiting its second pair of eyes is not yet a conclusion.
  CONCLUSION_PROPOSED: 'UNDER_VERIFICATION',
  CONCLUDED: 'CONCLUDED',
  TRANSFERRED: 'TRANSFERRED',
  // 了结: outside the commission's remit, so the report was not accepted.
  CLOSED: 'NOT_ACCEPTED',
};

/** The reporter-facing stage of a report: RECEIVED until a clue takes it in. */
export const reporterStageOf = (clueStatus: ClueStatus | undefined): ReporterStage =>
  clueStatus === undefined ? 'RECEIVED' : stageByClueStatus[clueStatus];
