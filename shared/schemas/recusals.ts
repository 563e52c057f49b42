/** Recusal (回避) and declared relationships (docs/api.md "Recusal"). */
import * as z from 'zod/mini';
import { recusalLimits, relationKinds } from '../domain/recusal.ts';
import { plainString, schema, text } from './common.ts';

/** The member themself, or an approver for them; `requestMessageId`: the reporter's request it answers. */
export const RecordRecusalRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      userId: text(128),
      reason: text(recusalLimits.reasonMax).check(z.minLength(recusalLimits.reasonMin)),
      requestMessageId: z.optional(plainString(64)),
    })
    .register(z.globalRegistry, { id: 'RecordRecusalRequest' }),
);

/** 解除回避: why the recusal no longer holds (declared by mistake, the relationship ended, …). */
export const LiftRecusalRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      reason: text(recusalLimits.reasonMax).check(z.minLength(recusalLimits.reasonMin)),
    })
    .register(z.globalRegistry, { id: 'LiftRecusalRequest' }),
);

export const DeclareRelationshipRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ userId: text(128), relation: z.enum(relationKinds) })
    .register(z.globalRegistry, { id: 'DeclareRelationshipRequest' }),
);
