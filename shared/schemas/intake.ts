/** Reports taken at the counter by intake staff (docs/api.md, "Reports taken at the counter"). */
import * as z from 'zod/mini';
import { counterChannels } from '../domain/vocabulary.ts';
import { schema } from './common.ts';
import { SubmitReportRequest } from './reports.ts';

/**
 * The public submission, as the person gave it, and how it came in: letter, visit or phone call.
 * It goes to the recording member's own commission, so it names none.
 */
export const IntakeReportRequest = /* @__PURE__ */ schema(() =>
  z
    .extend(z.omit(SubmitReportRequest, { commissionId: true, aboutCommissionLeadership: true }), {
      channel: z.enum(counterChannels),
    })
    .register(z.globalRegistry, { id: 'IntakeReportRequest' }),
);
export type IntakeReportRequest = z.infer<typeof IntakeReportRequest>;
