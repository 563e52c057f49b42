/**
 * Follow-up visits (回访) after a clearance. Part of the route table (shared/contract/routes.ts).
 * Each route is its own export and handlers take theirs from this module, so esbuild leaves the
 * other routes and their request schemas out of a Lambda's bundle (tests/infra/bundles.test.ts).
 */
import { ListFollowUpsQuery, RecordFollowUpRequest } from '../../schemas/clearances.ts';
import { type RouteDef, staff } from './route-def.ts';

export const listFollowUps = {
  method: 'GET',
  path: '/follow-ups',
  entry: 'functions/follow-ups/list.ts',
  access: staff,
  summary: 'Pending follow-up visits (回访) by due date; due=true keeps those due now',
  query: ListFollowUpsQuery,
  uses: { table: 'read' },
  responses: { 200: 'FollowUpList' },
  errors: [400, 401, 403, 503],
} as const satisfies RouteDef;

export const recordFollowUp = {
  method: 'POST',
  path: '/follow-ups/{followUpId}',
  entry: 'functions/follow-ups/record.ts',
  access: ['investigator', 'approver'],
  summary: 'Record a follow-up visit with notes (the clue’s investigator or an approver)',
  body: RecordFollowUpRequest,
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'FollowUp' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const followUpsRoutes = { listFollowUps, recordFollowUp } as const satisfies Record<string, RouteDef>;
