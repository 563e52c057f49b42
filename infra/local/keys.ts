/**
 * The local runtime's stand-ins for cloud secrets, kept in .local/keys (git-ignored) so that tokens
 * printed by `npm run token` stay valid across restarts and kept data stays readable:
 * the token signing key (Cognito's role), the master pepper (Secrets Manager's) and the identity
 * key-encryption key and the notice signing key (KMS's).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importJWK, type JWK, jwtVerify, SignJWT } from 'jose';

export const localDir = resolve(process.env.ZM_LOCAL_DIR ?? '.local');
const keysDir = join(localDir, 'keys');

const readOrCreate = (name: string, create: () => string): string => {
  const path = join(keysDir, name);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const value = create();
  try {
    writeFileSync(path, value, { mode: 0o600, flag: 'wx' });
    return value;
  } catch (error) {
    // Another process created it first (parallel test workers): theirs is the key.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(path, 'utf8').trim();
  }
};

export const localSecrets = () => ({
  masterSecret: readOrCreate('master-secret', () => randomBytes(32).toString('base64')),
  identityKey: readOrCreate('identity-key', () => randomBytes(32).toString('base64')),
  /** KMS's ECC_NIST_P256 signing key, as a private JWK. */
  noticeKey: readOrCreate('notice-signing-key.json', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return JSON.stringify({
      ...privateKey.export({ format: 'jwk' }),
      kid: `local-notice-${randomBytes(4).toString('hex')}`,
    });
  }),
});

/** The local stand-ins for the Cognito pool's issuer and the console's app client id. */
export const localIssuer = 'zhengming-local';
export const localClientId = 'zhengming-local-console';
const issuer = localIssuer;
const audience = localClientId;

const tokenKeyPair = async () => {
  const privateJwk = JSON.parse(
    readOrCreate('token-key.json', () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      return JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'local-1', alg: 'ES256' });
    }),
  ) as JWK;
  const { d: _private, ...publicJwk } = privateJwk;
  return { privateKey: await importJWK(privateJwk, 'ES256'), publicKey: await importJWK(publicJwk, 'ES256') };
};

/**
 * A token shaped like a Cognito token: `sub` and the role in `cognito:groups`. An ID token unless
 * `claims` say otherwise (the local authorization server adds `token_use: 'access'`, or a `nonce`).
 */
export const issueLocalToken = async (
  userId: string,
  groups: string[],
  hours = 12,
  claims: Record<string, unknown> = {},
): Promise<string> => {
  const { privateKey } = await tokenKeyPair();
  return new SignJWT({ 'cognito:groups': groups, token_use: 'id', 'cognito:username': userId, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'local-1' })
    .setSubject(userId)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${hours}h`)
    .sign(privateKey);
};

/**
 * Cognito group names are letters, marks, symbols, digits and punctuation, never whitespace: the
 * user pool cannot sign a token with "intake approver" in its groups. The local stand-in refuses such
 * a token too, because API Gateway would flatten it to "[intake approver]", the same string as two
 * groups, and the service could not tell them apart.
 */
const cognitoGroupName = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const cognitoCouldIssue = (groups: unknown) =>
  groups === undefined ||
  (Array.isArray(groups) && groups.every((g) => typeof g === 'string' && cognitoGroupName.test(g)));

/** Verifies a bearer token as API Gateway's JWT authorizer would; undefined when it is not valid. */
export const localTokenVerifier = async () => {
  const { publicKey } = await tokenKeyPair();
  // A verified token is remembered until it expires (API Gateway's authorizer is not part of the
  // service's latency in the cloud, so the local stand-in should not add an ES256 verify to every
  // request either). Bounded, so a flood of distinct tokens cannot grow it without limit.
  const verified = new Map<string, Record<string, unknown>>();
  return async (token: string) => {
    const known = verified.get(token);
    if (known && typeof known.exp === 'number' && known.exp * 1000 > Date.now()) return known;
    try {
      const { payload } = await jwtVerify(token, publicKey, { issuer, audience, algorithms: ['ES256'] });
      if (!cognitoCouldIssue(payload['cognito:groups'])) return undefined;
      if (verified.size >= 1000) verified.clear();
      verified.set(token, payload as Record<string, unknown>);
      return payload as Record<string, unknown>;
    } catch {
      verified.delete(token);
      return undefined;
    }
  };
};
