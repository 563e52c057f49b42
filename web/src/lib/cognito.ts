/**
 * Cognito sign-in by SRP (USER_SRP_AUTH) with WebCrypto and BigInt, so the console needs no SDK
 * and the password never leaves the browser. The steps follow Cognito's published SRP flow:
 * InitiateAuth with A, then PASSWORD_VERIFIER answered with an HMAC over the secret block, then
 * the TOTP challenge that the pool requires. Loaded only when someone signs in (its own chunk).
 */
const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;

const modPow = (base: bigint, exp: bigint, mod: bigint): bigint => {
  let result = 1n;
  let b = ((base % mod) + mod) % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
};

/** Cognito's padding: an even number of hex digits, and a leading 00 when the top bit is set. */
const padHex = (value: bigint | string): string => {
  let hex = typeof value === 'string' ? value : value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  else if ('89abcdefABCDEF'.includes(hex[0] as string)) hex = `00${hex}`;
  return hex;
};
const hexToBytes = (hex: string) => Uint8Array.from(hex.match(/.{2}/g) ?? [], (b) => Number.parseInt(b, 16));
const bytesToHex = (bytes: ArrayBuffer | Uint8Array) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};
const sha256 = async (bytes: Uint8Array) =>
  bytesToHex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)).padStart(64, '0');
const hexHash = (hex: string) => sha256(hexToBytes(hex));
const hmac = async (key: Uint8Array, data: Uint8Array) => {
  const k = await crypto.subtle.importKey(
    'raw',
    key as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, data as Uint8Array<ArrayBuffer>));
};

const timestamp = (now = new Date()) => {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days[now.getUTCDay()]} ${months[now.getUTCMonth()]} ${now.getUTCDate()} ${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} UTC ${now.getUTCFullYear()}`;
};

interface CognitoAnswer {
  message?: string;
  __type?: string;
  AuthenticationResult?: { IdToken?: string };
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
}

interface PoolConfig {
  region: string;
  userPoolId: string;
  clientId: string;
}

const call = async (cfg: PoolConfig, target: string, body: unknown) => {
  const response = await fetch(`https://cognito-idp.${cfg.region}.amazonaws.com/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as CognitoAnswer;
  if (!response.ok) throw new Error(String(json.message ?? json.__type ?? response.status));
  return json;
};

export type SignInResult =
  | { kind: 'token'; idToken: string }
  | { kind: 'mfa'; answer: (code: string) => Promise<string> };

const tokenOrMfa = (cfg: PoolConfig, json: CognitoAnswer, username: string): SignInResult => {
  if (json.AuthenticationResult?.IdToken)
    return { kind: 'token', idToken: json.AuthenticationResult.IdToken };
  if (json.ChallengeName === 'SOFTWARE_TOKEN_MFA') {
    return {
      kind: 'mfa',
      answer: async (code: string) => {
        const answered = await call(cfg, 'RespondToAuthChallenge', {
          ClientId: cfg.clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: json.Session,
          ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
        });
        const idToken = answered.AuthenticationResult?.IdToken;
        if (!idToken) throw new Error(String(answered.ChallengeName ?? 'sign-in incomplete'));
        return idToken as string;
      },
    };
  }
  throw new Error(`Unsupported challenge ${json.ChallengeName}: finish account setup with an administrator.`);
};

export const signInWithSrp = async (
  cfg: PoolConfig,
  username: string,
  password: string,
): Promise<SignInResult> => {
  const a = BigInt(`0x${bytesToHex(crypto.getRandomValues(new Uint8Array(128)))}`) % N;
  const A = modPow(g, a, N);
  const started = await call(cfg, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: cfg.clientId,
    AuthParameters: { USERNAME: username, SRP_A: A.toString(16) },
  });
  const p = started.ChallengeParameters as Record<string, string>;
  const B = BigInt(`0x${p.SRP_B}`);
  if (B % N === 0n) throw new Error('Invalid server value');
  const userId = p.USER_ID_FOR_SRP as string;
  const poolName = cfg.userPoolId.split('_')[1] as string;
  const k = BigInt(`0x${await hexHash(padHex(N) + padHex(g))}`);
  const u = BigInt(`0x${await hexHash(padHex(A) + padHex(B))}`);
  const identity = await sha256(utf8(`${poolName}${userId}:${password}`));
  const x = BigInt(`0x${await hexHash(padHex(p.SALT as string) + identity)}`);
  const S = modPow(B - ((k * modPow(g, x, N)) % N), a + u * x, N);
  const prk = await hmac(hexToBytes(padHex(u)), hexToBytes(padHex(S)));
  const key = (await hmac(prk, concat(utf8('Caldera Derived Key'), Uint8Array.of(1)))).slice(0, 16);
  const when = timestamp();
  const secretBlock = Uint8Array.from(atob(p.SECRET_BLOCK as string), (c) => c.charCodeAt(0));
  const signature = await hmac(key, concat(utf8(poolName), utf8(userId), secretBlock, utf8(when)));
  const answered = await call(cfg, 'RespondToAuthChallenge', {
    ClientId: cfg.clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeResponses: {
      USERNAME: userId,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
      TIMESTAMP: when,
      PASSWORD_CLAIM_SIGNATURE: btoa(String.fromCharCode(...signature)),
    },
  });
  return tokenOrMfa(cfg, answered, userId);
};
