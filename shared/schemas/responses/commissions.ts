/**
 * Response bodies of the commission registry. Only the OpenAPI document (shared/http/openapi.ts)
 * builds them; the handlers import their types alone.
 */
import * as z from 'zod';
import { page } from './common.ts';

const level = z.enum(['PROVINCE', 'CITY', 'COUNTY']);

/** What the public sees of a commission: who it is and where it sits. */
export const CommissionSummary = z
  .object({
    commissionId: z.string(),
    name: z.string(),
    level,
    parentId: z.string().optional(),
    contact: z.string(),
  })
  .meta({ id: 'CommissionSummary' });

export const CommissionList = page(CommissionSummary)
  .extend({
    /**
     * The deployment's own commission (the one whose portal this is): where a report that names
     * no commission goes. Absent when such a report must name one.
     */
    defaultCommissionId: z.string().optional(),
  })
  .meta({ id: 'CommissionList' });

/** A commission with its own settings (those left out fall back to the deployment's). */
export const Commission = z
  .object({
    commissionId: z.string(),
    name: z.string(),
    level,
    parentId: z.string().optional(),
    version: z.int(),
    settings: z.object({
      contact: z.string().optional(),
      holidays: z.array(z.string()).optional(),
      extraWorkingDays: z.array(z.string()).optional(),
      acknowledgeWorkingDays: z.int().optional(),
      concludeMonths: z.int().optional(),
      resultFeedbackWorkingDays: z.int().optional(),
      retentionYears: z.int().optional(),
      publicBaseUrl: z.string().optional(),
      caseNumberFormat: z.string().optional(),
      clueNumberFormat: z.string().optional(),
    }),
  })
  .meta({ id: 'Commission' });
