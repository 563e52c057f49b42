/** The small cadre registry: posts with tenure dates, for "old debts" (docs/domain.md "Precision of accountability"). */
import * as z from 'zod/mini';
import { isoDateWithin, schema, text } from './common.ts';

/** A tenure may be registered ahead (an appointment announced), but not beyond ten years. */
const postDate = /* @__PURE__ */ schema(() => isoDateWithin(3653, 'ten years from today'));

const Post = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      position: text(100),
      organization: text(100),
      from: postDate,
      to: z.optional(postDate),
    })
    .check(z.refine((p) => !p.to || p.from <= p.to, { error: 'from must not be after to', path: ['to'] })),
);

export const CreateCadreRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({ name: text(50), posts: z.array(Post).check(z.minLength(1), z.maxLength(50)) })
    .register(z.globalRegistry, { id: 'CreateCadreRequest' }),
);
