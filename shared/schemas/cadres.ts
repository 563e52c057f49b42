/** The small cadre registry: posts with tenure dates, for "old debts" (CONTRACT.md extension). */
import * as z from 'zod';
import { text } from './common.ts';

const Post = z
  .strictObject({
    position: text(100),
    organization: text(100),
    from: z.iso.date(),
    to: z.iso.date().optional(),
  })
  .refine((p) => !p.to || p.from <= p.to, { message: 'from must not be after to', path: ['to'] });

export const CreateCadreRequest = z
  .strictObject({ name: text(50), posts: z.array(Post).min(1).max(50) })
  .meta({ id: 'CreateCadreRequest' });

export const Cadre = z
  .object({
    cadreId: z.string(),
    name: z.string(),
    posts: z.array(
      z.object({
        position: z.string(),
        organization: z.string(),
        from: z.string(),
        to: z.string().optional(),
      }),
    ),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'Cadre' });
