/**
 * Response bodies of the flags routes. Only the OpenAPI document (shared/http/openapi.ts) builds
 * them; the handlers and the web pages import their types alone, so no Lambda (and no page)
 * constructs these.
 */
import * as z from 'zod';
import { flagLevels } from '../../domain/flag-policy.ts';
import { identityStatuses } from '../../domain/identity-verification.ts';
import { flagStatuses } from '../../domain/vocabulary.ts';
import { page } from './common.ts';

export const AccuserFlag = z
  .object({
    flagId: z.string(),
    level: z.enum(flagLevels),
    status: z.enum(flagStatuses),
    version: z.number(),
    reporterRef: z.string(),
    /** The commission whose finding raised the flag: only its staff see, decide and export it. */
    commissionId: z.string(),
    evidence: z.array(
      z.union([
        z.object({
          reportId: z.string(),
          clueId: z.string(),
          finding: z.string(),
          concludedAt: z.string(),
          /** Confirming a FABRICATION flag needs every report STAFF_VERIFIED (409 IDENTITY_UNVERIFIED). */
          identityStatus: z.enum(identityStatuses).optional(),
        }),
        /** Another commission's finding, by reference only: no report or clue id, no text, no identity. */
        z.object({
          byReference: z.literal(true),
          commission: z.object({ commissionId: z.string(), name: z.string() }),
          finding: z.string(),
          concludedAt: z.string(),
          caseNumber: z.string().optional(),
          identityStatus: z.enum(identityStatuses).optional(),
        }),
      ]),
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

/** What a contest answers: intake records it, and does not see the flag's evidence. */
export const FlagStatus = z
  .object({ flagId: z.string(), status: z.enum(flagStatuses) })
  .meta({ id: 'FlagStatus' });
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
        /** Other commissions' findings the flag also rests on, by reference only. */
        references: z.array(
          z.object({
            commissionId: z.string(),
            finding: z.string(),
            concludedAt: z.string(),
            caseNumber: z.string().optional(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'FlagExport' });

/** The same export as CSV (`format=csv`): one flag a row, evidence ids joined with `;`. */
export const FlagExportCsv = z.string().meta({
  description:
    'A header row `reporterRef,level,confirmedAt,expiresAt,reportIds,clueIds,findings,concludedAt,otherCommissionFindings`, then one row per flag',
});
