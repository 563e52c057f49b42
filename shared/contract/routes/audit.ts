/**
 * The auditor's view of who read what (查阅记录). Part of the route table
 * (shared/contract/routes.ts). Each route is its own export and handlers take theirs from this
 * module, so esbuild leaves the other routes and their request schemas out of a Lambda's bundle
 * (tests/infra/bundles.test.ts).
 */
import { ListReadsQuery } from '../../schemas/audit.ts';
import type { RouteDef } from './route-def.ts';

export const listReads = {
  method: 'GET',
  path: '/audit/reads',
  entry: 'functions/audit/reads.ts',
  access: ['auditor'],
  summary:
    'Recorded staff reads of case files, newest first, by case file (subjectId) and/or member (userId)',
  query: ListReadsQuery,
  uses: { table: 'read' },
  responses: { 200: 'ReadRecordList' },
  errors: [400, 401, 403, 503],
} as const satisfies RouteDef;

export const auditRoutes = { listReads } as const satisfies Record<string, RouteDef>;
