/**
 * The one route table. The CDK stateless stack makes a function and an API route from each entry,
 * the local runtime serves the same entries, the handlers take their schemas and allowed roles from
 * here, and /openapi.json is generated from it. Nothing else lists routes, so nothing can drift.
 *
 * Pure data and zod schemas only: Lambda bundles import this file, so no aws-cdk-lib here.
 */
import type { z } from 'zod';
import { ErrorBody, Health } from '../shared/schemas/common.ts';
import {
  IdempotencyKeyHeader,
  ListReportsQuery,
  ReceiptLookupRequest,
  ReceiptLookupResponse,
  ReportList,
  SubmitReportRequest,
  SubmitReportResponse,
} from '../shared/schemas/reports.ts';

export const roles = ['intake', 'investigator', 'approver', 'auditor'] as const;
export type Role = (typeof roles)[number];
export const staff: readonly Role[] = roles;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef {
  method: HttpMethod;
  /** API Gateway path syntax: `/clues/{clueId}`. */
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** `public` routes carry no authorizer; the others need a JWT with one of these groups. */
  access: 'public' | readonly Role[];
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  headers?: Record<string, z.ZodType>;
  responses: Record<number, z.ZodType>;
  /** The largest body accepted before parsing (413 above it). */
  maxBodyBytes?: number;
  /**
   * What the function touches, so the stack grants exactly that (least privilege):
   * the table, the peppers secret, and the identity key (encrypt to seal, decrypt to open).
   */
  uses: {
    table?: 'read' | 'readWrite';
    peppers?: boolean;
    identityKey?: 'encrypt' | 'decrypt';
  };
  /** Function settings that differ from the construct's defaults. */
  memoryMb?: number;
  timeoutSeconds?: number;
}

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ErrorBody]));

export const routes = {
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
  submitReport: {
    method: 'POST',
    path: '/reports',
    entry: 'functions/reports/submit.ts',
    access: 'public',
    summary: 'Submit a report (检举控告), real-name or anonymous; answers with a receipt code shown once',
    body: SubmitReportRequest,
    headers: { 'idempotency-key': IdempotencyKeyHeader },
    maxBodyBytes: 256 * 1024,
    uses: { table: 'readWrite', peppers: true, identityKey: 'encrypt' },
    responses: { 201: SubmitReportResponse, ...errors(400, 413, 422, 503) },
  },
  lookupReceipt: {
    method: 'POST',
    path: '/receipts/lookup',
    entry: 'functions/reports/lookup.ts',
    access: 'public',
    summary: 'Follow a report by its receipt code',
    body: ReceiptLookupRequest,
    maxBodyBytes: 4 * 1024,
    // Writes too: the per-client miss counter lives in the table.
    uses: { table: 'readWrite', peppers: true },
    responses: { 200: ReceiptLookupResponse, ...errors(400, 404, 413, 429, 503) },
  },
  listReports: {
    method: 'GET',
    path: '/reports',
    entry: 'functions/reports/list.ts',
    access: ['intake', 'approver', 'auditor'],
    summary: 'Reports awaiting registration, oldest first',
    query: ListReportsQuery,
    uses: { table: 'read' },
    responses: { 200: ReportList, ...errors(400, 401, 403, 503) },
  },
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
export const routeEntries = Object.entries(routes) as [RouteName, RouteDef][];
