/** The statistics routes' requests (docs/api.md "Statistics"). */

import * as z from 'zod/mini';
import { CommissionId } from './commissions.ts';
import { schema } from './common.ts';

/**
 * Whose figures: a commission's id, or none for the member's own commission (staff) or the
 * deployment's whole (public).
 */
export const StatsQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ commissionId: z.optional(CommissionId) }),
);
