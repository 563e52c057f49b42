/**
 * Real-name identity (issue 15, part 1): a real-name report starts UNVERIFIED, the reporter confirms
 * the phone with a one-time code texted to it (locally: the inbox), staff record an in-person or
 * phone verification, and only verified reports count toward an accuser's record.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../shared/services.ts';
import { caseSteps, type Finding, staffOf } from '../support/cases.ts';
import { ownCounty, seedCommissions, testHierarchy } from '../support/commissions.ts';
import { httpEvent, invoke } from '../support/events.ts';
import { anonymousReport, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();
const steps = caseSteps(api);
const { intake, investigator, approver, flagsOn } = steps;

// The deployment's own county as `npm start` seeds it, and a county of the hierarchy besides.
beforeAll(async () => {
  await seedCommissions(api.db, api.runtime.tableName, [...testHierarchy, ownCounty]);
});
const countyA = testHierarchy.find((c) => c.commissionId === 'county-a') as (typeof testHierarchy)[number];

let serial = 800;
/** A reporter of their own: a phone no other test texts, so the inbox tells their codes apart. */
const reporter = (name = '王五') => {
  serial += 1;
  return {
    name,
    idNumber: validResidentId(String(serial)),
    phone: `1370000${String(serial).padStart(4, '0')}`,
  };
};

/** The texts the local runtime "sent" to this phone, newest first. */
const textsTo = async (phone: string) => {
  await api.runtime.settled();
  const items = (await api.call('GET', '/local/inbox?limit=500')).body.items as {
    message: string;
    subject?: string;
    attributes: Record<string, string>;
  }[];
  return items.filter((m) => m.attributes.to === phone);
};
const latestCode = async (phone: string) => {
  const [text] = await textsTo(phone);
  return /(\d{6})/.exec(text?.message ?? '')?.[1] as string;
};

const submit = async (person = reporter()) => {
  const response = await api.post('/reports', realNameReport(person));
  expect(response.status).toBe(201);
  return { ...(response.body as { reportId: string; receiptCode: string }), person };
};

const queueEntry = async (reportId: string) =>
  ((await intake.get('/reports?status=UNREGISTERED&limit=100')).body.items as { reportId: string }[]).find(
    (r) => r.reportId === reportId,
  ) as { identityStatus?: string } | undefined;

const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('verifying a real-name reporter by phone', () => {
  it('texts a code with no name and no receipt code, and the right code verifies the phone', async () => {
    const { reportId, receiptCode, person } = await submit();
    expect((await queueEntry(reportId))?.identityStatus).toBe('UNVERIFIED');
    const [text] = await textsTo(person.phone);
    expect(text?.message).toMatch(/验证码为 \d{6}/);
    expect(text?.message).not.toContain(person.name);
    expect(text?.message).not.toContain(receiptCode);
    expect(text?.message).not.toContain(receiptCode.replaceAll('-', ''));
    // The phone is stored sealed and the code hashed: neither is in the table in the clear.
    const code = await latestCode(person.phone);
    const stored = JSON.stringify(await api.itemsOf('Report'));
    expect(stored).not.toContain(person.phone);
    expect(stored).not.toContain(`"${code}"`);

    const verified = await api.post('/receipts/verify-phone', { receiptCode, code });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body).toEqual({ reportId, identityStatus: 'PHONE_VERIFIED' });
    expect(JSON.stringify(verified.body)).not.toContain(person.phone);
    expect((await queueEntry(reportId))?.identityStatus).toBe('PHONE_VERIFIED');
    const lookup = await api.post('/receipts/lookup', { receiptCode });
    expect(lookup.body.identityStatus).toBe('PHONE_VERIFIED');
    expect(JSON.stringify(lookup.body)).not.toContain(person.phone);
    // A used code is gone; the report is verified already.
    const again = await api.post('/receipts/verify-phone', { receiptCode, code });
    expect(again.status).toBe(409);
  });

  it('kills the code after five wrong tries: the right code then fails too', async () => {
    const { receiptCode, person } = await submit();
    const code = await latestCode(person.phone);
    for (let i = 1; i <= 5; i++) {
      const wrong = await api.post('/receipts/verify-phone', { receiptCode, code: wrongOf(code) });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.details[0].code).toBe(i < 5 ? 'wrong' : 'expired');
    }
    const right = await api.post('/receipts/verify-phone', { receiptCode, code });
    expect(right.status).toBe(400);
    expect(right.body.error.details[0].code).toBe('expired');
    // A new code works again.
    expect((await api.post('/receipts/verify-phone/resend', { receiptCode })).status).toBe(202);
    const fresh = await latestCode(person.phone);
    expect((await api.post('/receipts/verify-phone', { receiptCode, code: fresh })).status).toBe(200);
  });

  it('lets a code expire after ten minutes by the services clock', async () => {
    const { receiptCode, person } = await submit();
    const code = await latestCode(person.phone);
    const { verifyPhone } = await import('../../functions/receipts/verify-phone.ts');
    const later = verifyPhone(createServices({ now: () => new Date(Date.now() + 10 * 60_000 + 1_000) }));
    const event = httpEvent({ method: 'POST', path: '/receipts/verify-phone', body: { receiptCode, code } });
    const expired = await invoke(later as never, event);
    expect(expired.status).toBe(400);
    expect(expired.body.error.details[0].code).toBe('expired');
    const sooner = verifyPhone(createServices({ now: () => new Date(Date.now() + 9 * 60_000) }));
    const early = await invoke(sooner as never, event);
    // The expired try dropped the code: it cannot come back.
    expect(early.status).toBe(400);
  });

  it('limits resending to three codes an hour, the first included', async () => {
    const { receiptCode, person } = await submit();
    expect((await api.post('/receipts/verify-phone/resend', { receiptCode })).status).toBe(202);
    expect((await api.post('/receipts/verify-phone/resend', { receiptCode })).status).toBe(202);
    const refused = await api.post('/receipts/verify-phone/resend', { receiptCode });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await textsTo(person.phone)).toHaveLength(3);
    // Only the newest code works.
    const newest = await latestCode(person.phone);
    expect((await api.post('/receipts/verify-phone', { receiptCode, code: newest })).status).toBe(200);
  });

  it("names the report's commission in a resent code, not the deployment's", async () => {
    // Prepare: a report to a county of the registry, not the deployment's own commission
    const person = reporter();
    const { receiptCode } = await caseSteps(api, staffOf('county-a', 'a')).submitReport(
      realNameReport(person),
    );

    // Act
    const resent = await api.post('/receipts/verify-phone/resend', { receiptCode });

    // Assess: the newest text is the resent code, under the county's name from the registry
    expect(resent.status, JSON.stringify(resent.body)).toBe(202);
    const texts = await textsTo(person.phone);
    expect(texts).toHaveLength(2);
    const [again, first] = texts;
    expect(again?.message).toMatch(/验证码为 \d{6}/);
    expect(again?.message).toContain(`【${countyA.name}】`);
    expect(again?.message).not.toContain(ownCounty.name);
    expect(first?.message).toContain(`【${countyA.name}】`);
  });

  it('answers an unknown receipt code with the same 404 as the lookup, and refuses an anonymous report', async () => {
    const unknown = await api.post('/receipts/verify-phone', {
      receiptCode: 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789',
      code: '123456',
    });
    const lookup = await api.post('/receipts/lookup', {
      receiptCode: 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual(lookup.body.error);
    expect((await api.post('/receipts/verify-phone/resend', { receiptCode: 'nope' })).status).toBe(404);
    const malformed = await api.post('/receipts/verify-phone', { receiptCode: 'x', code: '12ab' });
    expect(malformed.status).toBe(400);

    const anonymous = (await api.post('/reports', anonymousReport())).body;
    expect((await queueEntry(anonymous.reportId))?.identityStatus).toBeUndefined();
    const refused = await api.post('/receipts/verify-phone', {
      receiptCode: anonymous.receiptCode,
      code: '123456',
    });
    expect(refused.status).toBe(409);
  });
});

describe('staff verification', () => {
  it('records the method and note on the report trail before registration, then on the clue', async () => {
    const { reportId } = await submit();
    const verify = (who: typeof intake) =>
      who.post(`/reports/${reportId}/identity-verification`, {
        method: 'PHONE_CALL',
        note: '按举报人留存电话回拨，核对姓名及身份证号后六位一致。',
      });
    expect((await verify(investigator)).status).toBe(403);
    const verified = await verify(intake);
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.identityStatus).toBe('STAFF_VERIFIED');
    expect((await verify(approver)).status).toBe(409);
    const trail = (await api.itemsOf('HistoryEntry')).filter((e) => e.PK === `REPORT#${reportId}`);
    expect(trail).toEqual([
      expect.objectContaining({
        action: 'verify-reporter-identity',
        actor: 'intake-1',
        toStatus: 'STAFF_VERIFIED',
        details: { reportId, method: 'PHONE_CALL' },
      }),
    ]);

    const registered = await submit();
    const clue = (await intake.post('/clues', { reportIds: [registered.reportId] })).body;
    const onClue = await approver.post(`/reports/${registered.reportId}/identity-verification`, {
      method: 'IN_PERSON',
      note: '举报人到信访接待室当面核对身份证件。',
    });
    expect(onClue.status).toBe(200);
    const detail = (await intake.get(`/clues/${clue.clueId}`)).body;
    expect(detail.reports[0].identityStatus).toBe('STAFF_VERIFIED');
    expect(detail.history.at(-1)).toMatchObject({ action: 'verify-reporter-identity', actor: 'appr-1' });
    expect((await approver.get(`/clues/${clue.clueId}/history/verify`)).body).toMatchObject({ valid: true });
    expect(
      (
        await intake.post('/reports/rpt_doesnotexist0000000000/identity-verification', {
          method: 'IN_PERSON',
          note: '无',
        })
      ).status,
    ).toBe(404);
  });
});

/** Takes a report through to an approved conclusion with one finding for every allegation. */
const conclude = async (reportId: string, finding: Finding) => {
  const c = await steps.registerClue(reportId);
  await c.startVerification();
  await c.conclude(finding);
  return c.clue.clueId;
};

describe('the accuser record counts verified reports only', () => {
  it('proposes nothing on an unverified report, and the flag once it is verified after the conclusion', async () => {
    const { reportId, receiptCode, person } = await submit(reporter('冒名者'));
    await conclude(reportId, 'FABRICATED');
    expect(await flagsOn(reportId)).toEqual([]);
    expect(await api.itemsOf('AccuserRecord')).not.toContainEqual(
      expect.objectContaining({ reports: expect.arrayContaining([expect.objectContaining({ reportId })]) }),
    );

    // Verified by phone after the conclusion: it counts from then on.
    const code = await latestCode(person.phone);
    expect((await api.post('/receipts/verify-phone', { receiptCode, code })).status).toBe(200);
    await api.runtime.settled();
    const [flag] = await flagsOn(reportId);
    expect(flag).toMatchObject({ level: 'FABRICATION', status: 'PROPOSED' });
    expect(flag.evidence).toEqual([expect.objectContaining({ reportId, identityStatus: 'PHONE_VERIFIED' })]);

    // A phone code is not enough to name someone a fabricator: staff must verify first.
    const decide = () =>
      approver.post(`/accuser-flags/${flag.flagId}/decision`, { decision: 'CONFIRM', reason: '证据确凿' });
    const refused = await decide();
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('IDENTITY_UNVERIFIED');
    expect(refused.body.error.details).toEqual([expect.objectContaining({ message: reportId })]);
    const verified = await intake.post(`/reports/${reportId}/identity-verification`, {
      method: 'IN_PERSON',
      note: '举报人到信访接待室当面核对身份证件。',
    });
    expect(verified.status).toBe(200);
    await api.runtime.settled();
    // The later staff verification does not record the report twice.
    expect(await flagsOn(reportId)).toHaveLength(1);
    const confirmed = await decide();
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.evidence[0].identityStatus).toBe('STAFF_VERIFIED');
  });
});
