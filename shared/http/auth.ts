/**
 * Who is calling. API Gateway's JWT authorizer (or the local gateway, which imitates it) has
 * already verified the token; the claims arrive in requestContext.authorizer.jwt.claims. The role
 * comes from the Cognito groups claim, which API Gateway flattens from an array to "[a b]"; a role
 * is granted only by a group of exactly its name.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { singleCommissionId } from '../domain/commission.ts';
import { DomainError, messages } from '../domain/errors.ts';
import { type Actor, type Role, roles } from '../domain/roles.ts';

export interface Principal {
  userId: string;
  roles: Role[];
  /**
   * The commission the member works for (Cognito attribute `custom:commissionId`, which the JWT
   * authorizer passes through as a claim). Every staff route sees only this commission's cases.
   * A token without it belongs to the deployment's only commission (`singleCommissionId`), as
   * every token did before commissions were introduced.
   */
  commissionId: string;
}

/** The commission of a deployment that serves one, and of tokens issued before there were several. */
export { singleCommissionId };

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
  const commission = claims['custom:commissionId'];
  return {
    userId: claims.sub,
    roles: roles.filter((role) => groups.includes(role)),
    commissionId: typeof commission === 'string' && commission !== '' ? commission : singleCommissionId,
  };
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
