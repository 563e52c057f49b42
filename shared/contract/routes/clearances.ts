/**
 * Clearances (澄清正名): proposal, consent, approval, withdrawal. Part of the route table
 * (shared/contract/routes.ts). Each route is its own export and handlers take theirs from this
 * module, so esbuild leaves the other routes and their request schemas out of a Lambda's bundle
 * (tests/infra/bundles.test.ts).
 */
import {
  ApproveClearanceRequest,
  ConsentPreviewRequest,
  ConsentRequest,
  CreateClearanceRequest,
  ListClearancesQuery,
  WithdrawClearanceRequest,
} from '../../schemas/clearances.ts';
import { type RouteDef, staff } from './route-def.ts';

export const createClearance = {
  method: 'POST',
  path: '/clues/{clueId}/clearances',
  entry: 'functions/clearances/create.ts',
  access: ['investigator'],
  summary:
    'Propose clearance (澄清正名) of a concluded clue’s untrue allegations, one live clearance per allegation; asks the cadre to consent',
  body: CreateClearanceRequest,
  uses: { table: 'readWrite', peppers: true, identityKey: 'encrypt' },
  responses: { 201: 'Clearance' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const consentToClearance = {
  method: 'POST',
  path: '/clearances/{clearanceId}/consent',
  entry: 'functions/clearances/consent.ts',
  access: 'public',
  summary: 'The cadre consents to or declines clearance, with the one-time token from their message',
  body: ConsentRequest,
  maxBodyBytes: 4_096, // 4 KiB
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'ClearanceStatusBody' },
  errors: [400, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const previewConsent = {
  method: 'POST',
  path: '/clearances/{clearanceId}/consent/preview',
  entry: 'functions/clearances/preview.ts',
  access: 'public',
  summary:
    'What the cadre is asked to agree to: the forms, the matters as named in public, every document word for word, the commission and its contact; the token is not used up',
  body: ConsentPreviewRequest,
  maxBodyBytes: 4_096, // 4 KiB
  uses: { table: 'read' },
  responses: { 200: 'ConsentPreview' },
  errors: [400, 403, 404, 413, 503],
} as const satisfies RouteDef;

export const approveClearance = {
  method: 'POST',
  path: '/clearances/{clearanceId}/approve',
  entry: 'functions/clearances/approve.ts',
  access: ['approver'],
  summary:
    'Approve a consented clearance: sign and publish its documents exactly as consented to, tell the cadre, schedule the follow-up',
  // Optional: the hash of the text the approver confirmed (409 CONSENT_CONTENT_CHANGED if it differs).
  body: ApproveClearanceRequest,
  bodyOptional: true,
  maxBodyBytes: 1_024, // 1 KiB
  uses: { table: 'readWrite', peppers: true, identityKey: 'encrypt', signingKey: 'sign' },
  responses: { 200: 'Clearance' },
  errors: [401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const withdrawClearance = {
  method: 'POST',
  path: '/clearances/{clearanceId}/withdraw',
  entry: 'functions/clearances/withdraw.ts',
  access: ['investigator', 'approver'],
  summary: 'Withdraw a clearance that is not yet published (the clue’s investigator or an approver)',
  body: WithdrawClearanceRequest,
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'Clearance' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const getClearance = {
  method: 'GET',
  path: '/clearances/{clearanceId}',
  entry: 'functions/clearances/get.ts',
  access: staff,
  summary: 'A clearance, with its consent status and a preview of the notice text',
  uses: { table: 'read' },
  responses: { 200: 'Clearance' },
  errors: [401, 403, 404, 503],
} as const satisfies RouteDef;

export const listClearances = {
  method: 'GET',
  path: '/clearances',
  entry: 'functions/clearances/list.ts',
  access: staff,
  summary: 'Clearances by status, newest first',
  query: ListClearancesQuery,
  uses: { table: 'read' },
  responses: { 200: 'ClearanceList' },
  errors: [400, 401, 403, 503],
} as const satisfies RouteDef;

export const clearancesRoutes = {
  createClearance,
  consentToClearance,
  previewConsent,
  approveClearance,
  withdrawClearance,
  getClearance,
  listClearances,
} as const satisfies Record<string, RouteDef>;
