/** The accuser-flag contract (CONTRACT.md). */
import * as z from 'zod';
import { flagStatuses } from '../domain/accuser-flag.ts';
import { flagLevels } from '../domain/flag-policy.ts';
import { page, pageQuery, text } from './common.ts';

export const AccuserFlag = z
  .object({
    flagId: z.string(),
    level: z.enum(flagLevels),
    status: z.enum(flagStatuses),
    version: z.number(),
    reporterRef: z.string(),
    evidence: z.array(
      z.object({ reportId: z.string(), clueId: z.string(), finding: z.string(), concludedAt: z.string() }),
    ),
    proposedAt: z.string(),
    confirmedAt: z.string().optional(),
    expiresAt: z.string().optional(),
    steps: z.array(
      z.object({ at: z.string(), by: z.string(), step: z.string(), reason: z.string().optional() }),
    ),
  })
  .meta({ id: 'AccuserFlag' });

export const AccuserFlagList = page(AccuserFlag).meta({ id: 'AccuserFlagList' });
export const ListFlagsQuery = z.strictObject({ status: z.enum(flagStatuses), ...pageQuery });

export const FlagDecisionRequest = z
  .strictObject({
    decision: z.enum(['CONFIRM', 'DISMISS']),
    reason: text(1000),
    expectedVersion: z.number().int().positive().optional(),
  })
  .meta({ id: 'FlagDecisionRequest' });

export const ContestFlagRequest = z
  .strictObject({ statement: text(4000) })
  .meta({ id: 'ContestFlagRequest' });
export const RevealFlagIdentityRequest = z
  .strictObject({ reason: text(1000) })
  .meta({ id: 'RevealFlagIdentityRequest' });

export const FlagIdentity = z
  .object({
    flagId: z.string(),
    reporterRef: z.string(),
    reportId: z.string(),
    name: z.string().optional(),
    idNumber: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
  })
  .meta({ id: 'FlagIdentity' });

export const ExportFlagsQuery = z.strictObject({ format: z.enum(['csv', 'json']).default('json') });
export const FlagExport = z
  .object({
    generatedAt: z.string(),
    items: z.array(
      z.object({
        reporterRef: z.string(),
        level: z.literal('FABRICATION'),
        confirmedAt: z.string(),
        expiresAt: z.string(),
        evidence: z.array(
          z.object({
            reportId: z.string(),
            clueId: z.string(),
            finding: z.string(),
            concludedAt: z.string(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'FlagExport' });
