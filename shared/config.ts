/**
 * Configuration from the environment, read and validated once at cold start: a function with a
 * missing or malformed setting fails on its first load, not on some later request.
 */
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const Env = z.object({
  TABLE_NAME: z.string().min(1),
  /** Cloud: the Secrets Manager secret holding the master pepper. */
  SECRET_ARN: z.string().min(1).optional(),
  /** Local runtime and tests: the master pepper itself, base64. */
  LOCAL_MASTER_SECRET: z.string().min(1).optional(),
  /** Cloud: the KMS key that wraps identity data keys. */
  IDENTITY_KEY_ARN: z.string().min(1).optional(),
  /** Local runtime and tests: a 32-byte key-encryption key, base64. */
  LOCAL_IDENTITY_KEY: z.string().min(1).optional(),
  /** Failed receipt lookups allowed per client and window before 429. */
  LOOKUP_MISS_LIMIT: positiveInt(10),
  LOOKUP_WINDOW_SECONDS: positiveInt(900),
  IDEMPOTENCY_TTL_SECONDS: positiveInt(24 * 3600),
  OUTBOX_TTL_SECONDS: positiveInt(7 * 24 * 3600),
});
export type Config = z.infer<typeof Env>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const config = parsed.data;
  if (!config.SECRET_ARN && !config.LOCAL_MASTER_SECRET) {
    throw new Error('Invalid configuration: set SECRET_ARN (cloud) or LOCAL_MASTER_SECRET (local)');
  }
  if (!config.IDENTITY_KEY_ARN && !config.LOCAL_IDENTITY_KEY) {
    throw new Error('Invalid configuration: set IDENTITY_KEY_ARN (cloud) or LOCAL_IDENTITY_KEY (local)');
  }
  return config;
};

/** Reads one required variable, for functions that need nothing else (the relay's topic ARNs). */
export const requireEnv = (name: string, env: NodeJS.ProcessEnv = process.env): string => {
  const value = env[name];
  if (!value) throw new Error(`Invalid configuration: ${name} is not set`);
  return value;
};
