/**
 * Objections (异议): a reporter objects to how a report ended, an approver answers. Part of the
 * route table (shared/contract/routes.ts); each route its own export, as in the other areas.
 */
import {
  ListObjectionsQuery,
  LodgeObjectionRequest,
  ObjectionDecisionRequest,
} from '../../schemas/objections.ts';
import type { RouteDef } from './route-def.ts';

export const lodgeObjection = {
  method: 'POST',
  path: '/receipts/objections',
  entry: 'functions/objections/lodge.ts',
  access: 'public',
  summary: 'Object (异议) to how a report ended, by receipt code: once per conclusion, within the window',
  body: LodgeObjectionRequest,
  maxBodyBytes: 16_384, // 16 KiB
  // The miss counter lives in the table; the reason is sealed like the identity.
  uses: { table: 'readWrite', peppers: true, identityKey: 'encrypt' },
  responses: { 201: 'LodgedObjection' },
  errors: [400, 404, 409, 413, 429, 503],
} as const satisfies RouteDef;

export const listObjections = {
  method: 'GET',
  path: '/objections',
  entry: 'functions/objections/list.ts',
  access: ['approver'],
  summary: 'Objections by status (OPEN by default), oldest first, with the reporter’s reason',
  query: ListObjectionsQuery,
  uses: { table: 'read', identityKey: 'decrypt' },
  responses: { 200: 'ObjectionList' },
  errors: [400, 401, 403, 503],
} as const satisfies RouteDef;

export const decideObjection = {
  method: 'POST',
  path: '/objections/{objectionId}/decision',
  entry: 'functions/objections/decide.ts',
  access: ['approver'],
  summary: 'Uphold the conclusion or reopen the clue for verification, with a reason',
  body: ObjectionDecisionRequest,
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'Objection' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const objectionsRoutes = {
  lodgeObjection,
  listObjections,
  decideObjection,
} as const satisfies Record<string, RouteDef>;
