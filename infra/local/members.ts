/**
 * The local runtime's member registry: who is in it when `npm start` runs, and how a local sign-in
 * is recorded. Both go through `memberFromClaims` (shared/domain/staff.ts), as the Cognito
 * Pre Token Generation trigger does in the cloud (functions/staff/sign-in-trigger.ts), so a member
 * looks the same whichever way they arrived.
 *
 * Seeding takes a list of members, each with their commission: a runtime serving several demo
 * commissions passes its members here (`startLocalRuntime({ members })`).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../../shared/domain/roles.ts';
import { memberFromClaims } from '../../shared/domain/staff.ts';
import { singleCommissionId } from '../../shared/http/auth.ts';
import { staffStore } from '../../shared/store/staff.ts';
import { localDemoUsers } from '../web-policy.ts';

export interface LocalMember {
  userId: string;
  /** The display name (Cognito's `name` attribute). */
  name: string;
  groups: Role[];
  commissionId: string;
}

const demoNames: Record<string, string> = {
  'demo-intake': '王晓明（信访室）',
  'demo-investigator': '李建华（监督检查室）',
  'demo-approver': '张国强（分管领导）',
  'demo-auditor': '陈静（案件监督管理室）',
};

/** The demo sign-in's members, in the deployment's single commission. */
export const localDemoMembers: LocalMember[] = localDemoUsers.map((user) => ({
  userId: user.userId,
  name: demoNames[user.userId] ?? user.userId,
  groups: [user.role],
  commissionId: singleCommissionId,
}));

/** The claims a sign-in of this member carries (as Cognito's user attributes name them). */
export const memberClaims = (member: LocalMember) => ({
  sub: member.userId,
  'cognito:username': member.userId,
  name: member.name,
  'custom:commissionId': member.commissionId,
});

/** Records members from their claims, as a sign-in does; on every start, so names stay current. */
export const seedMembers = async (
  services: { db: DynamoDBDocumentClient; tableName: string },
  members: readonly LocalMember[],
  now = new Date(),
) => {
  const store = staffStore({ db: services.db, config: { TABLE_NAME: services.tableName } });
  for (const member of members) {
    const recorded = memberFromClaims(memberClaims(member), member.groups, now);
    if (recorded) await store.record(recorded);
  }
};

/** Records a local sign-in from its token's claims (the demo sign-in's token endpoint). */
export const recordSignIn = async (
  services: { db: DynamoDBDocumentClient; tableName: string },
  claims: Record<string, unknown>,
  groups: readonly string[],
  now = new Date(),
) => {
  const member = memberFromClaims(claims, groups, now);
  if (!member) return;
  await staffStore({ db: services.db, config: { TABLE_NAME: services.tableName } }).record(member);
};
