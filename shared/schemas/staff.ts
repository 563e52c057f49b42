/** The staff directory (docs/api.md "Staff directory"): the commission's members, by role. */
import * as z from 'zod/mini';
import { roles } from '../domain/roles.ts';
import { pageQuery, schema } from './common.ts';

export const ListStaffQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ role: z.optional(z.enum(roles)), ...pageQuery }),
);
