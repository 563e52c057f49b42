/**
 * Every response body by name. The route table names its responses (`{ 200: 'Clue' }`) rather than
 * holding the schemas, so that a Lambda, which never builds a response schema, does not construct
 * them at cold start; the OpenAPI document looks the names up here.
 */
import type * as z from 'zod';
import {
  AnnouncedAttachment,
  Attachment,
  AttachmentDownload,
  AttachmentList,
  ReporterAttachment,
} from './attachments.ts';
import { ReadRecord, ReadRecordList } from './audit.ts';
import { Cadre } from './cadres.ts';
import {
  Clearance,
  ClearanceList,
  ClearanceStatusBody,
  ConsentPreview,
  FollowUp,
  FollowUpList,
  Jwks,
  Notice,
  NoticeList,
  VerifyNoticeResponse,
} from './clearances.ts';
import { ChainVerification, Clue, ClueList, ReporterIdentity, Suggestions } from './clues.ts';
import { Commission, CommissionList, CommissionSummary } from './commissions.ts';
import { ErrorBody, Health, OpenApiDocument } from './common.ts';
import {
  AccuserFlag,
  AccuserFlagList,
  FlagExport,
  FlagExportCsv,
  FlagIdentity,
  FlagStatus,
} from './flags.ts';
import { Conversation, MessageSent } from './messages.ts';
import { LodgedObjection, Objection, ObjectionList } from './objections.ts';
import { Recusal, RecusalList, Relationship } from './recusals.ts';
import {
  DeclinedReport,
  IdentityStatusResponse,
  PhoneCodeSentResponse,
  ReceiptLookupResponse,
  ReportList,
  SubmitReportResponse,
  TransferredReport,
  VerifyReceiptResponse,
} from './reports.ts';
import { SearchResult, SearchResults } from './search.ts';
import { StaffList, StaffMember } from './staff.ts';
import { PublicStats, StaffStats, SubordinateStats } from './stats.ts';

export const responseSchemas = {
  ErrorBody,
  Health,
  Commission,
  CommissionList,
  CommissionSummary,
  OpenApiDocument,
  Cadre,
  Clearance,
  ClearanceList,
  ClearanceStatusBody,
  ConsentPreview,
  Notice,
  NoticeList,
  Jwks,
  VerifyNoticeResponse,
  FollowUp,
  FollowUpList,
  Clue,
  ClueList,
  ChainVerification,
  ReporterIdentity,
  Suggestions,
  AccuserFlag,
  AccuserFlagList,
  FlagExport,
  FlagIdentity,
  FlagStatus,
  SubmitReportResponse,
  ReceiptLookupResponse,
  VerifyReceiptResponse,
  ReportList,
  DeclinedReport,
  TransferredReport,
  IdentityStatusResponse,
  PhoneCodeSentResponse,
  StaffStats,
  SubordinateStats,
  PublicStats,
  LodgedObjection,
  Objection,
  ObjectionList,
  MessageSent,
  Conversation,
  AnnouncedAttachment,
  Attachment,
  AttachmentList,
  AttachmentDownload,
  ReporterAttachment,
  ReadRecord,
  ReadRecordList,
  SearchResult,
  SearchResults,
  StaffMember,
  StaffList,
  Recusal,
  RecusalList,
  Relationship,
};

export type ResponseName = keyof typeof responseSchemas;

/** The body a named response holds: its schema's output, the type a handler must answer with. */
export type ResponseBody<N extends ResponseName> = z.output<(typeof responseSchemas)[N]>;

/** The responses also sent in a media type other than JSON: their handlers may answer with a raw body. */
export type RawResponseName = 'FlagExport';

/** Media types a response is also sent in, beside application/json. */
export const responseMedia: Partial<Record<ResponseName, Record<string, z.ZodType>>> &
  Record<RawResponseName, Record<string, z.ZodType>> = {
  FlagExport: { 'text/csv': FlagExportCsv },
};
