/**
 * The domain's closed vocabularies that many modules share: what a report is about, who made it,
 * how a cadre is cleared, and where a clearance and a flag stand. A leaf module (it imports
 * nothing), so the event catalogue, the schemas and the rules can all name these words without
 * importing each other in a circle.
 */

/** The categories of misconduct a report may concern (docs/domain.md). */
export const reportCategories = ['CORRUPTION', 'DISCIPLINE', 'DERELICTION', 'WORK_STYLE', 'OTHER'] as const;
export type ReportCategory = (typeof reportCategories)[number];

export type ReporterKind = 'ANONYMOUS' | 'REAL_NAME';

/** 发函说明, 当面说明, 会议通报, 公开澄清: the scope grows with the reach of the harm. */
export const clearanceMethods = ['LETTER', 'IN_PERSON', 'MEETING', 'PUBLIC_NOTICE'] as const;
export type ClearanceMethod = (typeof clearanceMethods)[number];

export const clearanceStatuses = [
  'AWAITING_CONSENT',
  'CONSENTED',
  'DECLINED',
  'PUBLISHED',
  'WITHDRAWN',
] as const;
export type ClearanceStatus = (typeof clearanceStatuses)[number];

export const flagStatuses = ['PROPOSED', 'CONFIRMED', 'DISMISSED'] as const;
export type FlagStatus = (typeof flagStatuses)[number];

/**
 * How a report reached the commission: through the portal (ONLINE), or taken at the counter by
 * intake staff from a letter (来信), a visit (来访) or a phone call (来电).
 */
export const reportChannels = ['ONLINE', 'LETTER', 'VISIT', 'PHONE'] as const;
export type ReportChannel = (typeof reportChannels)[number];
/** The channels intake staff record at the counter (POST /intake/reports). */
export const counterChannels = ['LETTER', 'VISIT', 'PHONE'] as const;
export type CounterChannel = (typeof counterChannels)[number];

/** How a talk or letter inquiry (谈话函询) was made: a talk with the cadre, or a letter they answer. */
export const inquiryForms = ['TALK', 'LETTER'] as const;
export type InquiryForm = (typeof inquiryForms)[number];
