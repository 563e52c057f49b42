/**
 * Statistics: the staff figures and the public aggregates. Part of the route table
 * (shared/contract/routes.ts). Each route is its own export and handlers take theirs from this
 * module, so esbuild leaves the other routes and their request schemas out of a Lambda's bundle
 * (tests/infra/bundles.test.ts).
 */
import { type RouteDef, staff } from './route-def.ts';

export const staffStats = {
  method: 'GET',
  path: '/stats',
  entry: 'functions/stats/staff.ts',
  access: staff,
  summary: 'Counts by status and finding, overdue clues, days to conclude',
  uses: { table: 'read' },
  responses: { 200: 'StaffStats' },
  errors: [401, 403, 503],
} as const satisfies RouteDef;

export const publicStats = {
  method: 'GET',
  path: '/stats/public',
  entry: 'functions/stats/public.ts',
  access: 'public',
  summary: 'Aggregate figures only',
  uses: { table: 'read' },
  responses: { 200: 'PublicStats' },
  errors: [503],
} as const satisfies RouteDef;

export const statsRoutes = { staffStats, publicStats } as const satisfies Record<string, RouteDef>;
