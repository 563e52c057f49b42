/** The accuser-flag contract (docs/api.md "Accuser flags"). */
import * as z from 'zod/mini';
import { flagStatuses } from '../domain/vocabulary.ts';
import { pageQuery, schema, text } from './common.ts';

export const ListFlagsQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ status: z.enum(flagStatuses), ...pageQuery }),
);

export const FlagDecisionRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      decision: z.enum(['CONFIRM', 'DISMISS']),
      reason: text(1000),
      expectedVersion: z.optional(z.number().check(z.int(), z.positive())),
    })
    .register(z.globalRegistry, { id: 'FlagDecisionRequest' }),
);

export const ContestFlagRequest = /* @__PURE__ */ schema(() =>
  z.strictObject({ statement: text(4000) }).register(z.globalRegistry, { id: 'ContestFlagRequest' }),
);

export const RevealFlagIdentityRequest = /* @__PURE__ */ schema(() =>
  z.strictObject({ reason: text(1000) }).register(z.globalRegistry, { id: 'RevealFlagIdentityRequest' }),
);

export const ExportFlagsQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ format: z._default(z.enum(['csv', 'json']), 'json') }),
);
