/** Response bodies of the staff directory. Only the OpenAPI document builds them. */
import * as z from 'zod';
import { roles } from '../../domain/roles.ts';
import { page } from './common.ts';

/** A member as a pick list shows them: the id a clue's assignee holds, and the name to show. */
export const StaffMember = z
  .object({ userId: z.string(), displayName: z.string(), roles: z.array(z.enum(roles)) })
  .meta({ id: 'StaffMember' });
export type StaffMember = z.infer<typeof StaffMember>;

export const StaffList = page(StaffMember).meta({ id: 'StaffList' });
