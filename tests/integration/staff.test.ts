/**
 * The staff directory (工作人员名录): GET /staff?role= lists the caller's commission's active
 * members, paged, and an assignment must name a known active investigator of that commission.
 */
import { describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../infra/local/keys.ts';
import type { LocalMember } from '../../infra/local/members.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { testMembers } from '../support/members.ts';
import { useLocalRuntime } from './support/runtime.ts';

const member = (userId: string, name: string, groups: LocalMember['groups'], commissionId = 'default') => ({
  userId,
  name,
  groups,
  commissionId,
});
const pagers = Array.from({ length: 23 }, (_, i) =>
  member(`pg-${String(i).padStart(2, '0')}`, `翻页${i}`, ['investigator']),
);
const members: LocalMember[] = [
  ...testMembers,
  ...pagers,
  member('both-1', '钱双', ['investigator', 'approver']),
  member('appr-only', '孔审', ['approver']),
  member('left-1', '褚离', []),
  member('other-inv', '蒋外', ['investigator'], 'county-b'),
];

const api = useLocalRuntime({}, { members });

/** A Pre Token Generation event as Cognito sends it for a sign-in (event version 2, the stack's). */
const cognitoEvent = (sub: string, name: string, groups: string[], commissionId = 'default') =>
  ({
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'cn-north-1',
    userPoolId: 'cn-north-1_AbCdEfGhI',
    userName: sub,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '1example23456789' },
    request: {
      userAttributes: {
        sub,
        'cognito:user_status': 'CONFIRMED',
        email_verified: 'true',
        name,
        email: `${sub}@example.gov.cn`,
        'custom:commissionId': commissionId,
      },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: null },
      scopes: ['openid', 'email', 'profile'],
    },
    response: {
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { claimsToAddOrOverride: { existing: 'kept' } },
      },
    },
  }) as never;
const intake = api.as('intake', 'intake-1');

interface Listed {
  userId: string;
  displayName: string;
  roles: string[];
}

/** Every page of a list, following nextCursor. */
const everyPage = async (get: (path: string) => Promise<{ status: number; body: any }>, path: string) => {
  const items: Listed[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await get(
      `${path}${path.includes('?') ? '&' : '?'}limit=10${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(10);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor);
  return { items, pages };
};

const registered = async () => {
  const { reportId } = (await api.post('/reports', anonymousReport())).body;
  const clue = await intake.post('/clues', { reportIds: [reportId] });
  expect(clue.status).toBe(201);
  return clue.body as { clueId: string; version: number };
};
const assign = (clue: { clueId: string; version: number }, assignee: string) =>
  intake.post(`/clues/${clue.clueId}/actions`, { action: 'assign', expectedVersion: clue.version, assignee });

describe('the staff directory', () => {
  it('lists the active members of a role, named, paged; every staff role may read it', async () => {
    const { items, pages } = await everyPage(api.as('auditor', 'aud-1').get, '/staff?role=investigator');
    const ids = items.map((m) => m.userId);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['inv-1', 'demo-investigator', 'both-1', ...pagers.map((p) => p.userId)])
      expect(ids).toContain(id);
    expect(ids).not.toContain('appr-only');
    expect(ids).not.toContain('left-1');
    expect(items.find((m) => m.userId === 'demo-investigator')).toEqual({
      userId: 'demo-investigator',
      displayName: '李建华（监督检查室）',
      roles: ['investigator'],
    });
    expect(items.find((m) => m.userId === 'both-1')?.roles).toEqual(['investigator', 'approver']);

    const approvers = (await everyPage(intake.get, '/staff?role=approver')).items.map((m) => m.userId);
    expect(approvers).toEqual(expect.arrayContaining(['demo-approver', 'both-1', 'appr-only']));
    expect(approvers).not.toContain('inv-1');
    const everyone = (await everyPage(intake.get, '/staff')).items.map((m) => m.userId);
    expect(everyone).toEqual(expect.arrayContaining(['demo-intake', 'demo-auditor', 'inv-1', 'appr-only']));
    expect(everyone).not.toContain('left-1');

    expect((await api.call('GET', '/staff')).status).toBe(401);
    expect((await intake.get('/staff?role=cleaner')).status).toBe(400);
    expect((await intake.get('/staff?limit=101')).status).toBe(400);
    expect((await intake.get('/staff?cursor=bm90LWEta2V5')).status).toBe(400);
  });

  it('never lists another commission’s members, and lists only theirs to them', async () => {
    const ours = (await everyPage(intake.get, '/staff')).items.map((m) => m.userId);
    expect(ours).not.toContain('other-inv');
    const token = await issueLocalToken('intake-b', ['intake'], 1, { 'custom:commissionId': 'county-b' });
    const theirs = await api.call('GET', '/staff', { headers: { authorization: `Bearer ${token}` } });
    expect(theirs.status).toBe(200);
    // County-b's own: the member made here and the test members seeded in county-b.
    const seededThere = testMembers.filter((m) => m.commissionId === 'county-b').map((m) => m.userId);
    expect(theirs.body.items.map((m: Listed) => m.userId).sort()).toEqual(
      ['other-inv', ...seededThere].sort(),
    );
  });

  it('refuses an assignee who is unknown, inactive, of another commission or not an investigator', async () => {
    const clue = await registered();
    for (const [assignee, code] of [
      ['nobody-at-all', 'ASSIGNEE_UNKNOWN'],
      ['left-1', 'ASSIGNEE_UNKNOWN'],
      ['other-inv', 'ASSIGNEE_UNKNOWN'],
      ['appr-only', 'ASSIGNEE_ROLE'],
    ] as const) {
      const refused = await assign(clue, assignee);
      expect(refused.status, assignee).toBe(409);
      expect(refused.body.error.code, assignee).toBe(code);
      expect(refused.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // Nothing changed: the clue still waits for an assignee.
    const unchanged = await intake.get(`/clues/${clue.clueId}`);
    expect(unchanged.body).toMatchObject({ status: 'REGISTERED', version: clue.version });
    expect(unchanged.body.assignee).toBeUndefined();

    const assigned = await assign(clue, 'both-1');
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'ASSIGNED', assignee: 'both-1' });
  });

  it('records a member again when they sign in: a member who lost their groups leaves the lists', async () => {
    const { recordSignIn } = await import('../../infra/local/members.ts');
    const registry = { db: api.db, tableName: api.runtime.tableName };
    await recordSignIn(registry, { sub: 'pg-00', name: '翻页零（已调离）' }, []);
    // The cloud's way: Cognito's Pre Token Generation trigger, with the event Cognito sends.
    const { recordSignedInMember } = await import('../../functions/staff/sign-in-trigger.ts');
    const services = {
      db: api.db,
      config: { TABLE_NAME: api.runtime.tableName } as never,
      now: () => new Date(),
    };
    const event = cognitoEvent('pg-01', '翻页一（改名）', ['investigator', 'approver']);
    expect(await recordSignedInMember(services)(event)).toBe(event);
    const listed = (await everyPage(intake.get, '/staff?role=investigator')).items;
    expect(listed.map((m) => m.userId)).not.toContain('pg-00');
    expect(listed.find((m) => m.userId === 'pg-01')?.displayName).toBe('翻页一（改名）');
    const approvers = (await everyPage(intake.get, '/staff?role=approver')).items.map((m) => m.userId);
    expect(approvers).toContain('pg-01');
    const clue = await registered();
    expect((await assign(clue, 'pg-00')).body.error.code).toBe('ASSIGNEE_UNKNOWN');
  });

  it('puts the commission in the access token and records the member under it', async () => {
    const { recordSignedInMember } = await import('../../functions/staff/sign-in-trigger.ts');
    const { staffStore } = await import('../../shared/store/staff.ts');
    const services = {
      db: api.db,
      config: { TABLE_NAME: api.runtime.tableName } as never,
      now: () => new Date(),
    };
    const signIn = recordSignedInMember(services);
    const event = (await signIn(cognitoEvent('tok-b', '卫调', ['investigator'], ' county-b '))) as any;
    expect(event.response.claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride).toEqual({
      existing: 'kept',
      'custom:commissionId': 'county-b',
    });
    const registry = staffStore(services);
    expect(await registry.member('county-b', 'tok-b')).toMatchObject({
      roles: ['investigator'],
      active: true,
    });
    expect(await registry.member('default', 'tok-b')).toBeUndefined();
    // A user without the attribute belongs to `default`, and the token says so.
    const plain = cognitoEvent('tok-d', '蒋默', ['intake']) as any;
    delete plain.request.userAttributes['custom:commissionId'];
    plain.response = { claimsAndScopeOverrideDetails: null };
    const issued = (await signIn(plain)) as any;
    expect(issued.response.claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride).toEqual(
      {
        'custom:commissionId': 'default',
      },
    );
    expect(await registry.member('default', 'tok-d')).toMatchObject({ displayName: '蒋默', active: true });
    // A registry that cannot be written still lets the token out, with its claim.
    const broken = recordSignedInMember({ ...services, config: { TABLE_NAME: 'no-such-table' } as never });
    const still = (await broken(cognitoEvent('tok-x', '韩断', ['intake'], 'county-b'))) as any;
    expect(still.response.claimsAndScopeOverrideDetails.accessTokenGeneration.claimsToAddOrOverride).toEqual({
      existing: 'kept',
      'custom:commissionId': 'county-b',
    });
  });
});
