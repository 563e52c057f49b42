/**
 * Health and the OpenAPI document. Part of the route table (shared/contract/routes.ts). Each route
 * is its own export and handlers take theirs from this module, so esbuild leaves the other routes
 * and their request schemas out of a Lambda's bundle (tests/infra/bundles.test.ts).
 */
import type { RouteDef } from './route-def.ts';

export const health = {
  method: 'GET',
  path: '/health',
  entry: 'functions/system/health.ts',
  access: 'public',
  summary: 'Readiness: 200 when the table answers, 503 UNAVAILABLE when it does not',
  uses: { table: 'read' },
  responses: { 200: 'Health' },
  errors: [503],
} as const satisfies RouteDef;

export const live = {
  method: 'GET',
  path: '/health/live',
  entry: 'functions/system/live.ts',
  access: 'public',
  summary: 'Liveness: answers without touching anything',
  uses: {},
  responses: { 200: 'Health' },
} as const satisfies RouteDef;

export const openapi = {
  method: 'GET',
  path: '/openapi.json',
  entry: 'functions/system/openapi.ts',
  access: 'public',
  summary: 'This contract as an OpenAPI 3.1 document',
  uses: {},
  responses: { 200: 'OpenApiDocument' },
} as const satisfies RouteDef;

export const systemRoutes = { health, live, openapi } as const satisfies Record<string, RouteDef>;
