/**
 * The members the test runtimes start with: the demo sign-in's, and the investigators the tests
 * assign clues to (an assignee must be a known active investigator of the commission).
 */
import { type LocalMember, localDemoMembers } from '../../infra/local/members.ts';
import { singleCommissionId } from '../../shared/http/auth.ts';

const investigator = (userId: string, name: string, commissionId = singleCommissionId): LocalMember => ({
  userId,
  name,
  groups: ['investigator'],
  commissionId,
});

export const testMembers: LocalMember[] = [
  ...localDemoMembers,
  investigator('inv-1', '刘一'),
  investigator('inv-2', '赵二'),
  investigator('inv-3', '张三'),
  investigator('inv-4', '李四'),
  investigator('inv-5', '王五'),
  investigator('inv-9', '孙九'),
  investigator('inv-news', '周新'),
  investigator('inv-pager', '吴页'),
  investigator('investigator-1', '郑核'),
  investigator('someone-else', '冯他'),
  // tenancy.test.ts: county-a's investigator (the seeded hierarchy's county).
  investigator('inv-a', '陈甲', 'county-a'),
];
