/** The objection contract (docs/api.md "Objections"): a reporter's 异议 and an approver's answer. */
import * as z from 'zod/mini';
import { objectionDecisions, objectionStatuses } from '../domain/objection.ts';
import { pageQuery, plainString, schema, text } from './common.ts';

/** The longest objection a reporter may write; what is longer belongs in evidence, not here. */
export const maxObjectionReason = 2000;

export const LodgeObjectionRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ receiptCode: plainString(200), reason: text(maxObjectionReason) })
    .register(z.globalRegistry, { id: 'LodgeObjectionRequest' }),
);

export const ListObjectionsQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ status: z._default(z.enum(objectionStatuses), 'OPEN'), ...pageQuery }),
);

export const ObjectionDecisionRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ decision: z.enum(objectionDecisions), reason: text(1000) })
    .register(z.globalRegistry, { id: 'ObjectionDecisionRequest' }),
);
