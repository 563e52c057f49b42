/**
 * Response bodies of the stats routes. Only the OpenAPI document (shared/http/openapi.ts) builds
 * them; the handlers and the web pages import their types alone, so no Lambda (and no page)
 * constructs these.
 */
import * as z from 'zod';

const counts = z.record(z.string(), z.number());

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
  })
  .meta({ id: 'StaffStats' });

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
  })
  .meta({ id: 'PublicStats' });
