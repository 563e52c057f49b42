/** Commission roles (docs/domain.md), carried in the token's `cognito:groups` claim. */
export const roles = ['intake', 'investigator', 'approver', 'auditor'] as const;
export type Role = (typeof roles)[number];

/** Who acts: the user id from the token's `sub`, and their roles. */
export interface Actor {
  userId: string;
  roles: readonly Role[];
}
