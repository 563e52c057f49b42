/**
 * Staff sign-in by the OAuth 2.0 authorization-code flow with PKCE (RFC 6749, RFC 7636), through
 * oauth4webapi: the console sends the browser to the authorization server that config.json names
 * (Cognito's managed login in the cloud, the local runtime's stand-in locally), which asks for the
 * password and the one-time code and handles resets and lockout; back on /console/callback, the
 * console exchanges the code for tokens. The PKCE verifier, state and nonce wait in sessionStorage
 * for that round trip (a page in memory does not survive it) and are removed as soon as it returns.
 * Loaded only when someone signs in (its own chunk).
 */
import * as oauth from 'oauth4webapi';
import type { SignInConfig } from './config.ts';

const pendingKey = 'zm.signIn';

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  next: string;
}

const serverOf = (cfg: SignInConfig): oauth.AuthorizationServer => ({
  issuer: cfg.issuer,
  authorization_endpoint: cfg.authorizationEndpoint,
  token_endpoint: cfg.tokenEndpoint,
  id_token_signing_alg_values_supported: [cfg.idTokenSigningAlg],
  code_challenge_methods_supported: ['S256'],
});

const clientOf = (cfg: SignInConfig): oauth.Client => ({ client_id: cfg.clientId });

/** Plain HTTP is allowed for the local runtime on this machine, and nowhere else. */
const loopback = (address: string) => {
  const url = new URL(address);
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
};

/** Sends the browser to the authorization server; `next` is where the console goes afterwards. */
export const startSignIn = async (cfg: SignInConfig, next: string): Promise<void> => {
  const pending: Pending = {
    verifier: oauth.generateRandomCodeVerifier(),
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    next,
  };
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  const url = new URL(cfg.authorizationEndpoint);
  url.searchParams.set('client_id', cfg.clientId);
  url.searchParams.set('redirect_uri', cfg.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', cfg.scope);
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  window.location.assign(url.href);
};

export class SignInFailed extends Error {}

/**
 * Finishes the round trip: checks the state, exchanges the code with the PKCE verifier, checks
 * the ID token's issuer, audience, expiry and nonce, and returns the access token (the API's
 * bearer) and where to go next. A second call for the same return fails: the verifier is gone.
 */
export const finishSignIn = async (
  cfg: SignInConfig,
  returned: URL,
): Promise<{ accessToken: string; next: string }> => {
  const raw = sessionStorage.getItem(pendingKey);
  sessionStorage.removeItem(pendingKey);
  if (!raw) throw new SignInFailed('no sign-in in progress');
  const pending = JSON.parse(raw) as Pending;
  const as = serverOf(cfg);
  const client = clientOf(cfg);
  try {
    const params = oauth.validateAuthResponse(as, client, returned, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      cfg.redirectUri,
      pending.verifier,
      loopback(cfg.tokenEndpoint) ? { [oauth.allowInsecureRequests]: true } : {},
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: pending.nonce,
      requireIdToken: true,
    });
    return { accessToken: result.access_token, next: pending.next };
  } catch (error) {
    // The authorization server's own words when it gave a reason (RFC 6749 §4.1.2.1, §5.2).
    const reason =
      error instanceof oauth.AuthorizationResponseError || error instanceof oauth.ResponseBodyError
        ? (error.error_description ?? error.error)
        : error instanceof Error
          ? error.message
          : String(error);
    throw new SignInFailed(reason);
  }
};
