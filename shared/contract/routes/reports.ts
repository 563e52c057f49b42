/**
 * Reports: public submission and receipt lookup, and the staff queue. Part of the route table
 * (shared/contract/routes.ts). Each route is its own export and handlers take theirs from this
 * module, so esbuild leaves the other routes and their request schemas out of a Lambda's bundle
 * (tests/infra/bundles.test.ts).
 */
import {
  DeclineReportRequest,
  IdempotencyKeyHeader,
  IdentityVerificationRequest,
  ListReportsQuery,
  ReceiptLookupRequest,
  ResendPhoneCodeRequest,
  SubmitReportRequest,
  TransferReportRequest,
  VerifyPhoneRequest,
  VerifyReceiptRequest,
} from '../../schemas/reports.ts';
import type { RouteDef } from './route-def.ts';

export const submitReport = {
  method: 'POST',
  path: '/reports',
  entry: 'functions/reports/submit.ts',
  access: 'public',
  summary: 'Submit a report (检举控告), real-name or anonymous; answers with a receipt code shown once',
  body: SubmitReportRequest,
  headers: { 'idempotency-key': IdempotencyKeyHeader },
  maxBodyBytes: 262_144, // 256 KiB
  // Signs the receipt with the notice keys (docs/decisions/0009).
  uses: { table: 'readWrite', peppers: true, identityKey: 'encrypt', signingKey: 'sign' },
  responses: { 201: 'SubmitReportResponse' },
  errors: [400, 413, 422, 503],
} as const satisfies RouteDef;

export const lookupReceipt = {
  method: 'POST',
  path: '/receipts/lookup',
  entry: 'functions/reports/lookup.ts',
  access: 'public',
  summary: 'Follow a report by its receipt code',
  body: ReceiptLookupRequest,
  maxBodyBytes: 4_096, // 4 KiB
  // Writes too: the per-client miss counter lives in the table. Opens the conversation's texts,
  // and nothing else sealed (the key is limited to that purpose).
  uses: { table: 'readWrite', peppers: true, identityKey: 'decrypt', identityKeyPurpose: 'reporter-message' },
  responses: { 200: 'ReceiptLookupResponse' },
  errors: [400, 404, 413, 429, 503],
} as const satisfies RouteDef;

export const verifyReceipt = {
  method: 'POST',
  path: '/receipts/verify',
  entry: 'functions/receipts/verify.ts',
  access: 'public',
  summary: 'Check a signed receipt: false for any altered member, an unknown key or a malformed signature',
  body: VerifyReceiptRequest,
  maxBodyBytes: 4_096, // 4 KiB
  uses: { signingKey: 'publicKey' },
  responses: { 200: 'VerifyReceiptResponse' },
  errors: [400, 413],
} as const satisfies RouteDef;

export const listReports = {
  method: 'GET',
  path: '/reports',
  entry: 'functions/reports/list.ts',
  access: ['intake', 'approver', 'auditor'],
  summary: 'Reports awaiting registration, oldest first',
  query: ListReportsQuery,
  uses: { table: 'read' },
  responses: { 200: 'ReportList' },
  errors: [400, 401, 403, 503],
} as const satisfies RouteDef;

export const reportSuggestions = {
  method: 'GET',
  path: '/reports/{reportId}/suggestions',
  entry: 'functions/reports/suggestions.ts',
  access: ['intake', 'approver'],
  summary: 'Open clues about the same cadre, to merge a report into instead of registering a duplicate',
  auditRead: { kind: 'REPORT', subject: { param: 'reportId' } },
  uses: { table: 'read' },
  responses: { 200: 'Suggestions' },
  errors: [401, 403, 404, 503],
} as const satisfies RouteDef;

export const declineReport = {
  method: 'POST',
  path: '/reports/{reportId}/decline',
  entry: 'functions/reports/decline.ts',
  access: ['intake', 'approver'],
  summary:
    'Decline a report not yet registered (不予受理: outside the remit); the reporter sees NOT_ACCEPTED, the reason stays on the audit trail',
  body: DeclineReportRequest,
  maxBodyBytes: 4_096, // 4 KiB
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'DeclinedReport' },
  errors: [400, 401, 403, 404, 409, 413, 503],
} as const satisfies RouteDef;

export const transferReport = {
  method: 'POST',
  path: '/reports/{reportId}/transfer',
  entry: 'functions/reports/transfer.ts',
  access: ['intake', 'approver'],
  summary:
    'Transfer a report not yet registered to another commission (移交: to the level above, or the competent one); it waits in that intake queue, to be taken up within 5 working days, and the reporter keeps the receipt code',
  body: TransferReportRequest,
  maxBodyBytes: 4_096, // 4 KiB
  // Writes the receiving commission's case counter too; reads the registry and both settings.
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'TransferredReport' },
  errors: [400, 401, 403, 404, 409, 413, 503],
} as const satisfies RouteDef;

/** The reporter confirms the phone given at submission with the code texted to it. */
export const verifyPhone = {
  method: 'POST',
  path: '/receipts/verify-phone',
  entry: 'functions/receipts/verify-phone.ts',
  access: 'public',
  summary:
    "Confirm a real-name reporter's phone with the one-time code sent to it by SMS (5 tries, 10 minutes)",
  body: VerifyPhoneRequest,
  maxBodyBytes: 4_096, // 4 KiB
  // Writes too: the receipt miss counter, the code's tries, the verification on the audit trail.
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'IdentityStatusResponse' },
  errors: [400, 404, 409, 413, 429, 503],
} as const satisfies RouteDef;

/** A new code, within the resend limit; the SMS is sealed to the relay (shared/notify/relay.ts). */
export const resendPhoneCode = {
  method: 'POST',
  path: '/receipts/verify-phone/resend',
  entry: 'functions/receipts/resend-phone-code.ts',
  access: 'public',
  summary: 'Send a new one-time code to the phone given at submission (3 per hour)',
  body: ResendPhoneCodeRequest,
  maxBodyBytes: 4_096, // 4 KiB
  // Opens nothing: the phone is read from the sealed identity by no one but the relay's message.
  uses: { table: 'readWrite', peppers: true, identityKey: 'encrypt' },
  responses: { 202: 'PhoneCodeSentResponse' },
  errors: [400, 404, 409, 413, 429, 503],
} as const satisfies RouteDef;

export const verifyIdentity = {
  method: 'POST',
  path: '/reports/{reportId}/identity-verification',
  entry: 'functions/reports/verify-identity.ts',
  access: ['intake', 'approver'],
  summary: 'Record that staff verified a real-name reporter in person or by phone (核实身份)',
  body: IdentityVerificationRequest,
  maxBodyBytes: 8_192, // 8 KiB
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'IdentityStatusResponse' },
  errors: [400, 401, 403, 404, 409, 413, 503],
} as const satisfies RouteDef;

export const reportsRoutes = {
  submitReport,
  lookupReceipt,
  verifyReceipt,
  listReports,
  reportSuggestions,
  declineReport,
  transferReport,
  verifyPhone,
  resendPhoneCode,
  verifyIdentity,
} as const satisfies Record<string, RouteDef>;
