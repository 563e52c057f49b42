/**
 * Intake at the counter: reports that arrive by letter, visit or phone, recorded by intake staff.
 * Part of the route table (shared/contract/routes.ts).
 */
import { IntakeReportRequest } from '../../schemas/intake.ts';
import { IdempotencyKeyHeader } from '../../schemas/reports.ts';
import type { RouteDef } from './route-def.ts';

export const recordCounterReport = {
  method: 'POST',
  path: '/intake/reports',
  entry: 'functions/intake/record-report.ts',
  access: ['intake'],
  summary:
    'Record a report taken at the counter (来信、来访、来电) with its channel; answers with the receipt code and signed receipt to hand to the person',
  body: IntakeReportRequest,
  headers: { 'idempotency-key': IdempotencyKeyHeader },
  maxBodyBytes: 262_144, // 256 KiB, as POST /reports
  uses: { table: 'readWrite', peppers: true, identityKey: 'encrypt', signingKey: 'sign' },
  responses: { 201: 'SubmitReportResponse' },
  errors: [400, 401, 403, 413, 422, 503],
} as const satisfies RouteDef;

export const intakeRoutes = { recordCounterReport } as const satisfies Record<string, RouteDef>;
