/**
 * The API's response bodies, as the server declares them in its response schemas
 * (shared/schemas/responses/, the same ones the OpenAPI document is built from). Imported as types
 * only: `import type` is erased at build, so no zod code reaches the web bundle
 * (tests/unit/web-response-types.test.ts keeps it so).
 */
import type * as z from 'zod';
import type {
  ClearanceList as ClearanceListSchema,
  Clearance as ClearanceSchema,
  ConsentPreview as ConsentPreviewSchema,
  NoticeList as NoticeListSchema,
  Notice as NoticeSchema,
  VerifyNoticeResponse as VerifyNoticeSchema,
} from '../../../shared/schemas/responses/clearances.ts';
import type {
  ClueList as ClueListSchema,
  Clue as ClueSchema,
  ClueSummary as ClueSummarySchema,
} from '../../../shared/schemas/responses/clues.ts';
import type { CommissionList as CommissionListSchema } from '../../../shared/schemas/responses/commissions.ts';
import type { ErrorBody as ErrorBodySchema } from '../../../shared/schemas/responses/common.ts';
import type {
  AccuserFlagList as AccuserFlagListSchema,
  AccuserFlag as AccuserFlagSchema,
} from '../../../shared/schemas/responses/flags.ts';
import type { Conversation as ConversationSchema } from '../../../shared/schemas/responses/messages.ts';
import type {
  LodgedObjection as LodgedObjectionSchema,
  ObjectionList as ObjectionListSchema,
  Objection as ObjectionSchema,
} from '../../../shared/schemas/responses/objections.ts';
import type {
  ReceiptLookupResponse as ReceiptLookupSchema,
  ReportList as ReportListSchema,
  SubmitReportResponse as SubmitReportSchema,
} from '../../../shared/schemas/responses/reports.ts';
import type {
  PublicStats as PublicStatsSchema,
  StaffStats as StaffStatsSchema,
  SubordinateStats as SubordinateStatsSchema,
} from '../../../shared/schemas/responses/stats.ts';

/** The contract's error body, which every route answers with for a 4xx or 5xx. */
export type ErrorBody = z.output<typeof ErrorBodySchema>;
/** The reporter's live accuser flag, as a report or a clue carries it. */
export type ReporterFlag = NonNullable<ClueDetail['reporterFlag']>;

/** One clue as staff see it (GET /clues/{clueId}, and every clue action's answer). */
export type ClueDetail = z.output<typeof ClueSchema>;
/** The commission registry as the public sees it (GET /commissions): pickers and the portal's header. */
export type CommissionList = z.output<typeof CommissionListSchema>;
export type ClueSummary = z.output<typeof ClueSummarySchema>;
export type ClueList = z.output<typeof ClueListSchema>;
export type ReportList = z.output<typeof ReportListSchema>;
export type SubmitReportResponse = z.output<typeof SubmitReportSchema>;
export type ReceiptLookup = z.output<typeof ReceiptLookupSchema>;
export type Clearance = z.output<typeof ClearanceSchema>;
export type ClearanceList = z.output<typeof ClearanceListSchema>;
export type ConsentPreview = z.output<typeof ConsentPreviewSchema>;
export type Notice = z.output<typeof NoticeSchema>;
export type NoticeList = z.output<typeof NoticeListSchema>;
export type VerifyNoticeResponse = z.output<typeof VerifyNoticeSchema>;
export type AccuserFlag = z.output<typeof AccuserFlagSchema>;
export type AccuserFlagList = z.output<typeof AccuserFlagListSchema>;
export type StaffStats = z.output<typeof StaffStatsSchema>;
export type PublicStats = z.output<typeof PublicStatsSchema>;
export type SubordinateStats = z.output<typeof SubordinateStatsSchema>;
/** The commissions for the portal's statistics picker (GET /commissions). */
export type StatsCommissionList = z.output<
  typeof import('../../../shared/schemas/responses/commissions.ts').CommissionList
>;

// The console's screens for the audit-trail check, identities, cadres and follow-up visits.
export type ChainVerification = z.output<
  typeof import('../../../shared/schemas/responses/clues.ts').ChainVerification
>;
export type ReporterIdentity = z.output<
  typeof import('../../../shared/schemas/responses/clues.ts').ReporterIdentity
>;
export type FlagIdentity = z.output<typeof import('../../../shared/schemas/responses/flags.ts').FlagIdentity>;
export type Cadre = z.output<typeof import('../../../shared/schemas/responses/cadres.ts').Cadre>;
export type FollowUp = z.output<typeof import('../../../shared/schemas/responses/clearances.ts').FollowUp>;
export type FollowUpList = z.output<
  typeof import('../../../shared/schemas/responses/clearances.ts').FollowUpList
>;
/** Objections (异议): what the reporter gets back, and the approvers' list. */
export type LodgedObjection = z.output<typeof LodgedObjectionSchema>;
export type Objection = z.output<typeof ObjectionSchema>;
export type ObjectionList = z.output<typeof ObjectionListSchema>;
/** A report's or a clue's conversation with its reporters (GET …/messages). */
export type Conversation = z.output<typeof ConversationSchema>;
/** A report's evidence files, and the short-lived link to one (staff). */
export type AttachmentList = z.output<
  typeof import('../../../shared/schemas/responses/attachments.ts').AttachmentList
>;
export type AttachmentDownload = z.output<
  typeof import('../../../shared/schemas/responses/attachments.ts').AttachmentDownload
>;
/** Audited reads (查阅记录): the auditor's list. */
export type ReadRecordList = z.output<
  typeof import('../../../shared/schemas/responses/audit.ts').ReadRecordList
>;
/** Staff search (GET /search): reports and clues by case number, cadre name or organisation. */
export type SearchResults = z.output<
  typeof import('../../../shared/schemas/responses/search.ts').SearchResults
>;

// Recusal (回避) on a clue.
export type RecusalList = z.output<
  typeof import('../../../shared/schemas/responses/recusals.ts').RecusalList
>;
export type Recusal = z.output<typeof import('../../../shared/schemas/responses/recusals.ts').Recusal>;

// The staff directory (GET /staff): the pick lists of members.
export type StaffMember = z.output<typeof import('../../../shared/schemas/responses/staff.ts').StaffMember>;
export type StaffList = z.output<typeof import('../../../shared/schemas/responses/staff.ts').StaffList>;
