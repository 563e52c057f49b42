/** The small cadre registry: posts with tenure dates, for "old debts" (CONTRACT.md extension). */
import * as z from 'zod';
import { schema, text } from './common.ts';

const Post = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      position: text(100),
      organization: text(100),
      from: z.iso.date(),
      to: z.iso.date().optional(),
    })
    .refine((p) => !p.to || p.from <= p.to, { message: 'from must not be after to', path: ['to'] }),
);

export const CreateCadreRequest = /* @__PURE__ */ schema(() =>
  z.strictObject({ name: text(50), posts: z.array(Post).min(1).max(50) }).meta({ id: 'CreateCadreRequest' }),
);
