/**
 * Configuration from the environment, read and validated once at cold start: a function with a
 * missing or malformed setting fails on its first load, not on some later request.
 */
import * as z from 'zod';
import { findings } from './domain/findings.ts';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A comma-separated list in one variable, each item checked by `item`. */
const commaList = <T extends z.ZodType<unknown, string>>(item: T, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

const dateList = commaList(z.iso.date(), '');
const findingList = commaList(z.enum(findings), 'SUBSTANTIATED,PARTLY_SUBSTANTIATED');

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
  /** Deadlines (DOMAIN.md), per commission. */
  ACKNOWLEDGE_WORKING_DAYS: positiveInt(15),
  CONCLUDE_MONTHS: positiveInt(3),
  MAX_EXTENSION_DAYS: positiveInt(90),
  /** Official holidays (Mon–Fri dates that are not working days), YYYY-MM-DD, comma-separated. */
  HOLIDAYS: dateList,
  /** Weekend dates declared working days (调休上班), YYYY-MM-DD, comma-separated. */
  EXTRA_WORKING_DAYS: dateList,
  /** Findings a reporter is told as such; the others read "not substantiated". */
  DISCLOSED_FINDINGS: findingList,
  /** Cloud: KMS signing keys for notices, current first, then retired ones still trusted. */
  NOTICE_KEY_ARNS: commaList(z.string().min(1), ''),
  /** Local runtime and tests: the notice signing key, a private JWK (JSON). */
  LOCAL_NOTICE_KEY: z.string().min(1).optional(),
  /** The issuing commission, as it signs notices. */
  COMMISSION_NAME: z.string().min(1).default('某县纪委监委'),
  /** Where the public portal lives; consent links point there. */
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:3000'),
  CONSENT_TTL_DAYS: positiveInt(30),
  FOLLOW_UP_DAYS: positiveInt(30),
  /** Accuser flags (DOMAIN.md): UNTRUE outcomes in a window that propose a flag, and expiry. */
  FLAG_UNTRUE_THRESHOLD: positiveInt(3),
  FLAG_WINDOW_MONTHS: positiveInt(24),
  FLAG_EXPIRY_YEARS: positiveInt(5),
  /** Identity reveals allowed per approver and day. */
  REVEALS_PER_DAY: positiveInt(5),
  /** Most deadlines one overdue sweep handles; the rest wait for the next run. */
  SWEEP_BATCH: positiveInt(200),
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
