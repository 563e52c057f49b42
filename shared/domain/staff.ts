/**
 * The commission's members (工作人员名录): who may be picked as an assignee, so an assignee is
 * picked, never typed. A member record is made from the claims of a sign-in, the same way in the
 * cloud (the Cognito PostAuthentication trigger) and locally (the demo sign-in and the seed):
 * `memberFromClaims` is the one place that reads them.
 */
import { DomainError } from './errors.ts';
import { type Role, roles } from './roles.ts';

export interface StaffMember {
  /** The token's `sub`: what a clue's `assignee` holds. */
  userId: string;
  displayName: string;
  roles: Role[];
  commissionId: string;
  active: boolean;
  /** When this record was last made from a sign-in (or the seed). */
  seenAt: string;
}

/** The commission of a token or a user without `custom:commissionId` (shared/http/auth.ts). */
const singleCommission = 'default';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * A member as the sign-in's claims describe them: Cognito's `userAttributes` (`sub`, `name`,
 * `custom:commissionId`, …) with the groups, or a token's claims (`cognito:groups`). Only the
 * groups that are roles count; a user with none is recorded inactive (they can do nothing), which is
 * how a member who leaves drops out of the lists: their groups are removed.
 */
export const memberFromClaims = (
  claims: Record<string, unknown>,
  groups: readonly string[],
  now: Date,
): StaffMember | undefined => {
  const userId = text(claims.sub);
  if (!userId) return undefined;
  const memberRoles = roles.filter((role) => groups.includes(role));
  return {
    userId,
    displayName:
      text(claims.name) ??
      text(claims.preferred_username) ??
      text(claims['cognito:username']) ??
      text(claims.email) ??
      userId,
    roles: memberRoles,
    commissionId: text(claims['custom:commissionId']) ?? singleCommission,
    active: memberRoles.length > 0,
    seenAt: now.toISOString(),
  };
};

/** Which role an assignment needs, by action: a clue is verified by an investigator. */
export const assigneeRole: Role = 'investigator';

/**
 * An assignee must be a known, active member of the caller's commission with the investigator
 * role: else no clue is ever left with an assignee nobody is. Another commission's member is
 * answered as an unknown one.
 */
export const assigneeRefusal = (
  assignee: string,
  member: StaffMember | undefined,
  commissionId: string,
): DomainError | undefined => {
  if (!member?.active || member.commissionId !== commissionId || member.userId !== assignee) {
    return new DomainError('ASSIGNEE_UNKNOWN', {
      zh: `本机关没有在岗工作人员“${assignee}”，请从工作人员名录中选择承办人`,
      en: `No active member of this commission is "${assignee}": pick the assignee from the staff list`,
    });
  }
  if (!member.roles.includes(assigneeRole)) {
    return new DomainError('ASSIGNEE_ROLE', {
      zh: `${member.displayName}不是核查人员，不能承办线索核查`,
      en: `${member.displayName} is not an investigator and cannot be assigned a clue`,
    });
  }
  return undefined;
};
