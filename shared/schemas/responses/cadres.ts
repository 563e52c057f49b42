/**
 * Response bodies of the cadres routes. Only the OpenAPI document (shared/http/openapi.ts) builds
 * them; the handlers import their types alone, so no Lambda constructs these at cold start.
 */
import * as z from 'zod';

export const Cadre = z
  .object({
    cadreId: z.string(),
    /** The commission that registered the cadre; absent on cadres from before commissions. */
    commissionId: z.string().optional(),
    name: z.string(),
    posts: z.array(
      z.object({
        position: z.string(),
        organization: z.string(),
        from: z.string(),
        to: z.string().optional(),
      }),
    ),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'Cadre' });
