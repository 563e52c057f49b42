/** The shape of a route table entry, and the helpers the area modules share. */
import type * as z from 'zod/mini';
import type { AuditRead } from '../../domain/read-audit.ts';
import { caseRoles, type Role, roles } from '../../domain/roles.ts';
import type { ResponseName } from '../../schemas/responses/index.ts';

export { type Role, roles };
/** Every role that works on cases (not `administrator`, which sees settings only). */
export const staff: readonly Role[] = caseRoles;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef {
  method: HttpMethod;
  /** API Gateway path syntax: `/clues/{clueId}`. */
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** `public` routes carry no authorizer; the others need a JWT with one of these groups. */
  access: 'public' | readonly Role[];
  summary: string;
  body?: z.core.$ZodType;
  /** The body may be left out altogether (then it is read as `{}`); one that is sent must be JSON. */
  bodyOptional?: true;
  query?: z.core.$ZodType;
  headers?: Record<string, z.core.$ZodType>;
  /**
   * Response bodies by name (shared/schemas/responses): only the OpenAPI document builds them, and
   * their types are what the route's handler must answer with (shared/http/handler.ts).
   */
  responses: Record<number, ResponseName>;
  /** The error statuses this route can answer, each with the contract's error body. */
  errors?: readonly number[];
  /**
   * The largest body accepted before parsing (413 above it). A plain number, not `4 * 1024`:
   * esbuild keeps an object holding arithmetic, so the route and its schema would stay in every
   * bundle of its area.
   */
  maxBodyBytes?: number;
  /**
   * What the function touches, so the stack grants exactly that (least privilege):
   * the table, the peppers secret, and the identity key (encrypt to seal, decrypt to open).
   */
  uses: {
    table?: 'read' | 'readWrite';
    peppers?: boolean;
    identityKey?: 'encrypt' | 'decrypt';
    /** Limits the identity key to envelopes sealed for this purpose (KMS encryption context). */
    identityKeyPurpose?: 'reporter-message';
    /** Signs notices (KMS Sign), or only reads the public keys (KMS GetPublicKey). */
    signingKey?: 'sign' | 'publicKey';
    /**
     * The evidence bucket: `put` signs upload URLs (s3:PutObject under reports/, the bucket key's
     * GenerateDataKey), `read` signs download URLs (s3:GetObject and its versions, Decrypt).
     */
    bucket?: 'put' | 'read';
  };
  /**
   * A staff read of a case file, recorded (shared/domain/read-audit.ts): after the handler has
   * answered 2xx, the pipeline writes one ReadRecord naming this subject, and the read is served
   * only once that write has succeeded (shared/http/handler.ts). The function may then put read
   * records, and nothing else, even on a read-only route (infra/stacks/stateless-stack.ts).
   */
  auditRead?: AuditRead;
  /** Function settings that differ from the construct's defaults. */
  memoryMb?: number;
  timeoutSeconds?: number;
}
