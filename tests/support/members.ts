/**
 * The members the test runtimes start with (named 核查员…, never a name the fixtures give a
 * reporter or a cadre, so a test that looks for a reporter's name in the table finds only theirs): the demo sign-in's, and the investigators the tests
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
  investigator('inv-1', '核查员甲'),
  investigator('inv-2', '核查员乙'),
  investigator('inv-3', '核查员丙'),
  investigator('inv-4', '核查员丁'),
  investigator('inv-5', '核查员戊'),
  investigator('inv-9', '核查员己'),
  investigator('inv-news', '核查员庚'),
  investigator('inv-pager', '核查员辛'),
  investigator('investigator-1', '核查员壬'),
  investigator('someone-else', '核查员癸'),
  // tenancy.test.ts: county-a's investigator (the seeded hierarchy's county).
  investigator('inv-a', '核查员子', 'county-a'),
  // flags-tenancy.test.ts: county-b's investigator, to conclude a finding there too.
  investigator('inv-b', '核查员丑', 'county-b'),
];
