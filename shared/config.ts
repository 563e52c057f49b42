/**
 * Configuration from the environment, read and validated once at cold start: a function with a
 * missing or malformed setting fails on its first load, not on some later request.
 *
 * Plain checks rather than a zod schema: every function reads this at import, and building and
 * running a thirty-field schema there cost about 5 ms of each cold start (`npm run bench`, part 2).
 * Every problem is reported at once, each named by its variable.
 */
import { defaultCaseNumberFormat, isCaseNumberTemplate } from './domain/case-number.ts';
import { commissionIdPattern, singleCommissionId } from './domain/commission.ts';
import { type Finding, findings } from './domain/findings.ts';

export interface Config {
  TABLE_NAME: string;
  /** Cloud: the Secrets Manager secret holding the master pepper. */
  SECRET_ARN?: string | undefined;
  /** Local runtime and tests: the master pepper itself, base64. */
  LOCAL_MASTER_SECRET?: string | undefined;
  /** Cloud: the KMS key that wraps identity data keys. */
  IDENTITY_KEY_ARN?: string | undefined;
  /** Local runtime and tests: a 32-byte key-encryption key, base64. */
  LOCAL_IDENTITY_KEY?: string | undefined;
  /** Failed receipt lookups allowed per client and window before 429. */
  LOOKUP_MISS_LIMIT: number;
  LOOKUP_WINDOW_SECONDS: number;
  IDEMPOTENCY_TTL_SECONDS: number;
  OUTBOX_TTL_SECONDS: number;
  /** Deadlines (docs/domain.md), per commission. */
  ACKNOWLEDGE_WORKING_DAYS: number;
  CONCLUDE_MONTHS: number;
  RESULT_FEEDBACK_WORKING_DAYS: number;
  /** How long a container trusts what it read of the commission registry (a changed setting is live within it). */
  REGISTRY_CACHE_SECONDS: number;
  MAX_EXTENSION_DAYS: number;
  /** Official holidays (Mon–Fri dates that are not working days), YYYY-MM-DD, comma-separated. */
  HOLIDAYS: string[];
  /** Weekend dates declared working days (调休上班), YYYY-MM-DD, comma-separated. */
  EXTRA_WORKING_DAYS: string[];
  /** Findings a reporter is told as such; the others read "not substantiated". */
  DISCLOSED_FINDINGS: Finding[];
  /** Cloud: KMS signing keys for notices, current first, then retired ones still trusted. */
  NOTICE_KEY_ARNS: string[];
  /** Local runtime and tests: the notice signing key, a private JWK (JSON). */
  LOCAL_NOTICE_KEY?: string | undefined;
  /**
   * The deployment's own commission: the one whose portal this is, where a report that names no
   * commission goes, and the commission of tokens without a commission claim's reports. `default`
   * (the single commission) unless set.
   */
  DEFAULT_COMMISSION_ID: string;
  /** The issuing commission, as it signs notices. */
  COMMISSION_NAME: string;
  /** How the public and cadres reach the commission (a phone line, an address), on consent pages and letters. */
  COMMISSION_CONTACT: string;
  /** Where the public portal lives; consent links point there. */
  PUBLIC_BASE_URL: string;
  CONSENT_TTL_DAYS: number;
  FOLLOW_UP_DAYS: number;
  /** Days after a conclusion (or 了结) within which its reporter may object (异议). */
  OBJECTION_WINDOW_DAYS: number;
  /** Accuser flags (docs/domain.md): UNTRUE outcomes in a window that propose a flag, and expiry. */
  FLAG_UNTRUE_THRESHOLD: number;
  FLAG_WINDOW_MONTHS: number;
  FLAG_EXPIRY_YEARS: number;
  /** Identity openings per staff member and China calendar day, shared by every route that opens one. */
  REVEALS_PER_DAY: number;
  /**
   * The read watch (shared/domain/read-audit.ts): distinct case files one member may open within
   * the window before the auditors are alerted (once per window).
   */
  READ_WATCH_THRESHOLD: number;
  READ_WATCH_WINDOW_SECONDS: number;
  /** Most deadlines one overdue sweep handles; the rest wait for the next run. */
  SWEEP_BATCH: number;
  /**
   * The outbox sweep publishes only events unpublished for longer than this: younger ones are the
   * stream relay's (it publishes within a second or two, and retries for about a minute).
   */
  OUTBOX_SWEEP_GRACE_SECONDS: number;
  /** How long one attempt of an SNS call may take before it fails (three attempts at most). */
  SNS_TIMEOUT_MS: number;
  /** A reporter told there is news is not told again within this many minutes (news coalesces). */
  REPORTER_NEWS_COALESCE_MINUTES: number;
  /** Case number templates (shared/domain/case-number.ts), until each commission sets its own. */
  CASE_NUMBER_REPORT_FORMAT: string;
  CASE_NUMBER_CLUE_FORMAT: string;
  /**
   * 保存期限: years after a case ended before its reports' personal data is erased. Read through
   * `retentionYearsOf` (shared/domain/retention.ts): a commission's own `retentionYears` comes first.
   */
  RETENTION_YEARS: number;
  /** Most reports one retention run erases; the rest wait for the next run. */
  RETENTION_BATCH: number;
}

/** Reads variables and collects what is wrong with them, so one error names every problem. */
const reader = (env: NodeJS.ProcessEnv) => {
  const problems: string[] = [];
  /** An unset or empty variable counts as absent. */
  const raw = (name: string) => (env[name] === '' ? undefined : env[name]);
  const optional = (name: string) => raw(name);
  const required = (name: string) => {
    const value = raw(name);
    if (value === undefined) problems.push(`${name}: required`);
    return value ?? '';
  };
  const positiveInt = (name: string, fallback: number) => {
    const value = raw(name);
    if (value === undefined) return fallback;
    const n = Number(value.trim());
    if (!Number.isInteger(n) || n <= 0) problems.push(`${name}: expected a positive whole number`);
    return n;
  };
  /** A comma-separated list; each item must pass `check`, which describes what was expected. */
  const list = <T extends string>(
    name: string,
    fallback: string,
    check: (item: string) => string | undefined,
  ) => {
    const items = (raw(name) ?? fallback)
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    for (const item of items) {
      const expected = check(item);
      if (expected) problems.push(`${name}: "${item}" is not ${expected}`);
    }
    return items as T[];
  };
  const url = (name: string, fallback: string) => {
    const value = raw(name) ?? fallback;
    if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
      problems.push(`${name}: expected an http(s) URL`);
    return value;
  };
  const template = (name: string, fallback: string) => {
    const value = raw(name) ?? fallback;
    if (!isCaseNumberTemplate(value))
      problems.push(
        `${name}: expected a template naming {year} and {seq} (or {seq:4}), at most 60 characters`,
      );
    return value;
  };
  const commissionId = (name: string, fallback: string) => {
    const value = raw(name) ?? fallback;
    if (!commissionIdPattern.test(value))
      problems.push(`${name}: expected a commission id (lower-case letters, digits, hyphens)`);
    return value;
  };
  return { problems, optional, required, positiveInt, list, url, template, commissionId };
};

const isCalendarDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
const date = (item: string) => (isCalendarDate(item) ? undefined : 'a date (YYYY-MM-DD)');
const finding = (item: string) =>
  (findings as readonly string[]).includes(item) ? undefined : `one of ${findings.join(', ')}`;

/** The issuer named on notices and receipts when COMMISSION_NAME is not set (the local runtime). */
export const defaultCommissionName = '某县纪委监委';
/** The national reporting line (12388), until a commission gives its own contact. */
export const defaultCommissionContact = '举报电话 12388';

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const r = reader(env);
  const config: Config = {
    TABLE_NAME: r.required('TABLE_NAME'),
    SECRET_ARN: r.optional('SECRET_ARN'),
    LOCAL_MASTER_SECRET: r.optional('LOCAL_MASTER_SECRET'),
    IDENTITY_KEY_ARN: r.optional('IDENTITY_KEY_ARN'),
    LOCAL_IDENTITY_KEY: r.optional('LOCAL_IDENTITY_KEY'),
    LOOKUP_MISS_LIMIT: r.positiveInt('LOOKUP_MISS_LIMIT', 10),
    LOOKUP_WINDOW_SECONDS: r.positiveInt('LOOKUP_WINDOW_SECONDS', 900),
    IDEMPOTENCY_TTL_SECONDS: r.positiveInt('IDEMPOTENCY_TTL_SECONDS', 24 * 3600),
    OUTBOX_TTL_SECONDS: r.positiveInt('OUTBOX_TTL_SECONDS', 7 * 24 * 3600),
    ACKNOWLEDGE_WORKING_DAYS: r.positiveInt('ACKNOWLEDGE_WORKING_DAYS', 15),
    CONCLUDE_MONTHS: r.positiveInt('CONCLUDE_MONTHS', 3),
    RESULT_FEEDBACK_WORKING_DAYS: r.positiveInt('RESULT_FEEDBACK_WORKING_DAYS', 15),
    REGISTRY_CACHE_SECONDS: r.positiveInt('REGISTRY_CACHE_SECONDS', 60),
    MAX_EXTENSION_DAYS: r.positiveInt('MAX_EXTENSION_DAYS', 90),
    HOLIDAYS: r.list('HOLIDAYS', '', date),
    EXTRA_WORKING_DAYS: r.list('EXTRA_WORKING_DAYS', '', date),
    DISCLOSED_FINDINGS: r.list<Finding>('DISCLOSED_FINDINGS', 'SUBSTANTIATED,PARTLY_SUBSTANTIATED', finding),
    NOTICE_KEY_ARNS: r.list('NOTICE_KEY_ARNS', '', () => undefined),
    LOCAL_NOTICE_KEY: r.optional('LOCAL_NOTICE_KEY'),
    DEFAULT_COMMISSION_ID: r.commissionId('DEFAULT_COMMISSION_ID', singleCommissionId),
    COMMISSION_NAME: r.optional('COMMISSION_NAME') ?? defaultCommissionName,
    COMMISSION_CONTACT: r.optional('COMMISSION_CONTACT') ?? defaultCommissionContact,
    PUBLIC_BASE_URL: r.url('PUBLIC_BASE_URL', 'http://127.0.0.1:3000'),
    CONSENT_TTL_DAYS: r.positiveInt('CONSENT_TTL_DAYS', 30),
    FOLLOW_UP_DAYS: r.positiveInt('FOLLOW_UP_DAYS', 30),
    OBJECTION_WINDOW_DAYS: r.positiveInt('OBJECTION_WINDOW_DAYS', 30),
    FLAG_UNTRUE_THRESHOLD: r.positiveInt('FLAG_UNTRUE_THRESHOLD', 3),
    FLAG_WINDOW_MONTHS: r.positiveInt('FLAG_WINDOW_MONTHS', 24),
    FLAG_EXPIRY_YEARS: r.positiveInt('FLAG_EXPIRY_YEARS', 5),
    REVEALS_PER_DAY: r.positiveInt('REVEALS_PER_DAY', 5),
    READ_WATCH_THRESHOLD: r.positiveInt('READ_WATCH_THRESHOLD', 40),
    READ_WATCH_WINDOW_SECONDS: r.positiveInt('READ_WATCH_WINDOW_SECONDS', 3600),
    SWEEP_BATCH: r.positiveInt('SWEEP_BATCH', 200),
    OUTBOX_SWEEP_GRACE_SECONDS: r.positiveInt('OUTBOX_SWEEP_GRACE_SECONDS', 120),
    SNS_TIMEOUT_MS: r.positiveInt('SNS_TIMEOUT_MS', 5000),
    REPORTER_NEWS_COALESCE_MINUTES: r.positiveInt('REPORTER_NEWS_COALESCE_MINUTES', 60),
    CASE_NUMBER_REPORT_FORMAT: r.template('CASE_NUMBER_REPORT_FORMAT', defaultCaseNumberFormat.report),
    CASE_NUMBER_CLUE_FORMAT: r.template('CASE_NUMBER_CLUE_FORMAT', defaultCaseNumberFormat.clue),
    RETENTION_YEARS: r.positiveInt('RETENTION_YEARS', 5),
    RETENTION_BATCH: r.positiveInt('RETENTION_BATCH', 100),
  };
  if (r.problems.length) throw new Error(`Invalid configuration: ${r.problems.join('; ')}`);
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
