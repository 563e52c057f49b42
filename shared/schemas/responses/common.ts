/**
 * Response bodies shared by every route: errors and pages. Only the OpenAPI document
 * (shared/http/openapi.ts) builds them; no Lambda constructs these at cold start.
 */
import * as z from 'zod';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().regex(/^[A-Z_]+$/),
      message: z.string(),
      details: z
        .array(z.object({ path: z.string().optional(), code: z.string().optional(), message: z.string() }))
        .optional(),
    }),
  })
  .meta({ id: 'Error' });

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

/** This contract itself (GET /openapi.json): its outline only; OpenAPI's own schema checks the rest. */
export const OpenApiDocument = z
  .looseObject({
    openapi: z.string().regex(/^3\.1\.\d+$/),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'OpenApiDocument' });
