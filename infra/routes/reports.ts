/**
 * Intake: submitting reports, receipt lookup, the intake queue. Part of the route table
 * (infra/routes.ts); handlers import their area's module alone, so a Lambda bundle builds only its
 * own area's schemas at cold start.
 */
import { Suggestions } from '../../shared/schemas/clues.ts';
import {
  IdempotencyKeyHeader,
  ListReportsQuery,
  ReceiptLookupRequest,
  ReceiptLookupResponse,
  ReportList,
  SubmitReportRequest,
  SubmitReportResponse,
} from '../../shared/schemas/reports.ts';
import { errors, type RouteDef } from './route-def.ts';

export const reportsRoutes = {
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
} as const satisfies Record<string, RouteDef>;
