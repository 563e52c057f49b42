/** Shapes shared by every route: errors, pagination, bounded text. */
import * as z from 'zod';

/** Trimmed, non-empty text with a maximum length: every string in a request has one. */
export const text = (max: number) => z.string().trim().min(1).max(max);

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

/** `limit` 1–100 (default 20) and an opaque `cursor`, CONTRACT.md "Lists". */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2048).optional(),
};

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
