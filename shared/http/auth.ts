/**
 * Who is calling. API Gateway's JWT authorizer (or the local gateway, which imitates it) has
 * already verified the token; the claims arrive in requestContext.authorizer.jwt.claims. The role
 * comes from the Cognito groups claim, which API Gateway flattens from an array to "[a b]"; a role
 * is granted only by a group of exactly its name.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { DomainError, messages } from '../domain/errors.ts';
import { type Actor, type Role, roles } from '../domain/roles.ts';

export interface Principal {
  userId: string;
  roles: Role[];
}

/**
 * The group names in the claim, each taken whole. The claim arrives as an array (a direct invocation,
 * the local tools) or as API Gateway writes arrays: "[intake approver]", one space between names.
 * Cognito group names hold no whitespace, so that string splits back exactly; commas are part of a
 * name ("intake,approver" is one group that grants nothing), never a separator.
 */
export const parseGroups = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.filter((name): name is string => typeof name === 'string');
  if (typeof claim !== 'string') return [];
  const bracketed = /^\[(.*)\]$/s.exec(claim);
  return (bracketed ? (bracketed[1] as string) : claim).split(/\s+/).filter(Boolean);
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

/** The acting user as the domain sees them. */
export const actorOf = (principal: Principal): Actor => ({
  userId: principal.userId,
  roles: principal.roles,
});

/** The role a person acted in: the first of theirs that the rule allows. */
export const actingRole = (actor: Actor, allowed: readonly Role[]): Role =>
  actor.roles.find((role) => allowed.includes(role)) ?? (actor.roles[0] as Role);
