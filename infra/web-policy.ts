/**
 * The security headers of the web pages, one definition for the local runtime and CloudFront's
 * response headers policy. No 'unsafe-inline' anywhere: the build has no inline script or style.
 */
export const contentSecurityPolicy = (
  options: { signInOrigins?: string[]; apiOrigins?: string[]; uploadOrigins?: string[] } = {},
): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    [
      "connect-src 'self'",
      ...(options.apiOrigins ?? []),
      // The console exchanges its authorization code at the sign-in domain's token endpoint.
      ...(options.signInOrigins ?? []),
      // The portal PUTs evidence files straight to the evidence bucket through presigned URLs.
      ...(options.uploadOrigins ?? []),
    ].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

/** Demo staff for the local console, one per role: never deployed. */
export const localDemoUsers = [
  { userId: 'demo-intake', role: 'intake' },
  { userId: 'demo-investigator', role: 'investigator' },
  { userId: 'demo-approver', role: 'approver' },
  { userId: 'demo-auditor', role: 'auditor' },
] as const;

/**
 * The console's OAuth 2.0 client, the same in the cloud (Cognito's app client) and locally (the
 * runtime's stand-in authorization server): where the authorization server sends the code back,
 * where it sends a signed-out user, and the scopes asked for.
 */
export const consoleOAuth = {
  callbackPath: '/console/callback',
  signedOutPath: '/console/sign-in',
  scopes: ['openid', 'email', 'profile'],
} as const;

/**
 * The staff sign-in's Cognito prefix domain, `zhengming-<account>` unless the CDK context key
 * `signInDomainPrefix` names another (a prefix is unique per region across all accounts). The web
 * stack's CSP and the stateless stack's user pool domain both take it from here.
 */
export const signInDomain = (stack: {
  account: string;
  region: string;
  node: { tryGetContext(key: string): unknown };
}) => {
  const prefix = String(stack.node.tryGetContext('signInDomainPrefix') ?? `zhengming-${stack.account}`);
  return { prefix, origin: `https://${prefix}.auth.${stack.region}.amazoncognito.com` };
};
