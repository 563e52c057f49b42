/**
 * Accuser flags and cadres across commissions (issue 16): a person's record counts their findings
 * in every county, but a flag belongs to the commission whose finding raised it; only that
 * commission lists, reads and decides it, and sees the other county's findings by reference. A
 * cadre belongs to the commission that registered it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { caseSteps, inPerson, staffOf } from '../support/cases.ts';
import { seedCommissions } from '../support/commissions.ts';
import { realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

const countyA = caseSteps(api, staffOf('county-a', 'a'));
const countyB = caseSteps(api, staffOf('county-b', 'b'));

const mistaken = { name: '误信者', idNumber: validResidentId('761'), phone: '13912340761' };

/** A real-name report of `mistaken` to a county, verified in person, concluded UNTRUE there. */
const concludeUntrueIn = async (county: typeof countyA, about: string) => {
  const report = {
    ...realNameReport(mistaken),
    accused: { name: about, position: '科长', organization: `${about}所在局` },
    allegations: [{ summary: `${about}收受购物卡`, details: '2023年春节前后收受购物卡。' }],
  };
  const c = await county.concludedCase(report, 'UNTRUE', {
    reporterVerified: inPerson,
    summary: '反映问题不实',
  });
  return { reportId: c.reportId, clueId: c.clue.clueId };
};

const found = {} as {
  inA: { reportId: string; clueId: string }[];
  inB: { reportId: string; clueId: string };
};
type Evidence = {
  reportId?: string;
  byReference?: true;
  commission?: { commissionId: string; name: string };
};
type Flag = { flagId: string; level: string; commissionId: string; evidence: Evidence[] };

const proposedIn = async (staff: typeof countyA) => {
  const listed = await staff.approver.get('/accuser-flags?status=PROPOSED&limit=100');
  expect(listed.status).toBe(200);
  return listed.body.items as Flag[];
};

beforeAll(async () => {
  await seedCommissions(api.db, api.runtime.tableName);
  // Two untrue findings in county A, then the third, which tips the record, in county B.
  found.inA = [await concludeUntrueIn(countyA, '甲科长'), await concludeUntrueIn(countyA, '乙科长')];
  found.inB = await concludeUntrueIn(countyB, '丙科长');
}, 240_000);

describe('a flag raised by findings in two counties', () => {
  it('belongs to the county whose finding tipped the record, and only it lists the flag', async () => {
    // Act
    const inB = await proposedIn(countyB);
    const inA = await proposedIn(countyA);

    // Assess
    const flag = inB.find((f) => f.evidence.some((e) => e.reportId === found.inB.reportId));
    expect(flag).toMatchObject({ level: 'REPEATED_UNTRUE', commissionId: 'county-b' });
    expect(inA.some((f) => f.flagId === flag?.flagId)).toBe(false);
    const stored = (await api.itemsOf('AccuserFlag')).find((f) => f.flagId === flag?.flagId);
    expect(stored?.GSI1PK).toBe('C#county-b#FLAGS#STATUS#PROPOSED');
    // The person's record counts all three findings, from both counties.
    const [record] = (await api.itemsOf('AccuserRecord')).filter((r) =>
      JSON.stringify(r).includes(found.inB.reportId),
    );
    expect(((record?.reports ?? []) as { commissionId: string }[]).map((r) => r.commissionId)).toEqual([
      'county-a',
      'county-a',
      'county-b',
    ]);
  });

  it("shows the other county's findings by reference only: its name and finding, no ids", async () => {
    // Prepare
    const [flag] = (await proposedIn(countyB)).filter((f) =>
      f.evidence.some((e) => e.reportId === found.inB.reportId),
    );

    // Act
    const view = await countyB.approver.get(`/accuser-flags/${flag?.flagId}`);

    // Assess
    expect(view.status).toBe(200);
    const evidence = view.body.evidence as Evidence[];
    expect(evidence.filter((e) => e.reportId).map((e) => e.reportId)).toEqual([found.inB.reportId]);
    const references = evidence.filter((e) => e.byReference);
    expect(references).toHaveLength(2);
    for (const reference of references) {
      expect(reference).toMatchObject({
        commission: { commissionId: 'county-a', name: '甲市A县纪委监委' },
        finding: 'UNTRUE',
        concludedAt: expect.any(String),
        identityStatus: 'STAFF_VERIFIED',
      });
    }
    const text = JSON.stringify(view.body);
    for (const { reportId, clueId } of found.inA) {
      expect(text).not.toContain(reportId);
      expect(text).not.toContain(clueId);
    }
    expect(text).not.toContain(mistaken.name);
  });

  it('answers the other county as if the flag did not exist, and lets its own county decide it', async () => {
    // Prepare
    const [flag] = (await proposedIn(countyB)).filter((f) =>
      f.evidence.some((e) => e.reportId === found.inB.reportId),
    );
    const path = `/accuser-flags/${flag?.flagId}`;
    const missing = `/accuser-flags/flg_${'A'.repeat(22)}`;
    const decision = { decision: 'DISMISS', reason: '三次举报均系误听误信，不属故意，不予标记。' };

    // Act
    const read = await countyA.approver.get(path);
    const nowhere = await countyA.approver.get(missing);
    const decidedByA = await countyA.approver.post(`${path}/decision`, decision);
    const contestedByA = await countyA.intake.post(`${path}/contest`, {
      statement: '本人系如实反映，请求复核。',
    });
    const decidedByB = await countyB.approver.post(`${path}/decision`, decision);

    // Assess
    expect(read.status).toBe(404);
    expect(read.body).toEqual(nowhere.body);
    expect(decidedByA.status).toBe(404);
    expect(contestedByA.status).toBe(404);
    expect(decidedByB.status, JSON.stringify(decidedByB.body)).toBe(200);
    expect(decidedByB.body.status).toBe('DISMISSED');
  });

  it("counts the flag in its county's statistics, not the deployment's own", async () => {
    // Prepare: the proposal and the dismissal above, counted by the relay.
    await api.runtime.settled();

    // Act
    const inB = await countyB.approver.get('/stats');
    const inA = await countyA.approver.get('/stats');
    const own = await api.as('approver', 'appr-own').get('/stats');

    // Assess
    expect(inB.status).toBe(200);
    expect(inB.body.flags.REPEATED_UNTRUE).toMatchObject({ PROPOSED: 0, DISMISSED: 1 });
    expect(inA.body.flags.REPEATED_UNTRUE).toMatchObject({ PROPOSED: 0, DISMISSED: 0 });
    expect(own.body.flags.REPEATED_UNTRUE).toMatchObject({ PROPOSED: 0, DISMISSED: 0 });
  });
});

describe('the cadre registry per commission', () => {
  it("answers another commission's cadre as missing, for reading and for declaring relationships", async () => {
    // Prepare
    const created = await countyA.intake.post('/cadres', {
      name: '钱七',
      posts: [{ position: '局长', organization: '某县水利局', from: '2021-03-01' }],
    });
    expect(created.status).toBe(201);
    const { cadreId } = created.body;

    // Act
    const ownRead = await countyA.intake.get(`/cadres/${cadreId}`);
    const theirRead = await countyB.intake.get(`/cadres/${cadreId}`);
    const nowhere = await countyB.intake.get(`/cadres/cad_${'A'.repeat(22)}`);
    const declared = await countyB.approver.post(`/cadres/${cadreId}/relationships`, {
      userId: 'inv-b',
      relation: 'CLOSE_RELATIVE',
    });
    const linked = await countyB.intake.post(`/clues/${found.inB.clueId}/cadre`, {
      cadreId,
      expectedVersion: 1,
    });

    // Assess
    expect(ownRead.status).toBe(200);
    expect(ownRead.body.commissionId).toBe('county-a');
    expect(theirRead.status).toBe(404);
    expect(theirRead.body).toEqual(nowhere.body);
    expect(declared.status).toBe(404);
    expect(linked.status).toBe(404);
  });
});
