/**
 * The commission registry: who the commissions are (public) and each one's settings (its
 * administrator). Part of the route table (shared/contract/routes.ts). Each route is its own
 * export, so esbuild leaves the others out of a Lambda's bundle (tests/infra/bundles.test.ts).
 */
import { CommissionSettingsRequest, ListCommissionsQuery } from '../../schemas/commissions.ts';
import type { RouteDef } from './route-def.ts';

export const listCommissions = {
  method: 'GET',
  path: '/commissions',
  entry: 'functions/commissions/list.ts',
  access: 'public',
  summary: 'The commissions this deployment serves, with the hierarchy',
  query: ListCommissionsQuery,
  uses: { table: 'read' },
  responses: { 200: 'CommissionList' },
  errors: [400, 503],
} as const satisfies RouteDef;

export const getCommission = {
  method: 'GET',
  path: '/commissions/{commissionId}',
  entry: 'functions/commissions/get.ts',
  access: ['administrator'],
  summary: "The administrator's own commission with its settings",
  uses: { table: 'read' },
  responses: { 200: 'Commission' },
  errors: [401, 403, 404, 503],
} as const satisfies RouteDef;

export const updateCommissionSettings = {
  method: 'PUT',
  path: '/commissions/{commissionId}/settings',
  entry: 'functions/commissions/update-settings.ts',
  access: ['administrator'],
  summary: "Replace the administrator's own commission's settings",
  body: CommissionSettingsRequest,
  uses: { table: 'readWrite', peppers: true },
  responses: { 200: 'Commission' },
  errors: [400, 401, 403, 404, 409, 503],
} as const satisfies RouteDef;

export const commissionsRoutes = {
  listCommissions,
  getCommission,
  updateCommissionSettings,
} as const satisfies Record<string, RouteDef>;
