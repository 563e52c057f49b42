/**
 * The one route table. The CDK stateless stack makes a function and an API route from each entry,
 * the local runtime serves the same entries, the handlers take their schemas and allowed roles from
 * here, and /openapi.json is generated from it. Nothing else lists routes, so nothing can drift.
 *
 * Pure data and zod schemas only: Lambda bundles import the area modules, so no aws-cdk-lib here.
 */
import { attachmentsRoutes } from './routes/attachments.ts';
import { auditRoutes } from './routes/audit.ts';
import { cadresRoutes } from './routes/cadres.ts';
import { clearancesRoutes } from './routes/clearances.ts';
import { cluesRoutes } from './routes/clues.ts';
import { commissionsRoutes } from './routes/commissions.ts';
import { flagsRoutes } from './routes/flags.ts';
import { followUpsRoutes } from './routes/follow-ups.ts';
import { intakeRoutes } from './routes/intake.ts';
import { messagesRoutes } from './routes/messages.ts';
import { noticesRoutes } from './routes/notices.ts';
import { objectionsRoutes } from './routes/objections.ts';
import { recusalsRoutes } from './routes/recusals.ts';
import { reportsRoutes } from './routes/reports.ts';
import type { RouteDef } from './routes/route-def.ts';
import { searchRoutes } from './routes/search.ts';
import { staffRoutes } from './routes/staff.ts';
import { statsRoutes } from './routes/stats.ts';
import { systemRoutes } from './routes/system.ts';

export { type HttpMethod, type Role, type RouteDef, roles, staff } from './routes/route-def.ts';

export const routes = {
  ...systemRoutes,
  ...statsRoutes,
  ...reportsRoutes,
  ...cluesRoutes,
  ...cadresRoutes,
  ...clearancesRoutes,
  ...noticesRoutes,
  ...followUpsRoutes,
  ...flagsRoutes,
  ...intakeRoutes,
  ...objectionsRoutes,
  ...messagesRoutes,
  ...attachmentsRoutes,
  ...auditRoutes,
  ...searchRoutes,
  ...staffRoutes,
  ...recusalsRoutes,
  ...commissionsRoutes,
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
export const routeEntries = Object.entries(routes) as [RouteName, RouteDef][];
