/**
 * Recusal (回避) on a clue, and the relationships declared in the cadre registry that catch a
 * conflict at assignment. Part of the route table (shared/contract/routes.ts). Each route is its
 * own export and handlers take theirs from this module, so esbuild leaves the other routes and
 * their request schemas out of a Lambda's bundle (tests/infra/bundles.test.ts).
 */
import {
  DeclareRelationshipRequest,
  LiftRecusalRequest,
  RecordRecusalRequest,
} from '../../schemas/recusals.ts';
import { type RouteDef, staff } from './route-def.ts';

export const recordRecusal = {
  method: 'POST',
  path: '/clues/{clueId}/recusals',
  entry: 'functions/recusals/record.ts',
  access: staff,
  summary:
    'Record a recusal (回避) on a clue: a member declares their own conflict, or an approver records one for a member; on the clue’s audit trail',
  body: RecordRecusalRequest,
  uses: { table: 'readWrite', peppers: true },
  responses: { 201: 'Recusal' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const listRecusals = {
  method: 'GET',
  path: '/clues/{clueId}/recusals',
  entry: 'functions/recusals/list.ts',
  access: staff,
  summary:
    'The recusals (回避) on a clue, lifted ones included, read with the clue itself; a recused member is refused (403 CONFLICT_OF_INTEREST)',
  uses: { table: 'read' },
  responses: { 200: 'RecusalList' },
  errors: [401, 403, 404, 503],
} as const satisfies RouteDef;

export const liftRecusal = {
  method: 'POST',
  path: '/clues/{clueId}/recusals/{recusalId}/lift',
  entry: 'functions/recusals/lift.ts',
  access: ['approver'],
  summary:
    'Lift a recusal (解除回避) with a reason: the member may be assigned and act on the clue again; the recusal is kept with who lifted it, when and why, on the clue’s audit trail',
  body: LiftRecusalRequest,
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'Recusal' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const declareRelationship = {
  method: 'POST',
  path: '/cadres/{cadreId}/relationships',
  entry: 'functions/recusals/declare-relationship.ts',
  access: ['approver'],
  summary:
    'Declare a relationship between a member and a cadre: the member cannot be assigned or act on clues linked to the cadre (403 CONFLICT_OF_INTEREST)',
  body: DeclareRelationshipRequest,
  uses: { table: 'readWrite' },
  responses: { 201: 'Relationship' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const recusalsRoutes = {
  recordRecusal,
  listRecusals,
  liftRecusal,
  declareRelationship,
} as const satisfies Record<string, RouteDef>;
