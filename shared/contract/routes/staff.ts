/**
 * The staff directory (工作人员名录): the caller's commission's active members, so an assignee is
 * picked, never typed. Part of the route table (shared/contract/routes.ts).
 */
import { ListStaffQuery } from '../../schemas/staff.ts';
import { type RouteDef, staff } from './route-def.ts';

export const listStaff = {
  method: 'GET',
  path: '/staff',
  entry: 'functions/staff/list.ts',
  access: staff,
  summary: 'The active members of the caller’s commission, of a role or all; one Query per page',
  query: ListStaffQuery,
  uses: { table: 'read' },
  responses: { 200: 'StaffList' },
  errors: [400, 401, 403, 503],
} as const satisfies RouteDef;

export const staffRoutes = { listStaff } as const satisfies Record<string, RouteDef>;
