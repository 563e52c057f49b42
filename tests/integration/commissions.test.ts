/** The commission registry: the public list, and an administrator's settings of its own commission. */
import { describe, expect, it } from 'vitest';
import { seedCommissions } from '../support/commissions.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

describe('the commission registry', () => {
  it('lists the commissions with their place in the hierarchy, and pages through them', async () => {
    // Prepare
    const empty = await api.call('GET', '/commissions');
    await seedCommissions(api.db, api.runtime.tableName);

    // Act
    const all = await api.call('GET', '/commissions');
    const first = await api.call('GET', '/commissions?limit=2');
    const rest = await api.call('GET', `/commissions?limit=2&cursor=${first.body.nextCursor}`);

    // Assess
    expect(empty.body.items).toEqual([]);
    expect(all.status).toBe(200);
    const byId = Object.fromEntries(all.body.items.map((c: { commissionId: string }) => [c.commissionId, c]));
    expect(Object.keys(byId).sort()).toEqual(['city-jia', 'county-a', 'county-b', 'prov']);
    expect(byId['county-a']).toEqual({
      commissionId: 'county-a',
      name: '甲市A县纪委监委',
      level: 'COUNTY',
      parentId: 'city-jia',
      contact: '甲市A县纪委监委信访室 0000-1234567',
    });
    // A commission without its own contact gives the national line (configuration).
    expect(byId.prov.contact).toBe('举报电话 12388');
    expect(byId.prov.parentId).toBeUndefined();
    expect(first.body.items).toHaveLength(2);
    expect(
      [...first.body.items, ...rest.body.items].map((c: { commissionId: string }) => c.commissionId).sort(),
    ).toEqual(['city-jia', 'county-a', 'county-b', 'prov']);
  });

  it('lets an administrator change its own commission settings, once per version, and no other', async () => {
    // Prepare
    await seedCommissions(api.db, api.runtime.tableName);
    const admin = api.as('administrator', 'admin-a', 'county-a');
    const otherAdmin = api.as('administrator', 'admin-b', 'county-b');
    const settings = {
      contact: '举报电话 12388，来访地址：甲市A县人民路1号',
      acknowledgeWorkingDays: 10,
      holidays: ['2026-10-01'],
    };

    // Act
    const before = await admin.get('/commissions/county-a');
    const changed = await admin.put('/commissions/county-a/settings', { expectedVersion: 1, settings });
    const stale = await admin.put('/commissions/county-a/settings', { expectedVersion: 1, settings: {} });
    const foreign = await otherAdmin.put('/commissions/county-a/settings', {
      expectedVersion: 2,
      settings: {},
    });
    const foreignRead = await otherAdmin.get('/commissions/county-a');
    const missing = await otherAdmin.get('/commissions/nowhere');
    const investigator = await api.as('investigator', 'inv-a', 'county-a').get('/commissions/county-a');
    const badUrl = await admin.put('/commissions/county-a/settings', {
      expectedVersion: 2,
      settings: { publicBaseUrl: 'javascript:alert(1)' },
    });
    const listed = await api.call('GET', '/commissions');

    // Assess
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ commissionId: 'county-a', version: 1 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, settings });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    // Another commission's administrator meets exactly what a missing commission gives.
    expect(foreign.status).toBe(404);
    expect(foreignRead.status).toBe(404);
    expect(foreignRead.body).toEqual(missing.body);
    expect(investigator.status).toBe(403);
    expect(badUrl.status).toBe(400);
    const countyA = listed.body.items.find((c: { commissionId: string }) => c.commissionId === 'county-a');
    expect(countyA.contact).toBe(settings.contact);
    const trail = (await api.allItems()).filter(
      (item) => item.PK === 'COMMISSION#county-a' && item.SK !== 'HEAD',
    );
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      actor: 'admin-a',
      role: 'administrator',
      action: 'update-commission-settings',
    });
  });
});
