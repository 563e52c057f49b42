/** The clue workflow contract (CONTRACT.md commission routes). */
import * as z from 'zod';
import { findings } from '../domain/findings.ts';
import { clueStatuses } from '../domain/stages.ts';
import { pageQuery, schema, text } from './common.ts';

export const id = /* @__PURE__ */ schema(() => z.string().min(1).max(64));
export const version = /* @__PURE__ */ schema(() => z.number().int().positive());
export const reason = /* @__PURE__ */ schema(() => text(500));

export const RegisterClueRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ reportIds: z.array(id).min(1).max(20), cadreId: id.optional() })
    .meta({ id: 'RegisterClueRequest' }),
);

export const MergeReportRequest = /* @__PURE__ */ schema(() =>
  z.strictObject({ reportId: id, expectedVersion: version }).meta({ id: 'MergeReportRequest' }),
);

export const LinkCadreRequest = /* @__PURE__ */ schema(() =>
  z.strictObject({ cadreId: id, expectedVersion: version }).meta({ id: 'LinkCadreRequest' }),
);

const FindingEntry = /* @__PURE__ */ schema(() =>
  z.strictObject({ allegationId: id.max(100), finding: z.enum(findings), reason }),
);

/** Each action's payload (CONTRACT.md action table), told apart by `action`. */
export const ClueActionRequest = /* @__PURE__ */ schema(() =>
  z
    .discriminatedUnion('action', [
      z.strictObject({ action: z.literal('assign'), expectedVersion: version, assignee: text(128) }),
      z.strictObject({ action: z.literal('start-verification'), expectedVersion: version }),
      z.strictObject({
        action: z.literal('propose-conclusion'),
        expectedVersion: version,
        findings: z.array(FindingEntry).min(1).max(100),
        summary: text(2000),
      }),
      z.strictObject({
        action: z.literal('approve-conclusion'),
        expectedVersion: version,
        comment: text(1000).optional(),
      }),
      z.strictObject({ action: z.literal('reject-conclusion'), expectedVersion: version, reason }),
      z.strictObject({
        action: z.literal('request-extension'),
        expectedVersion: version,
        days: z.number().int().min(1).max(90),
        reason,
      }),
      z.strictObject({
        action: z.literal('approve-extension'),
        expectedVersion: version,
        days: z.number().int().min(1).max(90),
        reason,
      }),
      z.strictObject({ action: z.literal('shelve'), expectedVersion: version, reason }),
      z.strictObject({ action: z.literal('resume'), expectedVersion: version, reason }),
      z.strictObject({ action: z.literal('transfer'), expectedVersion: version, reason, to: text(200) }),
      z.strictObject({ action: z.literal('close'), expectedVersion: version, reason }),
    ])
    .meta({ id: 'ClueActionRequest' }),
);
export type ClueActionRequest = z.infer<typeof ClueActionRequest>;

export const ListCluesQuery = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      status: z.enum(clueStatuses).optional(),
      assignee: text(128).optional(),
      overdue: z.enum(['true']).optional(),
      ...pageQuery,
    })
    .refine((q) => q.status || q.assignee || q.overdue, {
      message: 'give status, assignee or overdue=true',
      path: ['status'],
    }),
);

export const RevealIdentityRequest = /* @__PURE__ */ schema(() =>
  z.strictObject({ reason: text(1000) }).meta({ id: 'RevealIdentityRequest' }),
);
