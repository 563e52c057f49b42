import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../shared/services.ts';
import { anonymousReport, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime({ REVEALS_PER_DAY: '2' });

const { as } = api;
const intake = as('intake', 'intake-1');
const investigator = as('investigator', 'inv-1');
const approver = as('approver', 'appr-1');

const reason = {
  UNTRUE: '经调阅会议记录和财务凭证，所反映事项与事实不符，属误听误信。',
  FABRICATED: '举报人提供的收据系伪造，经笔迹鉴定与银行流水比对，举报内容为凭空捏造，意图影响干部提拔。',
};

const person = (serial: string, name: string) => ({
  name,
  idNumber: validResidentId(serial),
  phone: '13912340000',
});

/** Submits a report and takes it through to an approved conclusion with `finding` for every allegation. */
const concludeReport = async (report: unknown, finding: 'UNTRUE' | 'FABRICATED' | 'SUBSTANTIATED') => {
  const submitted = (await api.post('/reports', report)).body;
  let clue = (await intake.post('/clues', { reportIds: [submitted.reportId] })).body;
  const act = async (who: typeof intake, body: Record<string, unknown>) => {
    const response = await who.post(`/clues/${clue.clueId}/actions`, {
      expectedVersion: clue.version,
      ...body,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    clue = response.body;
  };
  await act(intake, { action: 'assign', assignee: 'inv-1' });
  await act(investigator, { action: 'start-verification' });
  await act(investigator, {
    action: 'propose-conclusion',
    summary: '结论',
    findings: clue.allegations.map((a: { allegationId: string }) => ({
      allegationId: a.allegationId,
      finding,
      reason: finding === 'FABRICATED' ? reason.FABRICATED : reason.UNTRUE,
    })),
  });
  await act(approver, { action: 'approve-conclusion' });
  await api.runtime.settled();
  return { ...submitted, clueId: clue.clueId };
};

const flagsFor = async (status: string) =>
  (await approver.get(`/accuser-flags?status=${status}&limit=100`)).body.items as any[];
const flagOf = async (reportId: string, status = 'PROPOSED') =>
  (await flagsFor(status)).filter((f) =>
    f.evidence.some((e: { reportId: string }) => e.reportId === reportId),
  );

describe('flag proposals from concluded clues', () => {
  it('proposes FABRICATION for a fabricated real-name report, with an alert, and nothing for an anonymous one', async () => {
    const liar = person('701', '谎报者');
    const fabricated = await concludeReport(realNameReport(liar), 'FABRICATED');
    const [flag] = await flagOf(fabricated.reportId);
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
      },
    ]);
    expect(JSON.stringify(flag)).not.toMatch(new RegExp(`${liar.name}|${liar.idNumber}|fingerprint`));
    const alerts = (await api.call('GET', '/local/inbox?limit=500')).body.items.filter(
      (m: { subject: string }) => m.subject === 'FabricationFlagProposed',
    );
    expect(alerts.some((m: { message: string }) => m.message.includes(flag.flagId))).toBe(true);

    const anonymous = await concludeReport(anonymousReport(), 'FABRICATED');
    expect(await flagOf(anonymous.reportId)).toEqual([]);
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
    expect([...(await flagOf(first.reportId)), ...(await flagOf(second.reportId))]).toEqual([]);
    const third = await concludeReport(about('公款吃喝', '丙'), 'UNTRUE');
    const [flag] = await flagOf(third.reportId);
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
    const [flag] = await flagOf(fabricated.reportId);

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
    const [flag] = await flagOf(fabricated.reportId);
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
    expect(contested.body).toMatchObject({ status: 'PROPOSED' });
    expect(contested.body.steps.at(-1)).toMatchObject({ step: 'CONTESTED', by: 'intake-1' });
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
  });
});
