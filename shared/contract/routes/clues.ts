/**
 * Clue registration, merging and the clue state machine. Part of the route table
 * (shared/contract/routes.ts). Each route is its own export and handlers take theirs from this
 * module, so esbuild leaves the other routes and their request schemas out of a Lambda's bundle
 * (tests/infra/bundles.test.ts).
 */
import {
  ClueActionRequest,
  LinkCadreRequest,
  ListCluesQuery,
  MergeReportRequest,
  RegisterClueRequest,
  RevealIdentityRequest,
} from '../../schemas/clues.ts';
import { type RouteDef, staff } from './route-def.ts';

export const registerClue = {
  method: 'POST',
  path: '/clues',
  entry: 'functions/clues/register.ts',
  access: ['intake'],
  summary: 'Register (受理) one or more unregistered reports as a new clue',
  body: RegisterClueRequest,
  uses: { table: 'readWrite', peppers: true },
  responses: { 201: 'Clue' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const mergeReport = {
  method: 'POST',
  path: '/clues/{clueId}/reports',
  entry: 'functions/clues/merge.ts',
  access: ['intake'],
  summary: 'Merge a further unregistered report into an open clue',
  body: MergeReportRequest,
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'Clue' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const linkCadre = {
  method: 'POST',
  path: '/clues/{clueId}/cadre',
  entry: 'functions/clues/link-cadre.ts',
  access: ['intake', 'approver'],
  summary: 'Link a clue to a registered cadre; marks allegations that predate the tenure',
  body: LinkCadreRequest,
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'Clue' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const clueAction = {
  method: 'POST',
  path: '/clues/{clueId}/actions',
  entry: 'functions/clues/act.ts',
  access: staff,
  summary: 'Take an action on a clue (assign, verify, propose, approve, …) at an expected version',
  body: ClueActionRequest,
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'Clue' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const getClue = {
  method: 'GET',
  path: '/clues/{clueId}',
  entry: 'functions/clues/get.ts',
  access: staff,
  summary: 'A clue with its reports, allegations, history (oldest first) and deadlines',
  auditRead: { kind: 'CLUE', subject: { param: 'clueId' } },
  uses: { table: 'read' },
  responses: { 200: 'Clue' },
  errors: [401, 403, 404, 503],
} as const satisfies RouteDef;

export const listClues = {
  method: 'GET',
  path: '/clues',
  entry: 'functions/clues/list.ts',
  access: staff,
  summary:
    'Clues by status, by assignee, or overdue, filtered by category, sorted by registration or deadline; one index Query per page',
  query: ListCluesQuery,
  uses: { table: 'read' },
  responses: { 200: 'ClueList' },
  errors: [400, 401, 403, 503],
} as const satisfies RouteDef;

export const verifyClueHistory = {
  method: 'GET',
  path: '/clues/{clueId}/history/verify',
  entry: 'functions/clues/verify-history.ts',
  access: ['approver', 'auditor'],
  summary: 'Check the hash chain of a clue’s audit trail',
  auditRead: { kind: 'CLUE', subject: { param: 'clueId' } },
  uses: { table: 'read', peppers: true },
  responses: { 200: 'ChainVerification' },
  errors: [401, 403, 404, 503],
} as const satisfies RouteDef;

export const revealReporter = {
  method: 'POST',
  path: '/clues/{clueId}/reports/{reportId}/identity',
  entry: 'functions/clues/reveal-reporter.ts',
  access: ['approver'],
  summary:
    'Open a real-name reporter’s identity, with a stated reason that goes on the audit trail; daily budget per member shared with every identity route',
  body: RevealIdentityRequest,
  auditRead: { kind: 'IDENTITY', subject: { param: 'reportId' } },
  uses: { table: 'readWrite', peppers: true, identityKey: 'decrypt' },
  responses: { 200: 'ReporterIdentity' },
  errors: [400, 401, 403, 404, 429, 503],
} as const satisfies RouteDef;

export const cluesRoutes = {
  registerClue,
  mergeReport,
  linkCadre,
  clueAction,
  getClue,
  listClues,
  verifyClueHistory,
  revealReporter,
} as const satisfies Record<string, RouteDef>;
