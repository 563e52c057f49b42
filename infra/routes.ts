/**
 * The one route table. The CDK stateless stack makes a function and an API route from each entry,
 * the local runtime serves the same entries, the handlers take their schemas and allowed roles from
 * here, and /openapi.json is generated from it. Nothing else lists routes, so nothing can drift.
 *
 * Pure data and zod schemas only: Lambda bundles import this file, so no aws-cdk-lib here.
 */
import type * as z from 'zod';
import { type Role, roles } from '../shared/domain/roles.ts';
import { Cadre, CreateCadreRequest } from '../shared/schemas/cadres.ts';
import {
  ClearanceList,
  Clearance as ClearanceSchema,
  ClearanceStatusBody,
  ConsentRequest,
  CreateClearanceRequest,
  FollowUpList,
  FollowUp as FollowUpSchema,
  Jwks,
  ListClearancesQuery,
  ListFollowUpsQuery,
  ListNoticesQuery,
  NoticeList,
  Notice as NoticeSchema,
  RecordFollowUpRequest,
  VerifyNoticeRequest,
  VerifyNoticeResponse,
  WithdrawClearanceRequest,
} from '../shared/schemas/clearances.ts';
import {
  ChainVerification,
  Clue,
  ClueActionRequest,
  ClueList,
  LinkCadreRequest,
  ListCluesQuery,
  MergeReportRequest,
  RegisterClueRequest,
  ReporterIdentity,
  RevealIdentityRequest,
  Suggestions,
} from '../shared/schemas/clues.ts';
import { ErrorBody, Health } from '../shared/schemas/common.ts';
import {
  AccuserFlagList,
  AccuserFlag as AccuserFlagSchema,
  ContestFlagRequest,
  ExportFlagsQuery,
  FlagDecisionRequest,
  FlagExport,
  FlagIdentity,
  ListFlagsQuery,
  RevealFlagIdentityRequest,
} from '../shared/schemas/flags.ts';
import {
  IdempotencyKeyHeader,
  ListReportsQuery,
  ReceiptLookupRequest,
  ReceiptLookupResponse,
  ReportList,
  SubmitReportRequest,
  SubmitReportResponse,
} from '../shared/schemas/reports.ts';
import { PublicStats, StaffStats } from '../shared/schemas/stats.ts';

export { type Role, roles };
export const staff: readonly Role[] = roles;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef {
  method: HttpMethod;
  /** API Gateway path syntax: `/clues/{clueId}`. */
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** `public` routes carry no authorizer; the others need a JWT with one of these groups. */
  access: 'public' | readonly Role[];
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  headers?: Record<string, z.ZodType>;
  responses: Record<number, z.ZodType>;
  /** The largest body accepted before parsing (413 above it). */
  maxBodyBytes?: number;
  /**
   * What the function touches, so the stack grants exactly that (least privilege):
   * the table, the peppers secret, and the identity key (encrypt to seal, decrypt to open).
   */
  uses: {
    table?: 'read' | 'readWrite';
    peppers?: boolean;
    identityKey?: 'encrypt' | 'decrypt';
    /** Signs notices (KMS Sign), or only reads the public keys (KMS GetPublicKey). */
    signingKey?: 'sign' | 'publicKey';
  };
  /** Function settings that differ from the construct's defaults. */
  memoryMb?: number;
  timeoutSeconds?: number;
}

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));

export const routes = {
  health: {
    method: 'GET',
    path: '/health',
    entry: 'functions/system/health.ts',
    access: 'public',
    summary: 'Liveness check',
    uses: {},
    responses: { 200: Health },
  },
  openapi: {
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/system/openapi.ts',
    access: 'public',
    summary: 'This contract as an OpenAPI 3.1 document',
    uses: {},
    responses: {},
  },
  submitReport: {
    method: 'POST',
    path: '/reports',
    entry: 'functions/reports/submit.ts',
    access: 'public',
    summary: 'Submit a report (检举控告), real-name or anonymous; answers with a receipt code shown once',
    body: SubmitReportRequest,
    headers: { 'idempotency-key': IdempotencyKeyHeader },
    maxBodyBytes: 256 * 1024,
    uses: { table: 'readWrite', peppers: true, identityKey: 'encrypt' },
    responses: { 201: SubmitReportResponse, ...errors(400, 413, 422, 503) },
  },
  lookupReceipt: {
    method: 'POST',
    path: '/receipts/lookup',
    entry: 'functions/reports/lookup.ts',
    access: 'public',
    summary: 'Follow a report by its receipt code',
    body: ReceiptLookupRequest,
    maxBodyBytes: 4 * 1024,
    // Writes too: the per-client miss counter lives in the table.
    uses: { table: 'readWrite', peppers: true },
    responses: { 200: ReceiptLookupResponse, ...errors(400, 404, 413, 429, 503) },
  },
  listReports: {
    method: 'GET',
    path: '/reports',
    entry: 'functions/reports/list.ts',
    access: ['intake', 'approver', 'auditor'],
    summary: 'Reports awaiting registration, oldest first',
    query: ListReportsQuery,
    uses: { table: 'read' },
    responses: { 200: ReportList, ...errors(400, 401, 403, 503) },
  },
  reportSuggestions: {
    method: 'GET',
    path: '/reports/{reportId}/suggestions',
    entry: 'functions/clues/suggestions.ts',
    access: ['intake', 'approver'],
    summary: 'Open clues about the same cadre, to merge a report into instead of registering a duplicate',
    uses: { table: 'read' },
    responses: { 200: Suggestions, ...errors(401, 403, 404, 503) },
  },
  registerClue: {
    method: 'POST',
    path: '/clues',
    entry: 'functions/clues/register.ts',
    access: ['intake'],
    summary: 'Register (受理) one or more unregistered reports as a new clue',
    body: RegisterClueRequest,
    uses: { table: 'readWrite', peppers: true },
    responses: { 201: Clue, ...errors(400, 401, 403, 404, 409, 503) },
  },
  mergeReport: {
    method: 'POST',
    path: '/clues/{clueId}/reports',
    entry: 'functions/clues/merge.ts',
    access: ['intake'],
    summary: 'Merge a further unregistered report into an open clue',
    body: MergeReportRequest,
    uses: { table: 'readWrite', peppers: true },
    responses: { 200: Clue, ...errors(400, 401, 403, 404, 409, 503) },
  },
  linkCadre: {
    method: 'POST',
    path: '/clues/{clueId}/cadre',
    entry: 'functions/clues/link-cadre.ts',
    access: ['intake', 'approver'],
    summary: 'Link a clue to a registered cadre; marks allegations that predate the tenure',
    body: LinkCadreRequest,
    uses: { table: 'readWrite', peppers: true },
    responses: { 200: Clue, ...errors(400, 401, 403, 404, 409, 503) },
  },
  clueAction: {
    method: 'POST',
    path: '/clues/{clueId}/actions',
    entry: 'functions/clues/act.ts',
    access: staff,
    summary: 'Take an action on a clue (assign, verify, propose, approve, …) at an expected version',
    body: ClueActionRequest,
    uses: { table: 'readWrite', peppers: true },
    responses: { 200: Clue, ...errors(400, 401, 403, 404, 409, 503) },
  },
  getClue: {
    method: 'GET',
    path: '/clues/{clueId}',
    entry: 'functions/clues/get.ts',
    access: staff,
    summary: 'A clue with its reports, allegations, history (oldest first) and deadlines',
    uses: { table: 'read' },
    responses: { 200: Clue, ...errors(401, 403, 404, 503) },
  },
  listClues: {
    method: 'GET',
    path: '/clues',
    entry: 'functions/clues/list.ts',
    access: staff,
    summary: 'Clues by status, by assignee, or overdue; one index Query per page',
    query: ListCluesQuery,
    uses: { table: 'read' },
    responses: { 200: ClueList, ...errors(400, 401, 403, 503) },
  },
  verifyClueHistory: {
    method: 'GET',
    path: '/clues/{clueId}/history/verify',
    entry: 'functions/clues/verify-history.ts',
    access: ['approver', 'auditor'],
    summary: 'Check the hash chain of a clue’s audit trail',
    uses: { table: 'read', peppers: true },
    responses: { 200: ChainVerification, ...errors(401, 403, 404, 503) },
  },
  revealReporter: {
    method: 'POST',
    path: '/clues/{clueId}/reports/{reportId}/identity',
    entry: 'functions/clues/reveal-reporter.ts',
    access: ['approver'],
    summary: 'Open a real-name reporter’s identity, with a stated reason that goes on the audit trail',
    body: RevealIdentityRequest,
    uses: { table: 'readWrite', peppers: true, identityKey: 'decrypt' },
    responses: { 200: ReporterIdentity, ...errors(400, 401, 403, 404, 503) },
  },
  createCadre: {
    method: 'POST',
    path: '/cadres',
    entry: 'functions/cadres/create.ts',
    access: ['intake', 'approver'],
    summary: 'Record a cadre and their posts with tenure dates',
    body: CreateCadreRequest,
    uses: { table: 'readWrite' },
    responses: { 201: Cadre, ...errors(400, 401, 403, 503) },
  },
  getCadre: {
    method: 'GET',
    path: '/cadres/{cadreId}',
    entry: 'functions/cadres/get.ts',
    access: staff,
    summary: 'A cadre and their posts',
    uses: { table: 'read' },
    responses: { 200: Cadre, ...errors(401, 403, 404, 503) },
  },
  staffStats: {
    method: 'GET',
    path: '/stats',
    entry: 'functions/stats/staff.ts',
    access: staff,
    summary: 'Counts by status and finding, overdue clues, days to conclude',
    uses: { table: 'read' },
    responses: { 200: StaffStats, ...errors(401, 403, 503) },
  },
  publicStats: {
    method: 'GET',
    path: '/stats/public',
    entry: 'functions/stats/public.ts',
    access: 'public',
    summary: 'Aggregate figures only',
    uses: { table: 'read' },
    responses: { 200: PublicStats, ...errors(503) },
  },
  createClearance: {
    method: 'POST',
    path: '/clues/{clueId}/clearances',
    entry: 'functions/clearances/create.ts',
    access: ['investigator'],
    summary:
      'Propose clearance (澄清正名) of a concluded clue’s untrue allegations; asks the cadre to consent',
    body: CreateClearanceRequest,
    uses: { table: 'readWrite', peppers: true, identityKey: 'encrypt' },
    responses: { 201: ClearanceSchema, ...errors(400, 401, 403, 404, 409, 503) },
  },
  consentToClearance: {
    method: 'POST',
    path: '/clearances/{clearanceId}/consent',
    entry: 'functions/clearances/consent.ts',
    access: 'public',
    summary: 'The cadre consents to or declines clearance, with the one-time token from their message',
    body: ConsentRequest,
    maxBodyBytes: 4 * 1024,
    uses: { table: 'readWrite', peppers: true },
    responses: { 200: ClearanceStatusBody, ...errors(400, 403, 404, 409, 503) },
  },
  approveClearance: {
    method: 'POST',
    path: '/clearances/{clearanceId}/approve',
    entry: 'functions/clearances/approve.ts',
    access: ['approver'],
    summary:
      'Approve a consented clearance: sign and publish the notice, tell the cadre, schedule the follow-up',
    uses: { table: 'readWrite', peppers: true, identityKey: 'encrypt', signingKey: 'sign' },
    responses: { 200: ClearanceSchema, ...errors(401, 403, 404, 409, 503) },
  },
  withdrawClearance: {
    method: 'POST',
    path: '/clearances/{clearanceId}/withdraw',
    entry: 'functions/clearances/withdraw.ts',
    access: ['investigator', 'approver'],
    summary: 'Withdraw a clearance that is not yet published',
    body: WithdrawClearanceRequest,
    uses: { table: 'readWrite', peppers: true },
    responses: { 200: ClearanceSchema, ...errors(400, 401, 403, 404, 409, 503) },
  },
  getClearance: {
    method: 'GET',
    path: '/clearances/{clearanceId}',
    entry: 'functions/clearances/get.ts',
    access: staff,
    summary: 'A clearance, with its consent status and a preview of the notice text',
    uses: { table: 'read' },
    responses: { 200: ClearanceSchema, ...errors(401, 403, 404, 503) },
  },
  listClearances: {
    method: 'GET',
    path: '/clearances',
    entry: 'functions/clearances/list.ts',
    access: staff,
    summary: 'Clearances by status, newest first',
    query: ListClearancesQuery,
    uses: { table: 'read' },
    responses: { 200: ClearanceList, ...errors(400, 401, 403, 503) },
  },
  listNotices: {
    method: 'GET',
    path: '/notices',
    entry: 'functions/notices/list.ts',
    access: 'public',
    summary: 'Published public clearance notices, newest first',
    query: ListNoticesQuery,
    uses: { table: 'read' },
    responses: { 200: NoticeList, ...errors(400, 503) },
  },
  getNotice: {
    method: 'GET',
    path: '/notices/{noticeId}',
    entry: 'functions/notices/get.ts',
    access: 'public',
    summary: 'One public notice; 404 for unknown or non-public notices',
    uses: { table: 'read' },
    responses: { 200: NoticeSchema, ...errors(404, 503) },
  },
  noticeKeys: {
    method: 'GET',
    path: '/.well-known/notice-keys',
    entry: 'functions/notices/keys.ts',
    access: 'public',
    summary: 'The public keys (JWKS) that verify notice signatures offline',
    uses: { signingKey: 'publicKey' },
    responses: { 200: Jwks },
  },
  verifyNotice: {
    method: 'POST',
    path: '/notices/verify',
    entry: 'functions/notices/verify.ts',
    access: 'public',
    summary: 'Check a notice’s signature: false for any altered field',
    body: VerifyNoticeRequest,
    maxBodyBytes: 64 * 1024,
    uses: { signingKey: 'publicKey' },
    responses: { 200: VerifyNoticeResponse, ...errors(400, 413) },
  },
  listFollowUps: {
    method: 'GET',
    path: '/follow-ups',
    entry: 'functions/follow-ups/list.ts',
    access: staff,
    summary: 'Pending follow-up visits (回访) by due date; due=true keeps those due now',
    query: ListFollowUpsQuery,
    uses: { table: 'read' },
    responses: { 200: FollowUpList, ...errors(400, 401, 403, 503) },
  },
  recordFollowUp: {
    method: 'POST',
    path: '/follow-ups/{followUpId}',
    entry: 'functions/follow-ups/record.ts',
    access: ['investigator', 'approver'],
    summary: 'Record a follow-up visit with notes',
    body: RecordFollowUpRequest,
    uses: { table: 'readWrite', peppers: true },
    responses: { 200: FollowUpSchema, ...errors(400, 401, 403, 404, 409, 503) },
  },
  listFlags: {
    method: 'GET',
    path: '/accuser-flags',
    entry: 'functions/accusers/list.ts',
    access: ['approver', 'auditor'],
    summary: 'Accuser flags by status; confirmed ones only until they expire',
    query: ListFlagsQuery,
    uses: { table: 'read' },
    responses: { 200: AccuserFlagList, ...errors(400, 401, 403, 503) },
  },
  exportFlags: {
    method: 'GET',
    path: '/accuser-flags/export',
    entry: 'functions/accusers/export.ts',
    access: ['approver'],
    summary: 'Confirmed FABRICATION flags for a credit system (CSV or JSON); never an identity',
    query: ExportFlagsQuery,
    uses: { table: 'read' },
    responses: { 200: FlagExport, ...errors(400, 401, 403, 503) },
  },
  getFlag: {
    method: 'GET',
    path: '/accuser-flags/{flagId}',
    entry: 'functions/accusers/get.ts',
    access: ['approver', 'auditor'],
    summary: 'One flag with its evidence and steps',
    uses: { table: 'read' },
    responses: { 200: AccuserFlagSchema, ...errors(401, 403, 404, 503) },
  },
  decideFlag: {
    method: 'POST',
    path: '/accuser-flags/{flagId}/decision',
    entry: 'functions/accusers/decide.ts',
    access: ['approver'],
    summary: 'Confirm or dismiss a proposed flag, with a reason',
    body: FlagDecisionRequest,
    uses: { table: 'readWrite', peppers: true },
    responses: { 200: AccuserFlagSchema, ...errors(400, 401, 403, 404, 409, 503) },
  },
  contestFlag: {
    method: 'POST',
    path: '/accuser-flags/{flagId}/contest',
    entry: 'functions/accusers/contest.ts',
    access: ['intake', 'approver'],
    summary: 'Record that the person contests a flag (申诉); the flag goes back to review',
    body: ContestFlagRequest,
    uses: { table: 'readWrite', peppers: true },
    responses: { 200: AccuserFlagSchema, ...errors(400, 401, 403, 404, 409, 503) },
  },
  revealFlagIdentity: {
    method: 'POST',
    path: '/accuser-flags/{flagId}/identity',
    entry: 'functions/accusers/reveal.ts',
    access: ['approver'],
    summary:
      'Reveal the identity behind a confirmed FABRICATION flag, for referral; stated reason, audited, rate limited',
    body: RevealFlagIdentityRequest,
    uses: { table: 'readWrite', peppers: true, identityKey: 'decrypt' },
    responses: { 200: FlagIdentity, ...errors(400, 401, 403, 404, 409, 429, 503) },
  },
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
export const routeEntries = Object.entries(routes) as [RouteName, RouteDef][];
