/**
 * Statistics: the staff figures, a superior's view of its subordinates, and the public aggregates.
 * Part of the route table (shared/contract/routes.ts). Each route is its own export and handlers
 * take theirs from this module, so esbuild leaves the other routes and their request schemas out
 * of a Lambda's bundle (tests/infra/bundles.test.ts).
 */
import { StatsQuery } from '../../schemas/stats.ts';
import { type RouteDef, staff } from './route-def.ts';

export const staffStats = {
  method: 'GET',
  path: '/stats',
  entry: 'functions/stats/staff.ts',
  access: staff,
  summary:
    "Counts by status and finding, overdue clues, days to conclude: the member's commission's, or (commissionId) one below it",
  query: StatsQuery,
  uses: { table: 'read' },
  responses: { 200: 'StaffStats' },
  errors: [400, 401, 403, 404, 503],
} as const satisfies RouteDef;

export const subordinateStats = {
  method: 'GET',
  path: '/stats/subordinates',
  entry: 'functions/stats/subordinates.ts',
  access: staff,
  summary:
    "A superior's view: each direct subordinate's figures (its whole subtree), the commission's own, and the total",
  query: StatsQuery,
  uses: { table: 'read' },
  responses: { 200: 'SubordinateStats' },
  errors: [400, 401, 403, 404, 503],
} as const satisfies RouteDef;

export const publicStats = {
  method: 'GET',
  path: '/stats/public',
  entry: 'functions/stats/public.ts',
  access: 'public',
  summary: "Aggregate figures only: one commission's with its subordinates' (commissionId), or the whole",
  query: StatsQuery,
  uses: { table: 'read' },
  responses: { 200: 'PublicStats' },
  errors: [400, 404, 503],
} as const satisfies RouteDef;

export const statsRoutes = { staffStats, subordinateStats, publicStats } as const satisfies Record<
  string,
  RouteDef
>;
