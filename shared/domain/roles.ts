/** Commission roles (docs/domain.md), carried in the token's `cognito:groups` claim. */
export const roles = ['intake', 'investigator', 'approver', 'auditor', 'administrator'] as const;
export type Role = (typeof roles)[number];

/**
 * The roles that work on cases. `administrator` (系统管理员) edits its own commission's settings and
 * sees no case: it is not among these.
 */
export const caseRoles = ['intake', 'investigator', 'approver', 'auditor'] as const satisfies readonly Role[];

/** Who acts: the user id from the token's `sub`, and their roles. */
export interface Actor {
  userId: string;
  roles: readonly Role[];
}
