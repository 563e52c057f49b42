/** The clearance, notice and follow-up contract (CONTRACT.md). */
import * as z from 'zod';
import {
  clearanceHarms,
  clearanceMethods,
  clearanceStatuses,
  clearanceTriggers,
} from '../domain/clearance.ts';
import { pageQuery, schema, text } from './common.ts';
import { MobileNumber } from './reports.ts';

export const CreateClearanceRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      trigger: z.enum(clearanceTriggers),
      harm: z.array(z.enum(clearanceHarms)).min(1).max(4),
      method: z.enum(clearanceMethods),
      allegationIds: z.array(z.string().min(1).max(100)).min(1).max(100),
      statement: text(2000),
      cadreContact: z
        .strictObject({ email: z.email().max(254).optional(), phone: MobileNumber.optional() })
        .refine((c) => c.email || c.phone, { message: 'give an email or a mobile number' }),
    })
    .meta({ id: 'CreateClearanceRequest' }),
);

export const ConsentRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ token: z.string().min(1).max(200), consent: z.boolean(), comment: text(1000).optional() })
    .meta({ id: 'ConsentRequest' }),
);

export const WithdrawClearanceRequest = /* @__PURE__ */ schema(() =>
  z.strictObject({ reason: text(500) }).meta({ id: 'WithdrawClearanceRequest' }),
);

export const ListClearancesQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ status: z.enum(clearanceStatuses), ...pageQuery }),
);

export const ListNoticesQuery = /* @__PURE__ */ schema(() => z.strictObject({ ...pageQuery }));

/** The notice to check, as served; its shape is checked by the verification itself. */
export const VerifyNoticeRequest = /* @__PURE__ */ schema(() =>
  z.strictObject({ notice: z.record(z.string(), z.unknown()) }).meta({ id: 'VerifyNoticeRequest' }),
);
export const ListFollowUpsQuery = /* @__PURE__ */ schema(() =>
  z.strictObject({ due: z.enum(['true', 'false']).optional(), ...pageQuery }),
);
export const RecordFollowUpRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ notes: text(4000), visitedAt: z.iso.datetime().optional() })
    .meta({ id: 'RecordFollowUpRequest' }),
);
