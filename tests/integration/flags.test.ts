import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../infra/local/keys.ts';
import { createServices } from '../../shared/services.ts';
import { caseSteps, type Finding, inPerson } from '../support/cases.ts';
import { anonymousReport, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime({ REVEALS_PER_DAY: '2' });

const { as } = api;
const steps = caseSteps(api);
const { intake, investigator, approver, flagsOn } = steps;

const person = (serial: string, name: string) => ({
  name,
  idNumber: validResidentId(serial),
  phone: '13912340000',
});

/** A report taken through to an approved conclusion with `finding` for every allegation. */
const concludeReport = async (report: object, finding: Finding) => {
  // Only a verified reporter's report counts (identity.test.ts covers the unverified ones).
  const c = await steps.concludedCase(report, finding, { reporterVerified: inPerson });
  return { reportId: c.reportId, receiptCode: c.receiptCode, clueId: c.clue.clueId };
};

const flagsFor = async (status: string) =>
  (await approver.get(`/accuser-flags?status=${status}&limit=100`)).body.items as any[];
describe('flag proposals from concluded clues', () => {
  it('proposes FABRICATION for a fabricated real-name report, with an alert, and nothing for an anonymous one', async () => {
    const liar = person('701', '谎报者');
    const fabricated = await concludeReport(realNameReport(liar), 'FABRICATED');
    const [flag] = await flagsOn(fabricated.reportId);
    expect(flag).toMatchObject({
      level: 'FABRICATION',
      status: 'PROPOSED',
      reporterRef: expect.stringMatching(/^R-[0-9A-Z]{5}-[0-9A-Z]{5}$/),
    });
    expect(flag.evidence).toEqual([
      {
        reportId: fabricated.reportId,
        clueId: fabricated.clueId,
        finding: 'FABRICATED',
        concludedAt: expect.any(String),
        identityStatus: 'STAFF_VERIFIED',
      },
    ]);
    expect(JSON.stringify(flag)).not.toMatch(new RegExp(`${liar.name}|${liar.idNumber}|fingerprint`));
    const alerts = (await api.call('GET', '/local/inbox?limit=500')).body.items.filter(
      (m: { subject: string }) => m.subject === 'FabricationFlagProposed',
    );
    expect(alerts.some((m: { message: string }) => m.message.includes(flag.flagId))).toBe(true);

    const anonymous = await concludeReport(anonymousReport(), 'FABRICATED');
    expect(await flagsOn(anonymous.reportId)).toEqual([]);
  });

  it('proposes nothing for one or two untrue reports, and REPEATED_UNTRUE at the third', async () => {
    const mistaken = person('702', '误信者');
    const about = (summary: string, cadre: string) => ({
      ...realNameReport(mistaken),
      accused: { name: cadre, position: '科长', organization: '某局' },
      allegations: [{ summary }],
    });
    const first = await concludeReport(about('收受购物卡', '甲'), 'UNTRUE');
    const second = await concludeReport(about('违规用车', '乙'), 'UNTRUE');
    expect([...(await flagsOn(first.reportId)), ...(await flagsOn(second.reportId))]).toEqual([]);
    const third = await concludeReport(about('公款吃喝', '丙'), 'UNTRUE');
    const [flag] = await flagsOn(third.reportId);
    expect(flag.level).toBe('REPEATED_UNTRUE');
    expect(flag.evidence.map((e: { reportId: string }) => e.reportId).sort()).toEqual(
      [first.reportId, second.reportId, third.reportId].sort(),
    );
  });

  it('is idempotent when the stream redelivers or replays a batch', async () => {
    const liar = person('703', '再犯者');
    const fabricated = await concludeReport(realNameReport(liar), 'FABRICATED');
    const outbox = (await api.itemsOf('OutboxEvent')).filter(
      (o) => o.type === 'ClueConcluded' && String(o.payload).includes(fabricated.reportId),
    );
    expect(outbox).toHaveLength(1);
    const record = {
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: '1', NewImage: marshall(outbox[0]) },
    } as unknown as DynamoDBRecord;
    const { recordAccusers } = await import('../../functions/workers/accuser-records.ts');
    const consume = recordAccusers(createServices());
    const before = JSON.stringify(await flagsFor('PROPOSED'));
    expect(await consume({ Records: [record, record] })).toEqual({ batchItemFailures: [] });
    expect(JSON.stringify(await flagsFor('PROPOSED'))).toBe(before);
    const records = (await api.itemsOf('AccuserRecord')).filter((r) =>
      JSON.stringify(r).includes(fabricated.reportId),
    );
    expect(records).toHaveLength(1);
    expect(records[0]?.reports).toHaveLength(1);
  });
});

describe('review of a flag', () => {
  it('confirms with one winner under a race, shows on the next report, exports and reveals with care', async () => {
    const liar = person('704', '诬告者');
    const fabricated = await concludeReport(realNameReport(liar), 'FABRICATED');
    const [flag] = await flagsOn(fabricated.reportId);

    expect(
      (await approver.post(`/accuser-flags/${flag.flagId}/decision`, { decision: 'CONFIRM' })).status,
    ).toBe(400);
    expect(
      (
        await approver.post('/accuser-flags/flg_unknown/decision', {
          decision: 'CONFIRM',
          reason: '证据确凿，予以确认。',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await investigator.post(`/accuser-flags/${flag.flagId}/decision`, {
          decision: 'CONFIRM',
          reason: '证据确凿',
        })
      ).status,
    ).toBe(403);

    const [a, b] = await Promise.all([
      approver.post(`/accuser-flags/${flag.flagId}/decision`, {
        decision: 'CONFIRM',
        reason: '伪造收据，证据确凿，予以确认。',
      }),
      as('approver', 'appr-2').post(`/accuser-flags/${flag.flagId}/decision`, {
        decision: 'CONFIRM',
        reason: '经复核，证据确凿，予以确认。',
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const decided = a.status === 200 ? a.body : b.body;
    expect(decided.steps.filter((s: { step: string }) => s.step === 'CONFIRMED')).toHaveLength(1);
    {
      // The next report from the same person is received, registered and triaged with the flag.
      const next = await api.post('/reports', realNameReport(liar));
      expect(next.status).toBe(201);
      const queued = (await intake.get('/reports?status=UNREGISTERED&limit=100')).body.items.find(
        (r: { reportId: string }) => r.reportId === next.body.reportId,
      );
      expect(queued.reporterFlag).toEqual({ level: 'FABRICATION', status: 'CONFIRMED', flagId: flag.flagId });
      const clue = (await intake.post('/clues', { reportIds: [next.body.reportId] })).body;
      expect(clue.status).toBe('REGISTERED');
      expect(clue.reporterFlag).toMatchObject({ flagId: flag.flagId });
      const lookup = await api.post('/receipts/lookup', { receiptCode: next.body.receiptCode });
      expect(JSON.stringify(lookup.body)).not.toMatch(/flag|FABRICATION/i);

      const json = await approver.get('/accuser-flags/export?format=json');
      expect(json.body.items.some((i: { reporterRef: string }) => i.reporterRef === flag.reporterRef)).toBe(
        true,
      );
      const csv = await api.call('GET', '/accuser-flags/export?format=csv', {
        role: 'approver',
        user: 'appr-1',
      });
      expect(csv.headers.get('content-type')).toContain('text/csv');
      expect(csv.body).toContain(flag.reporterRef);
      for (const exported of [JSON.stringify(json.body), String(csv.body)]) {
        expect(exported).not.toMatch(new RegExp(`${liar.name}|${liar.idNumber}|${liar.phone}`));
      }

      expect(
        (await investigator.post(`/accuser-flags/${flag.flagId}/identity`, { reason: '移送公安机关' }))
          .status,
      ).toBe(403);
      const revealed = await approver.post(`/accuser-flags/${flag.flagId}/identity`, {
        reason: '依法移送公安机关处理',
      });
      expect(revealed.body).toMatchObject({
        name: liar.name,
        idNumber: liar.idNumber,
        reporterRef: flag.reporterRef,
      });
      await approver.post(`/accuser-flags/${flag.flagId}/identity`, { reason: '再次核对身份信息' });
      const third = await approver.post(`/accuser-flags/${flag.flagId}/identity`, { reason: '第三次查看' });
      expect(third.status).toBe(429);
    }
  });

  it('reopens review when the person contests, and records the outcome', async () => {
    const liar = person('705', '申诉人');
    const fabricated = await concludeReport(realNameReport(liar), 'FABRICATED');
    const [flag] = await flagsOn(fabricated.reportId);
    const confirmed = (
      await approver.post(`/accuser-flags/${flag.flagId}/decision`, {
        decision: 'CONFIRM',
        reason: '伪造证据，予以确认。',
      })
    ).body;
    expect(confirmed.expiresAt).toBeDefined();
    const contested = await intake.post(`/accuser-flags/${flag.flagId}/contest`, {
      statement: '本人提交的材料系他人提供，本人并不知情。',
    });
    // Intake records the contest and learns the flag's status, never its evidence.
    expect(contested.body).toEqual({ flagId: flag.flagId, status: 'PROPOSED' });
    expect((await intake.get(`/accuser-flags/${flag.flagId}`)).status).toBe(403);
    expect((await approver.get(`/accuser-flags/${flag.flagId}`)).body.steps.at(-1)).toMatchObject({
      step: 'CONTESTED',
      by: 'intake-1',
    });
    expect((await approver.post(`/accuser-flags/${flag.flagId}/identity`, { reason: '移送' })).status).toBe(
      409,
    );
    const dismissed = await approver.post(`/accuser-flags/${flag.flagId}/decision`, {
      decision: 'DISMISS',
      reason: '申诉成立，撤销标记。',
    });
    expect(dismissed.body.status).toBe('DISMISSED');
    expect(dismissed.body.steps.map((s: { step: string }) => s.step)).toEqual([
      'PROPOSED',
      'CONFIRMED',
      'CONTESTED',
      'DISMISSED',
    ]);
    await api.runtime.settled();
    const stats = (await api.call('GET', '/stats', { role: 'auditor' })).body;
    expect(stats.flags.FABRICATION.DISMISSED).toBeGreaterThanOrEqual(1);
    const again = await intake.post(`/accuser-flags/${flag.flagId}/contest`, { statement: '再次申诉。' });
    expect(again.status).toBe(409);
  });

  it('takes a contested flag out of the credit export until an approver decides again', async () => {
    const fabricated = await concludeReport(realNameReport(person('706', '被申诉者')), 'FABRICATED');
    const [flag] = await flagsOn(fabricated.reportId);
    const confirm = () =>
      approver.post(`/accuser-flags/${flag.flagId}/decision`, {
        decision: 'CONFIRM',
        reason: '伪造证据，予以确认。',
      });
    const exported = async () =>
      (
        (await approver.get('/accuser-flags/export?format=json')).body.items as { reporterRef: string }[]
      ).some((i) => i.reporterRef === flag.reporterRef);
    await confirm();
    expect(await exported()).toBe(true);
    await intake.post(`/accuser-flags/${flag.flagId}/contest`, { statement: '本人对认定有异议。' });
    expect(await exported()).toBe(false);
    expect((await confirm()).body.status).toBe('CONFIRMED');
    expect(await exported()).toBe(true);
  });
});

describe('identity openings', () => {
  const openReporter = (who: typeof approver, report: { clueId: string; reportId: string }) =>
    who.post(`/clues/${report.clueId}/reports/${report.reportId}/identity`, { reason: '核实举报人身份' });
  const openFlag = (who: typeof approver, flagId: string) =>
    who.post(`/accuser-flags/${flagId}/identity`, { reason: '依法移送公安机关处理' });
  const budgetOf = async (userId: string) =>
    (await api.itemsOf('IdentityBudget')).find((b) => String(b.PK).startsWith(`IDENTITY_BUDGET#${userId}#`))
      ?.used;
  const openings = async (subjectPK: string, userId: string, action: string) =>
    (await api.itemsOf('HistoryEntry')).filter(
      (h) => h.PK === subjectPK && h.actor === userId && h.action === action,
    ).length;
  /** Seconds from now to the next midnight in China (UTC+8). */
  const secondsToChinaMidnight = () => {
    const day = 24 * 3600 * 1000;
    const china = Date.now() + 8 * 3600 * 1000;
    return ((Math.floor(china / day) + 1) * day - china) / 1000;
  };

  it('share one daily budget per member across the clue and the flag routes (here 2)', async () => {
    const liar = person('707', '双路查看');
    const fabricated = await concludeReport(realNameReport(liar), 'FABRICATED');
    const [flag] = await flagsOn(fabricated.reportId);
    await approver.post(`/accuser-flags/${flag.flagId}/decision`, {
      decision: 'CONFIRM',
      reason: '伪造收据，证据确凿，予以确认。',
    });
    const member = as('approver', 'appr-budget');
    expect((await openReporter(member, fabricated)).body).toMatchObject({ name: liar.name });
    expect((await openFlag(member, flag.flagId)).body).toMatchObject({ name: liar.name });

    for (const refused of [await openReporter(member, fabricated), await openFlag(member, flag.flagId)]) {
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('RATE_LIMITED');
      expect(JSON.stringify(refused.body)).not.toContain(liar.name);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(secondsToChinaMidnight() - 120);
      expect(retryAfter).toBeLessThanOrEqual(Math.ceil(secondsToChinaMidnight()) + 1);
    }
    // Refusals are neither counted nor recorded; each opening is on its subject's audit trail.
    expect(await budgetOf('appr-budget')).toBe(2);
    expect(await openings(`CLUE#${fabricated.clueId}`, 'appr-budget', 'reveal-reporter-identity')).toBe(1);
    expect(await openings(`FLAG#${flag.flagId}`, 'appr-budget', 'reveal-accuser-identity')).toBe(1);
    // The budget is the member's own.
    expect((await openReporter(as('approver', 'appr-other'), fabricated)).status).toBe(200);
  });

  it('lets exactly the budget through when one member opens several at once', async () => {
    const reports = [];
    for (const serial of ['711', '712', '713', '714']) {
      const { reportId } = (await api.post('/reports', realNameReport(person(serial, `并发${serial}`)))).body;
      const clue = (await intake.post('/clues', { reportIds: [reportId] })).body;
      reports.push({ reportId, clueId: clue.clueId });
    }
    const member = as('approver', 'appr-race');
    const answers = await Promise.all(reports.map((report) => openReporter(member, report)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429, 429]);
    expect(await budgetOf('appr-race')).toBe(2);
    let recorded = 0;
    for (const report of reports)
      recorded += await openings(`CLUE#${report.clueId}`, 'appr-race', 'reveal-reporter-identity');
    expect(recorded).toBe(2);
  });
});

describe('roles from the token', () => {
  const listAs = async (groups: string[]) =>
    api.call('GET', '/accuser-flags?status=PROPOSED', {
      headers: { authorization: `Bearer ${await issueLocalToken('someone', groups)}` },
    });

  it('are granted by whole group names only', async () => {
    expect((await listAs(['intake', 'approver'])).status).toBe(200);
    expect((await listAs(['intake,approver'])).status).toBe(403);
    expect((await listAs(['approver,intake', 'intake'])).status).toBe(403);
    // No user pool signs a group name with a space; API Gateway would make it "[intake approver]".
    expect((await listAs(['intake approver'])).status).toBe(401);
  });
});
