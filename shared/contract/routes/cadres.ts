/**
 * Cadres (the accused officials) and their contacts. Part of the route table
 * (shared/contract/routes.ts). Each route is its own export and handlers take theirs from this
 * module, so esbuild leaves the other routes and their request schemas out of a Lambda's bundle
 * (tests/infra/bundles.test.ts).
 */
import { CreateCadreRequest } from '../../schemas/cadres.ts';
import { type RouteDef, staff } from './route-def.ts';

export const createCadre = {
  method: 'POST',
  path: '/cadres',
  entry: 'functions/cadres/create.ts',
  access: ['intake', 'approver'],
  summary: 'Record a cadre and their posts with tenure dates',
  body: CreateCadreRequest,
  uses: { table: 'readWrite' },
  responses: { 201: 'Cadre' },
  errors: [400, 401, 403, 503],
} as const satisfies RouteDef;

export const getCadre = {
  method: 'GET',
  path: '/cadres/{cadreId}',
  entry: 'functions/cadres/get.ts',
  access: staff,
  summary: 'A cadre and their posts',
  uses: { table: 'read' },
  responses: { 200: 'Cadre' },
  errors: [401, 403, 404, 503],
} as const satisfies RouteDef;

export const cadresRoutes = { createCadre, getCadre } as const satisfies Record<string, RouteDef>;
