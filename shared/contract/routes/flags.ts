/**
 * Accuser flags: review, contest, reveal, export. Part of the route table
 * (shared/contract/routes.ts). Each route is its own export and handlers take theirs from this
 * module, so esbuild leaves the other routes and their request schemas out of a Lambda's bundle
 * (tests/infra/bundles.test.ts).
 */
import {
  ContestFlagRequest,
  ExportFlagsQuery,
  FlagDecisionRequest,
  ListFlagsQuery,
  RevealFlagIdentityRequest,
} from '../../schemas/flags.ts';
import type { RouteDef } from './route-def.ts';

export const listFlags = {
  method: 'GET',
  path: '/accuser-flags',
  entry: 'functions/accusers/list.ts',
  access: ['approver', 'auditor'],
  summary: 'Accuser flags by status; confirmed ones only until they expire',
  query: ListFlagsQuery,
  uses: { table: 'read' },
  responses: { 200: 'AccuserFlagList' },
  errors: [400, 401, 403, 503],
} as const satisfies RouteDef;

export const exportFlags = {
  method: 'GET',
  path: '/accuser-flags/export',
  entry: 'functions/accusers/export.ts',
  access: ['approver'],
  summary: 'Confirmed FABRICATION flags for a credit system (CSV or JSON); never an identity',
  query: ExportFlagsQuery,
  auditRead: { kind: 'EXPORT', subject: { fixed: 'credit-export' } },
  uses: { table: 'read' },
  responses: { 200: 'FlagExport' },
  errors: [400, 401, 403, 503],
} as const satisfies RouteDef;

export const getFlag = {
  method: 'GET',
  path: '/accuser-flags/{flagId}',
  entry: 'functions/accusers/get.ts',
  access: ['approver', 'auditor'],
  summary: 'One flag with its evidence and steps',
  uses: { table: 'read' },
  responses: { 200: 'AccuserFlag' },
  errors: [401, 403, 404, 503],
} as const satisfies RouteDef;

export const decideFlag = {
  method: 'POST',
  path: '/accuser-flags/{flagId}/decision',
  entry: 'functions/accusers/decide.ts',
  access: ['approver'],
  summary: 'Confirm or dismiss a proposed flag, with a reason',
  body: FlagDecisionRequest,
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'AccuserFlag' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const contestFlag = {
  method: 'POST',
  path: '/accuser-flags/{flagId}/contest',
  entry: 'functions/accusers/contest.ts',
  access: ['intake', 'approver'],
  summary:
    'Record that the person contests a flag (申诉); the flag goes back to review and leaves the export. Answers its status alone, not its evidence',
  body: ContestFlagRequest,
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'FlagStatus' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const revealFlagIdentity = {
  method: 'POST',
  path: '/accuser-flags/{flagId}/identity',
  entry: 'functions/accusers/reveal.ts',
  access: ['approver'],
  summary:
    'Reveal the identity behind a confirmed FABRICATION flag, for referral; stated reason, audited, daily budget per member shared with every identity route',
  body: RevealFlagIdentityRequest,
  auditRead: { kind: 'IDENTITY', subject: { param: 'flagId' } },
  uses: { table: 'readWrite', peppers: true, identityKey: 'decrypt' },
  responses: { 200: 'FlagIdentity' },
  errors: [400, 401, 403, 404, 409, 429, 503],
} as const satisfies RouteDef;

export const flagsRoutes = {
  listFlags,
  exportFlags,
  getFlag,
  decideFlag,
  contestFlag,
  revealFlagIdentity,
} as const satisfies Record<string, RouteDef>;
