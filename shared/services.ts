/**
 * The composition root: the clients and secrets a function needs, built once per cold start from
 * validated configuration. Handlers take these as parameters (ports), so tests can hand them a
 * DynamoDB client with an injected fault without mocking modules.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Config, readConfig } from './config.ts';
import { derivePeppers, type Peppers } from './crypto/peppers.ts';
import { kmsSigner, localSigner, type NoticeSigner } from './crypto/signer.ts';
import { envelopeVault, type IdentityVault, kmsKeyWrapper, localKeyWrapper } from './crypto/vault.ts';
import { calendarOf } from './domain/calendar.ts';
import type { DeadlinePolicy } from './domain/deadlines.ts';
import type { DisclosurePolicy } from './domain/disclosure.ts';
import type { FlagPolicy } from './domain/flag-policy.ts';
import type { Jwk } from './domain/notice.ts';
import { applyCallBudget } from './store/call-budget.ts';

export interface Services {
  config: Config;
  deadlines: DeadlinePolicy;
  disclosure: DisclosurePolicy;
  flagPolicy: FlagPolicy;
  db: DynamoDBDocumentClient;
  peppers(): Promise<Peppers>;
  vault: IdentityVault;
  /** The notice signer; configuration is checked when a function first asks for it. */
  signer(): NoticeSigner;
  now(): Date;
}

/** Every call made through it keeps to the calling request's deadline (store/call-budget.ts). */
export const documentClient = (client = new DynamoDBClient({})): DynamoDBDocumentClient => {
  applyCallBudget(client);
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
};

const loadMasterSecret = async (config: Config): Promise<Uint8Array> => {
  if (config.LOCAL_MASTER_SECRET) return Buffer.from(config.LOCAL_MASTER_SECRET, 'base64');
  const sdk = await import('@aws-sdk/client-secrets-manager');
  const out = await new sdk.SecretsManagerClient({}).send(
    new sdk.GetSecretValueCommand({ SecretId: config.SECRET_ARN }),
  );
  if (!out.SecretString) throw new Error('The pepper secret is empty');
  return Buffer.from(out.SecretString, 'utf8');
};

const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => {
    value ??= load().catch((error: unknown) => {
      value = undefined; // a failed fetch is retried by the next request, not cached
      throw error;
    });
    return value;
  };
};

const onceSync = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
};

const noticeSigner = (config: Config): NoticeSigner => {
  if (config.LOCAL_NOTICE_KEY) {
    const jwk = JSON.parse(config.LOCAL_NOTICE_KEY) as Jwk;
    return localSigner(jwk, jwk.kid ?? 'local-notice');
  }
  if (config.NOTICE_KEY_ARNS.length) return kmsSigner(config.NOTICE_KEY_ARNS);
  throw new Error('Invalid configuration: set NOTICE_KEY_ARNS (cloud) or LOCAL_NOTICE_KEY (local)');
};

/**
 * One DynamoDB client per process, whichever handler asks first. A Lambda holds one handler, so
 * this changes nothing in the cloud; the local runtime runs every handler in one process, where a
 * client per handler would keep a connection pool per route, each idle between its route's requests
 * (and an idle connection answers its next call measurably slower on DynamoDB Local).
 */
const processClient = onceSync(() => documentClient());

export const createServices = (overrides: Partial<Services> = {}): Services => {
  const config = overrides.config ?? readConfig();
  const vault =
    overrides.vault ??
    envelopeVault(
      config.LOCAL_IDENTITY_KEY
        ? localKeyWrapper(Buffer.from(config.LOCAL_IDENTITY_KEY, 'base64'))
        : kmsKeyWrapper(config.IDENTITY_KEY_ARN as string),
    );
  return {
    config,
    deadlines: overrides.deadlines ?? {
      acknowledgeWorkingDays: config.ACKNOWLEDGE_WORKING_DAYS,
      concludeMonths: config.CONCLUDE_MONTHS,
      resultFeedbackWorkingDays: config.RESULT_FEEDBACK_WORKING_DAYS,
      maxExtensionDays: config.MAX_EXTENSION_DAYS,
      calendar: calendarOf(config.HOLIDAYS, config.EXTRA_WORKING_DAYS),
    },
    disclosure: overrides.disclosure ?? { disclosed: new Set(config.DISCLOSED_FINDINGS) },
    flagPolicy: overrides.flagPolicy ?? {
      untrueThreshold: config.FLAG_UNTRUE_THRESHOLD,
      windowMonths: config.FLAG_WINDOW_MONTHS,
      expiryYears: config.FLAG_EXPIRY_YEARS,
    },
    db: overrides.db ?? processClient(),
    peppers: overrides.peppers ?? once(async () => derivePeppers(await loadMasterSecret(config))),
    vault,
    signer: overrides.signer ?? onceSync(() => noticeSigner(config)),
    now: overrides.now ?? (() => new Date()),
  };
};
