/** The conversation with a reporter (docs/api.md "The reporter's channel"). */
import * as z from 'zod/mini';
import { messageLimits } from '../domain/conversation.ts';
import { recusalLimits } from '../domain/recusal.ts';
import { plainString, schema, text } from './common.ts';

/** The reporter's answer: the receipt code is the credential, as in the lookup. */
export const ReceiptMessageRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      receiptCode: plainString(200),
      text: text(messageLimits.text),
      /** 申请回避: the reporter asks that a member (named if they can) step aside, and why. */
      recusalRequest: z.optional(
        z.strictObject({
          name: z.optional(text(recusalLimits.requesterNameMax)),
          reason: text(recusalLimits.reasonMax),
        }),
      ),
    })
    .register(z.globalRegistry, { id: 'ReceiptMessageRequest' }),
);

/** A message from the staff handling a report; `result` marks the result feedback (结果反馈). */
export const StaffMessageRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ text: text(messageLimits.text), result: z.optional(z.boolean()) })
    .register(z.globalRegistry, { id: 'StaffMessageRequest' }),
);
