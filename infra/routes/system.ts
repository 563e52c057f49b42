/**
 * Health, the OpenAPI document and the statistics. Part of the route table (infra/routes.ts);
 * handlers import their area's module alone, so a Lambda bundle builds only its own area's schemas
 * at cold start.
 */
import { Health } from '../../shared/schemas/common.ts';
import { PublicStats, StaffStats } from '../../shared/schemas/stats.ts';
import { errors, type RouteDef, staff } from './route-def.ts';

export const systemRoutes = {
  health: {
    method: 'GET',
    path: '/health',
    entry: 'functions/system/health.ts',
    access: 'public',
    summary: 'Liveness check',
    uses: {},
    responses: { 200: Health },
  },
  openapi: {
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/system/openapi.ts',
    access: 'public',
    summary: 'This contract as an OpenAPI 3.1 document',
    uses: {},
    responses: {},
  },
  staffStats: {
    method: 'GET',
    path: '/stats',
    entry: 'functions/stats/staff.ts',
    access: staff,
    summary: 'Counts by status and finding, overdue clues, days to conclude',
    uses: { table: 'read' },
    responses: { 200: StaffStats, ...errors(401, 403, 503) },
  },
  publicStats: {
    method: 'GET',
    path: '/stats/public',
    entry: 'functions/stats/public.ts',
    access: 'public',
    summary: 'Aggregate figures only',
    uses: { table: 'read' },
    responses: { 200: PublicStats, ...errors(503) },
  },
} as const satisfies Record<string, RouteDef>;
