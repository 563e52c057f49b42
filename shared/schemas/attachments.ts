/** Evidence uploads: the reporter announces a file, then uploads it straight to storage (docs/api.md). */
import * as z from 'zod/mini';
import { plainString, schema, text } from './common.ts';

export const AnnounceAttachmentRequest = /* @__PURE__ */ schema(() =>
  z
    .strictObject({
      receiptCode: plainString(200),
      fileName: text(200),
      // Any media type is read here: one not on the list is 415, not 400 (shared/domain/evidence.ts).
      contentType: text(200),
      // The limit of 20 MB is a 413 of its own, not a 400.
      size: z.int().check(z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER)),
      sha256: z
        .string()
        .check(z.regex(/^[0-9a-fA-F]{64}$/, { error: 'must be a SHA-256 in hex (64 digits)' })),
    })
    .register(z.globalRegistry, { id: 'AnnounceAttachmentRequest' }),
);
