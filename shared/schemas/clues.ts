/** The clue workflow contract (docs/api.md "Reports and clues"). */
import * as z from 'zod/mini';
import { clueListSorts, listOrders } from '../domain/clue-lists.ts';
import { findings } from '../domain/findings.ts';
import { clueStatuses } from '../domain/stages.ts';
import { inquiryForms, reportCategories } from '../domain/vocabulary.ts';
import { CommissionId } from './commissions.ts';
import { pageQuery, plainString, schema, text } from './common.ts';

export const id = /* @__PURE__ */ schema(() => plainString(64).check(z.minLength(1)));
export const version = /* @__PURE__ */ schema(() => z.number().check(z.int(), z.positive()));
export const reason = /* @__PURE__ */ schema(() => text(500));

export const RegisterClueRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ reportIds: z.array(id).check(z.minLength(1), z.maxLength(20)), cadreId: z.optional(id) })
    .register(z.globalRegistry, { id: 'RegisterClueRequest' }),
);

export const MergeReportRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ reportId: id, expectedVersion: version })
    .register(z.globalRegistry, { id: 'MergeReportRequest' }),
);

export const LinkCadreRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ cadreId: id, expectedVersion: version })
    .register(z.globalRegistry, { id: 'LinkCadreRequest' }),
);

const FindingEntry = /* @__PURE__ */ schema(() =>
  z.strictObject({ allegationId: id.check(z.maxLength(100)), finding: z.enum(findings), reason }),
);

const days = /* @__PURE__ */ schema(() => z.number().check(z.int(), z.minimum(1), z.maximum(90)));

/** Each action's payload (docs/api.md, the clue actions), told apart by `action`. */
export const ClueActionRequest = /* @__PURE__ */ schema(() =>
  z
    .discriminatedUnion('action', [
      z.strictObject({ action: z.literal('assign'), expectedVersion: version, assignee: text(128) }),
      z.strictObject({ action: z.literal('start-verification'), expectedVersion: version }),
      z.strictObject({
        action: z.literal('talk-inquiry'),
        expectedVersion: version,
        form: z.enum(inquiryForms),
        record: text(4000),
        explanation: text(4000),
      }),
      z.strictObject({
        action: z.literal('propose-conclusion'),
        expectedVersion: version,
        findings: z.array(FindingEntry).check(z.minLength(1), z.maxLength(100)),
        summary: text(2000),
      }),
      z.strictObject({
        action: z.literal('approve-conclusion'),
        expectedVersion: version,
        comment: z.optional(text(1000)),
      }),
      z.strictObject({ action: z.literal('reject-conclusion'), expectedVersion: version, reason }),
      z.strictObject({ action: z.literal('request-extension'), expectedVersion: version, days, reason }),
      z.strictObject({ action: z.literal('approve-extension'), expectedVersion: version, days, reason }),
      z.strictObject({ action: z.literal('shelve'), expectedVersion: version, reason }),
      z.strictObject({ action: z.literal('resume'), expectedVersion: version, reason }),
      // 移交: to a commission of the deployment (GET /commissions), or `to` alone for a body outside it.
      z.strictObject({
        action: z.literal('transfer'),
        expectedVersion: version,
        reason,
        to: z.optional(text(200)),
        toCommissionId: z.optional(CommissionId),
      }),
      z.strictObject({ action: z.literal('close'), expectedVersion: version, reason }),
      z.strictObject({ action: z.literal('refer-for-investigation'), expectedVersion: version, reason }),
    ])
    .register(z.globalRegistry, { id: 'ClueActionRequest' }),
);
export type ClueActionRequest = z.infer<typeof ClueActionRequest>;

export const ListCluesQuery = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      status: z.optional(z.enum(clueStatuses)),
      assignee: z.optional(text(128)),
      /** The category of any of the clue's reports. */
      category: z.optional(z.enum(reportCategories)),
      overdue: z.optional(z.enum(['true'])),
      /** By registration time (default) or by running deadline (needs a status, or overdue=true). */
      sort: z.optional(z.enum(clueListSorts)),
      order: z.optional(z.enum(listOrders)),
      ...pageQuery,
    })
    .check(
      z.refine((q) => q.status || q.assignee || q.overdue, {
        error: 'give status, assignee or overdue=true',
        path: ['status'],
      }),
    ),
);

export const RevealIdentityRequest = /* @__PURE__ */ schema(() =>
  z.strictObject({ reason: text(1000) }).register(z.globalRegistry, { id: 'RevealIdentityRequest' }),
);
