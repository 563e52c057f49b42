/** GET /staff?role=: the caller's commission's active members, for the pick lists (docs/api.md). */
import * as staffRoutes from '../../shared/contract/routes/staff.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { staffStore } from '../../shared/store/staff.ts';

export const listStaff = (services: Services) => {
  const members = staffStore(services);

  return httpHandler(staffRoutes.listStaff, async ({ query, principal }) => {
    // Only the caller's own commission: the partition is chosen by the token, never by the query.
    const page = await members.list(principal.commissionId, query.role, query.limit, query.cursor);
    return {
      status: 200,
      body: { items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    };
  });
};

export const handler = listStaff(createServices());
