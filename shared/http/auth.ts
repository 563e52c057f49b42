/**
 * Who is calling. API Gateway's JWT authorizer (or the local gateway, which imitates it) has
 * already verified the token; the claims arrive in requestContext.authorizer.jwt.claims. The role
 * comes from the Cognito groups claim, which API Gateway flattens from an array to "[a b]".
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { DomainError, messages } from '../domain/errors.ts';
import { type Role, roles } from '../domain/roles.ts';

export interface Principal {
  userId: string;
  roles: Role[];
}

const parseGroups = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
};

export const principalOf = (
  event: Partial<APIGatewayProxyEventV2WithJWTAuthorizer>,
): Principal | undefined => {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const groups = parseGroups(claims['cognito:groups']);
  return { userId: claims.sub, roles: roles.filter((role) => groups.includes(role)) };
};

export const authorize = (
  access: 'public' | readonly Role[],
  event: Partial<APIGatewayProxyEventV2WithJWTAuthorizer>,
): Principal | undefined => {
  if (access === 'public') return undefined;
  const principal = principalOf(event);
  if (!principal) throw new DomainError('UNAUTHENTICATED', messages.UNAUTHENTICATED);
  if (!principal.roles.some((role) => access.includes(role))) {
    throw new DomainError('FORBIDDEN', messages.FORBIDDEN);
  }
  return principal;
};
