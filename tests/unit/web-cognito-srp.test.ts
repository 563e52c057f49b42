/**
 * The console's Cognito SRP sign-in against a stand-in for Cognito written independently here with
 * node:crypto: the same group, the same hashing and key derivation as Cognito's published flow.
 * It checks that the browser code's password proof is what a server holding only the verifier
 * accepts, that a wrong password is refused, and that the TOTP challenge is answered.
 */
import { createHash, createHmac, getDiffieHellman, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signInWithSrp } from '../../web/src/lib/cognito.ts';

const N = BigInt(`0x${getDiffieHellman('modp15').getPrime('hex')}`);
const g = 2n;
const pool = { region: 'cn-north-1', userPoolId: 'cn-north-1_AbCdEf123', clientId: 'client-1' };
const poolName = 'AbCdEf123';

const modPow = (base: bigint, exp: bigint, mod: bigint) => {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
};
const pad = (n: bigint) => {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  else if (/^[89a-f]/i.test(hex)) hex = `00${hex}`;
  return hex;
};
const hashHex = (hex: string) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
const big = (hex: string) => BigInt(`0x${hex}`);

/** A user as Cognito stores it: a salt and a verifier, never the password. */
const enrol = (userId: string, password: string) => {
  const salt = randomBytes(16).toString('hex');
  const inner = createHash('sha256').update(`${poolName}${userId}:${password}`).digest('hex');
  const x = big(hashHex(pad(big(salt)) + inner));
  return { salt, verifier: modPow(g, x, N) };
};

const fakeCognito = (
  user: { salt: string; verifier: bigint },
  userId: string,
  options: { mfa?: boolean } = {},
) => {
  const b = big(randomBytes(32).toString('hex'));
  const k = big(hashHex(pad(N) + pad(g)));
  const B = (k * user.verifier + modPow(g, b, N)) % N;
  const secretBlock = randomBytes(64).toString('base64');
  let A = 0n;
  const calls: string[] = [];
  const reply = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
  return {
    calls,
    fetch: async (_url: string, init: RequestInit) => {
      const target = String((init.headers as Record<string, string>)['x-amz-target']).split('.')[1] as string;
      const body = JSON.parse(String(init.body));
      calls.push(target === 'RespondToAuthChallenge' ? `${target}:${body.ChallengeName}` : target);
      if (target === 'InitiateAuth') {
        expect(body).toMatchObject({ AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId });
        A = big(body.AuthParameters.SRP_A);
        return reply(200, {
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeParameters: {
            SALT: user.salt,
            SECRET_BLOCK: secretBlock,
            SRP_B: B.toString(16),
            USERNAME: userId,
            USER_ID_FOR_SRP: userId,
          },
        });
      }
      if (body.ChallengeName === 'SOFTWARE_TOKEN_MFA') {
        return body.ChallengeResponses.SOFTWARE_TOKEN_MFA_CODE === '123456'
          ? reply(200, { AuthenticationResult: { IdToken: 'id-token-after-mfa' } })
          : reply(400, { __type: 'CodeMismatchException', message: 'Invalid code' });
      }
      const r = body.ChallengeResponses;
      expect(r.TIMESTAMP).toMatch(
        /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} \d{1,2} \d{2}:\d{2}:\d{2} UTC \d{4}$/,
      );
      const u = big(hashHex(pad(A) + pad(B)));
      const S = modPow((A * modPow(user.verifier, u, N)) % N, b, N);
      const prk = createHmac('sha256', Buffer.from(pad(u), 'hex'))
        .update(Buffer.from(pad(S), 'hex'))
        .digest();
      const key = createHmac('sha256', prk)
        .update(Buffer.concat([Buffer.from('Caldera Derived Key'), Buffer.from([1])]))
        .digest()
        .subarray(0, 16);
      const expected = createHmac('sha256', key)
        .update(
          Buffer.concat([
            Buffer.from(poolName),
            Buffer.from(userId),
            Buffer.from(secretBlock, 'base64'),
            Buffer.from(r.TIMESTAMP),
          ]),
        )
        .digest('base64');
      if (r.PASSWORD_CLAIM_SIGNATURE !== expected)
        return reply(400, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      return options.mfa
        ? reply(200, { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'session-1' })
        : reply(200, { AuthenticationResult: { IdToken: 'id-token' } });
    },
  };
};

afterEach(() => vi.unstubAllGlobals());

describe('Cognito SRP sign-in (web console)', () => {
  it('proves the password to a server that holds only the verifier', async () => {
    const cognito = fakeCognito(enrol('user-1', 'Correct-Horse-9!'), 'user-1');
    vi.stubGlobal('fetch', cognito.fetch);
    await expect(signInWithSrp(pool, 'approver@example.cn', 'Correct-Horse-9!')).resolves.toEqual({
      kind: 'token',
      idToken: 'id-token',
    });
    expect(cognito.calls).toEqual(['InitiateAuth', 'RespondToAuthChallenge:PASSWORD_VERIFIER']);
  });

  it('is refused with a wrong password', async () => {
    vi.stubGlobal('fetch', fakeCognito(enrol('user-1', 'Correct-Horse-9!'), 'user-1').fetch);
    await expect(signInWithSrp(pool, 'approver@example.cn', 'wrong')).rejects.toThrow(
      /Incorrect username or password/,
    );
  });

  it('answers the TOTP challenge that the pool requires', async () => {
    const cognito = fakeCognito(enrol('user-2', 'Another-Pass-7?'), 'user-2', { mfa: true });
    vi.stubGlobal('fetch', cognito.fetch);
    const result = await signInWithSrp(pool, 'user-2', 'Another-Pass-7?');
    expect(result.kind).toBe('mfa');
    if (result.kind !== 'mfa') return;
    await expect(result.answer('000000')).rejects.toThrow(/Invalid code/);
    await expect(result.answer('123456')).resolves.toBe('id-token-after-mfa');
  });
});
