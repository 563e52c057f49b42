/**
 * The security headers of the web pages, one definition for the local runtime and CloudFront's
 * response headers policy. No 'unsafe-inline' anywhere: the build has no inline script or style.
 */
export const contentSecurityPolicy = (
  options: { cognitoRegion?: string; apiOrigins?: string[] } = {},
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
      ...(options.cognitoRegion ? [`https://cognito-idp.${options.cognitoRegion}.amazonaws.com`] : []),
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
