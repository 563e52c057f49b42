/**
 * Cadres (the accused officials) and their contacts. Part of the route table (infra/routes.ts);
 * handlers import their area's module alone, so a Lambda bundle builds only its own area's schemas
 * at cold start.
 */
import { Cadre, CreateCadreRequest } from '../../shared/schemas/cadres.ts';
import { errors, type RouteDef, staff } from './route-def.ts';

export const cadresRoutes = {
  createCadre: {
    method: 'POST',
    path: '/cadres',
    entry: 'functions/cadres/create.ts',
    access: ['intake', 'approver'],
    summary: 'Record a cadre and their posts with tenure dates',
    body: CreateCadreRequest,
    uses: { table: 'readWrite' },
    responses: { 201: Cadre, ...errors(400, 401, 403, 503) },
  },
  getCadre: {
    method: 'GET',
    path: '/cadres/{cadreId}',
    entry: 'functions/cadres/get.ts',
    access: staff,
    summary: 'A cadre and their posts',
    uses: { table: 'read' },
    responses: { 200: Cadre, ...errors(401, 403, 404, 503) },
  },
} as const satisfies Record<string, RouteDef>;
