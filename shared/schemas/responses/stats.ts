/**
 * Response bodies of the stats routes. Only the OpenAPI document (shared/http/openapi.ts) builds
 * them; the handlers and the web pages import their types alone, so no Lambda (and no page)
 * constructs these.
 */
import * as z from 'zod';

const counts = z.record(z.string(), z.number());

const level = z.enum(['PROVINCE', 'CITY', 'COUNTY']);

/** Which commission the figures are of (absent for a deployment with no registry). */
const commission = z
  .object({ commissionId: z.string(), name: z.string(), level: level.optional() })
  .meta({ id: 'StatsCommission' });

export const StaffStats = z
  .object({
    reportsReceived: z.number(),
    /** Reports received per month (YYYY-MM, China Standard Time), oldest first. */
    reportsByMonth: counts.optional(),
    /** Reports by channel (ONLINE, LETTER, VISIT, PHONE), counted since channels were recorded. */
    byChannel: counts,
    cluesRegistered: z.number(),
    byStatus: counts,
    byFinding: counts,
    allegationFindings: counts,
    overdue: z.number(),
    daysToConclude: z.object({
      count: z.number(),
      median: z.number().optional(),
      p90: z.number().optional(),
    }),
    shareUntrue: z.number().optional(),
    shareFabricated: z.number().optional(),
    predatesTenure: z.number(),
    clearances: z.object({
      proposed: z.number(),
      published: z.number(),
      declined: z.number(),
      withdrawn: z.number(),
      daysFromConclusionToNotice: z.object({ median: z.number().optional(), p90: z.number().optional() }),
    }),
    noticesPublished: z.number(),
    flags: z.record(z.string(), counts),
    commission: commission.optional(),
  })
  .meta({ id: 'StaffStats' });

/** A commission's headline figures: counts only, never a case. */
const Headline = z
  .object({
    reportsReceived: z.number(),
    reportsDeclined: z.number(),
    cluesRegistered: z.number(),
    cluesConcluded: z.number(),
    byFinding: counts,
    medianDaysToConclude: z.number().optional(),
    noticesPublished: z.number(),
  })
  .meta({ id: 'StatsHeadline' });

/**
 * A superior's view: each direct subordinate with the figures of its whole subtree, the
 * commission's own cases, and the total of all of it.
 */
export const SubordinateStats = z
  .object({
    commission,
    own: Headline,
    items: z.array(
      z.object({ commissionId: z.string(), name: z.string(), level: level.optional(), figures: Headline }),
    ),
    total: Headline,
  })
  .meta({ id: 'SubordinateStats' });

export const PublicStats = z
  .object({
    reportsReceived: z.number(),
    /** Reports received per month (YYYY-MM, China Standard Time), oldest first. */
    reportsByMonth: counts.optional(),
    /** Reports by channel (ONLINE, LETTER, VISIT, PHONE), counted since channels were recorded. */
    reportsByChannel: counts.optional(),
    cluesConcludedByFinding: counts,
    noticesPublished: z.number(),
    medianDaysToConclude: z.number().optional(),
    /** The commission whose figures these are, its subordinates' included; absent for the whole. */
    commission: commission.optional(),
  })
  .meta({ id: 'PublicStats' });
