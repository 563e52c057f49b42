/** The commission registry's requests (docs/api.md "Commissions"). */

import * as z from 'zod/mini';
import { isCaseNumberTemplate } from '../domain/case-number.ts';
import { commissionIdPattern } from '../domain/commission.ts';
import { pageQuery, schema, text } from './common.ts';

/** A commission id as a request names it (a query parameter or a body member). */
export const CommissionId = /* @__PURE__ */ schema(() =>
  z.string().check(z.regex(commissionIdPattern, { error: 'not a commission id' })),
);

export const ListCommissionsQuery = /* @__PURE__ */ schema(() => z.strictObject({ ...pageQuery }));

const isHttpUrl = (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);

const day = /* @__PURE__ */ schema(() => z.iso.date());
const days = /* @__PURE__ */ schema(() => z.array(day).check(z.maxLength(100)));
const count = (max: number) => z.int().check(z.minimum(1), z.maximum(max));

/**
 * The whole settings object, replacing the one stored; a member left out falls back to the
 * deployment's configuration. `expectedVersion` guards against two administrators at once.
 */
// Built inside the schema below, never at import: a schema built at import is kept in every bundle.
const caseNumberTemplate = () =>
  text(60).check(z.refine(isCaseNumberTemplate, { error: 'must hold {year} and {seq} (or {seq:4})' }));

export const CommissionSettingsRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      expectedVersion: z.int().check(z.minimum(1)),
      settings: z.strictObject({
        contact: z.optional(text(200)),
        holidays: z.optional(days),
        extraWorkingDays: z.optional(days),
        acknowledgeWorkingDays: z.optional(count(60)),
        concludeMonths: z.optional(count(24)),
        resultFeedbackWorkingDays: z.optional(count(60)),
        retentionYears: z.optional(count(100)),
        publicBaseUrl: z.optional(text(200).check(z.refine(isHttpUrl, { error: 'must be an http(s) URL' }))),
        /** Templates of report and clue case numbers (shared/domain/case-number.ts): `{year}`, `{seq:4}`. */
        caseNumberFormat: z.optional(caseNumberTemplate()),
        clueNumberFormat: z.optional(caseNumberTemplate()),
      }),
    })
    .register(z.globalRegistry, { id: 'CommissionSettingsRequest' }),
);
