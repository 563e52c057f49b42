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
  /** 不予受理: a report declined before registration (outside the remit). */
  'NOT_ACCEPTED',
  'TRANSFERRED',
  /** 予以了结: accepted, then closed without a conclusion on the facts; not a refusal. */
  'CLOSED',
  /** 移送审查调查: referred for formal investigation; this service follows it no further. */
  'REFERRED',
] as const;
export type ReporterStage = (typeof reporterStages)[number];

/** Clue statuses (问题线索处置状态), docs/domain.md. */
export const clueStatuses = [
  'REGISTERED',
  'ASSIGNED',
  /** 谈话函询: the cadre is talked to or written to and explains; then concluded or verified. */
  'TALK_INQUIRY',
  'UNDER_VERIFICATION',
  'CONCLUSION_PROPOSED',
  'CONCLUDED',
  'SHELVED',
  'TRANSFERRED',
  'CLOSED',
  /** 移送审查调查: terminal here. */
  'REFERRED',
] as const;
export type ClueStatus = (typeof clueStatuses)[number];

const stageByClueStatus: Record<ClueStatus, ReporterStage> = {
  REGISTERED: 'ACCEPTED',
  ASSIGNED: 'ACCEPTED',
  // 暂存待查: accepted and waiting for more information; the reporter is not told it stalled.
  SHELVED: 'ACCEPTED',
  // A talk or letter inquiry is handling the report, as verification is.
  TALK_INQUIRY: 'UNDER_VERIFICATION',
  UNDER_VERIFICATION: 'UNDER_VERIFICATION',
  // A proposal awaiting its second pair of eyes is not yet a conclusion.
  CONCLUSION_PROPOSED: 'UNDER_VERIFICATION',
  CONCLUDED: 'CONCLUDED',
  TRANSFERRED: 'TRANSFERRED',
  // 予以了结 is not 不予受理: the report was accepted, and the matter closed (2020 rules, art. 17).
  CLOSED: 'CLOSED',
  REFERRED: 'REFERRED',
};

/** The reporter-facing stage of a report: RECEIVED until a clue takes it in. */
export const reporterStageOf = (clueStatus: ClueStatus | undefined): ReporterStage =>
  clueStatus === undefined ? 'RECEIVED' : stageByClueStatus[clueStatus];
