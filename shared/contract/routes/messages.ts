/**
 * The conversation with a reporter: the reporter writes with the receipt code, the staff handling
 * the report write and read (docs/api.md "The reporter's channel"). Part of the route table
 * (shared/contract/routes.ts); each route its own export, as in the other areas.
 */
import { ReceiptMessageRequest, StaffMessageRequest } from '../../schemas/messages.ts';
import type { RouteDef } from './route-def.ts';

export const sendReceiptMessage = {
  method: 'POST',
  path: '/receipts/messages',
  entry: 'functions/messages/reporter-send.ts',
  access: 'public',
  summary: 'The reporter writes to the commission, with the receipt code',
  body: ReceiptMessageRequest,
  maxBodyBytes: 16_384, // 16 KiB: 2,000 characters of any script, with room for JSON escapes
  // Writes the miss counter (receipt-holder.ts) and seals the text.
  uses: { table: 'readWrite', peppers: true, identityKey: 'encrypt' },
  responses: { 201: 'MessageSent' },
  errors: [400, 404, 413, 429, 503],
} as const satisfies RouteDef;

export const sendStaffMessage = {
  method: 'POST',
  path: '/reports/{reportId}/messages',
  entry: 'functions/messages/staff-send.ts',
  access: ['intake', 'investigator', 'approver'],
  summary: 'The staff handling a report write to its reporter; `result` gives the result feedback',
  body: StaffMessageRequest,
  maxBodyBytes: 16_384, // 16 KiB
  uses: { table: 'readWrite', peppers: true, identityKey: 'encrypt' },
  responses: { 201: 'MessageSent' },
  errors: [400, 401, 403, 404, 409, 413, 503],
} as const satisfies RouteDef;

export const listReportMessages = {
  method: 'GET',
  path: '/reports/{reportId}/messages',
  entry: 'functions/messages/report-list.ts',
  access: ['intake', 'investigator', 'approver'],
  summary: 'The conversation with a report’s reporter; reading it marks the answers read',
  auditRead: { kind: 'REPORT', subject: { param: 'reportId' } },
  uses: {
    table: 'readWrite',
    identityKey: 'decrypt',
    identityKeyPurpose: 'reporter-message',
  },
  responses: { 200: 'Conversation' },
  errors: [401, 403, 404, 503],
} as const satisfies RouteDef;

export const listClueMessages = {
  method: 'GET',
  path: '/clues/{clueId}/messages',
  entry: 'functions/messages/clue-list.ts',
  access: ['investigator', 'approver'],
  summary: 'The conversations with all reporters of a clue; reading them marks the answers read',
  auditRead: { kind: 'CLUE', subject: { param: 'clueId' } },
  uses: {
    table: 'readWrite',
    identityKey: 'decrypt',
    identityKeyPurpose: 'reporter-message',
  },
  responses: { 200: 'Conversation' },
  errors: [401, 403, 404, 503],
} as const satisfies RouteDef;

export const messagesRoutes = {
  sendReceiptMessage,
  sendStaffMessage,
  listReportMessages,
  listClueMessages,
} as const satisfies Record<string, RouteDef>;
