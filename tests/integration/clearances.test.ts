import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import { createServices } from '../../shared/services.ts';
import { type Clue, caseSteps, consentToken } from '../support/cases.ts';
import { anonymousReport, cadreEmail, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();
const run = promisify(execFile);

const { as } = api;
const steps = caseSteps(api);
const { intake, investigator, approver, sentAbout } = steps;

/** A concluded clue with three allegations: UNTRUE, SUBSTANTIATED, INCONCLUSIVE. */
const concludedClue = async (name = '郑一') => {
  const report = {
    ...realNameReport({ name: '举报人甲', idNumber: validResidentId('333'), phone: '13900000000' }),
    accused: { name, position: '某镇镇长', organization: '某镇人民政府' },
    allegations: [{ summary: '违规收受土特产' }, { summary: '公车私用' }, { summary: '打击报复群众' }],
  };
  const { clue } = await steps.concludedCase(report, ['UNTRUE', 'SUBSTANTIATED', 'INCONCLUSIVE'], {
    summary: '部分属实',
  });
  const [untrue, substantiated, inconclusive] = clue.allegations.map((a) => a.allegationId) as [
    string,
    string,
    string,
  ];
  return { clue, untrue, substantiated, inconclusive };
};

/** The cadre is asked by email and by text message. */
const cadreContact = { email: cadreEmail, phone: '13800001111' };
const propose = (clueId: string, allegationIds: string[], method = 'PUBLIC_NOTICE', by = investigator) =>
  steps.proposeClearance(clueId, allegationIds, { method, by, cadreContact });

/** The clue's UNTRUE allegation cleared by `method`, consented to by the cadre and approved. */
const publishedClearance = async (clue: Clue, untrue: string, method = 'PUBLIC_NOTICE') =>
  steps.publishClearance(clue, { allegationIds: [untrue], method, cadreContact });

describe('clearance from a concluded clue to a signed public notice', () => {
  it('asks the cadre, takes consent, publishes on approval and tells the cadre', async () => {
    const { clue, untrue } = await concludedClue();
    const created = await propose(clue.clueId, [untrue]);
    expect(created.status).toBe(201);
    const clearance = created.body;
    expect(clearance).toMatchObject({ status: 'AWAITING_CONSENT', method: 'PUBLIC_NOTICE' });
    expect(clearance.noticePreview.zh).toContain('违规收受土特产');
    expect(clearance.noticePreview.zh).not.toMatch(/公车私用|打击报复|举报人甲/);
    expect(JSON.stringify(clearance)).not.toMatch(new RegExp(`tokenHash|${cadreEmail}`));

    const [consentMessage] = await sentAbout(clearance.clearanceId);
    expect(consentMessage?.attributes.cadreId).toBe(clearance.cadreKey);
    expect(consentMessage?.message).toContain(clearance.clearanceId);
    const token = consentToken(consentMessage?.message as string);
    expect(token.length).toBeGreaterThanOrEqual(43);
    // Only the hash is stored: the token appears nowhere in the table.
    expect(JSON.stringify(await api.allItems())).not.toContain(token);

    expect((await approver.post(`/clearances/${clearance.clearanceId}/approve`)).status).toBe(409);
    expect(
      (await api.post(`/clearances/${clearance.clearanceId}/consent`, { token: `${token}x`, consent: true }))
        .status,
    ).toBe(403);
    const consented = await api.post(`/clearances/${clearance.clearanceId}/consent`, {
      token,
      consent: true,
      comment: '同意',
    });
    expect(consented.body).toEqual({ clearanceId: clearance.clearanceId, status: 'CONSENTED' });
    expect(
      (await api.post(`/clearances/${clearance.clearanceId}/consent`, { token, consent: true })).status,
    ).toBe(403);

    const selfApproval = await api.call('POST', `/clearances/${clearance.clearanceId}/approve`, {
      body: {},
      headers: {
        authorization: `Bearer ${await import('../../infra/local/keys.ts').then((k) => k.issueLocalToken('inv-1', ['approver']))}`,
      },
    });
    expect(selfApproval.status).toBe(403);

    const [first, second] = await Promise.all([
      approver.post(`/clearances/${clearance.clearanceId}/approve`),
      as('approver', 'appr-2').post(`/clearances/${clearance.clearanceId}/approve`),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const published = first.status === 200 ? first.body : second.body;
    expect(published.status).toBe('PUBLISHED');

    const notice = await api.call('GET', `/notices/${published.noticeId}`);
    expect(notice.status).toBe(200);
    expect(notice.body.cadre).toEqual({ name: '郑一', position: '某镇镇长', organization: '某镇人民政府' });
    expect(notice.body.clearedAllegations).toEqual([{ summary: '违规收受土特产' }]);
    expect(notice.body.text).not.toMatch(/公车私用|打击报复|举报人甲/);
    const board = await api.call('GET', '/notices?limit=100');
    expect(board.body.items.map((n: { noticeId: string }) => n.noticeId)).toContain(published.noticeId);

    const messages = await sentAbout(clearance.clearanceId);
    const noticeMessages = messages.filter((m) => m.attributes.noticeId === published.noticeId);
    expect(noticeMessages).toHaveLength(1);
    expect(noticeMessages[0]?.message).toContain('澄清');

    const history = (await intake.get(`/clues/${clue.clueId}`)).body.history.map(
      (h: { action: string }) => h.action,
    );
    expect(history.slice(-3)).toEqual(['propose-clearance', 'consent-clearance', 'approve-clearance']);
    const followUps = await investigator.get('/follow-ups?limit=100');
    expect(
      followUps.body.items.some((f: { clearanceId: string }) => f.clearanceId === clearance.clearanceId),
    ).toBe(true);
  });

  it('subscribes the cadre with a filter policy on their cadreId', async () => {
    const { clue, untrue } = await concludedClue('冯二');
    const clearance = (await propose(clue.clueId, [untrue])).body;
    await sentAbout(clearance.clearanceId);
    const sns = new SNSClient(localClientConfig(api.runtime.snsEndpoint));
    const { Subscriptions = [] } = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: api.runtime.topicArns.notices }),
    );

    const mine = [];
    for (const subscription of Subscriptions.filter((s) => s.Protocol === 'email' || s.Protocol === 'sms')) {
      const { Attributes } = await sns.send(
        new GetSubscriptionAttributesCommand({ SubscriptionArn: subscription.SubscriptionArn }),
      );
      if (Attributes?.FilterPolicy?.includes(clearance.cadreKey)) mine.push(subscription.Protocol);
    }
    sns.destroy();
    expect(mine.sort()).toEqual(['email', 'sms']);
  });
});

describe('what clearance refuses', () => {
  it('names the rule: only UNTRUE or FABRICATED allegations of a concluded clue, by its investigator', async () => {
    const { clue, untrue, substantiated, inconclusive } = await concludedClue('陈三');
    for (const allegation of [substantiated, inconclusive]) {
      const refused = await propose(clue.clueId, [allegation]);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('INVALID_TRANSITION');
    }
    expect((await propose(clue.clueId, [untrue], 'PUBLIC_NOTICE', as('investigator', 'inv-2'))).status).toBe(
      403,
    );
    const open = (
      await intake.post('/clues', {
        reportIds: [(await api.post('/reports', anonymousReport())).body.reportId],
      })
    ).body;
    expect((await propose(open.clueId, [open.allegations[0].allegationId])).status).toBe(409);
    expect((await api.call('GET', '/clearances/clr_unknown', { role: 'auditor' })).status).toBe(404);
  });

  it('does not publish after the cadre declines', async () => {
    const { clue, untrue } = await concludedClue('褚四');
    const clearance = (await propose(clue.clueId, [untrue])).body;
    const [message] = await sentAbout(clearance.clearanceId);
    const token = consentToken(message?.message as string);
    const declined = await api.post(`/clearances/${clearance.clearanceId}/consent`, {
      token,
      consent: false,
      comment: '不希望再提此事',
    });
    expect(declined.body.status).toBe('DECLINED');
    const approval = await approver.post(`/clearances/${clearance.clearanceId}/approve`);
    expect(approval.status).toBe(409);
    const board = await api.call('GET', '/notices?limit=100');
    expect(JSON.stringify(board.body)).not.toContain('褚四');
  });

  it('refuses an expired token', async () => {
    const { clue, untrue } = await concludedClue('卫五');
    const clearance = (await propose(clue.clueId, [untrue])).body;
    const token = consentToken((await sentAbout(clearance.clearanceId))[0]?.message as string);
    await api.db.send(
      new UpdateCommand({
        TableName: api.runtime.tableName,
        Key: { PK: `CLEARANCE#${clearance.clearanceId}`, SK: 'CLEARANCE' },
        UpdateExpression: 'SET consentCredential.expiresAt = :past',
        ExpressionAttributeValues: { ':past': '2020-01-01T00:00:00.000Z' },
      }),
    );
    expect(
      (await api.post(`/clearances/${clearance.clearanceId}/consent`, { token, consent: true })).status,
    ).toBe(403);
  });

  it('answers a token raced by 20 consents once, and 403 to the other 19', async () => {
    const { clue, untrue } = await concludedClue('韩七');
    const clearance = (await propose(clue.clueId, [untrue])).body;
    const token = consentToken((await sentAbout(clearance.clearanceId))[0]?.message as string);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.post(`/clearances/${clearance.clearanceId}/consent`, { token, consent: true }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(403)]);
    for (const refused of answers.filter((a) => a.status === 403))
      expect(refused.body.error.code).toBe('FORBIDDEN');
  }, 120_000);

  it('keeps a LETTER clearance off the public board while still telling the cadre', async () => {
    const { clue, untrue } = await concludedClue('蒋六');
    const { clearanceId, published } = await publishedClearance(clue, untrue, 'LETTER');
    expect(published.status).toBe('PUBLISHED');
    expect((await api.call('GET', `/notices/${published.noticeId}`)).status).toBe(404);
    expect(JSON.stringify((await api.call('GET', '/notices?limit=100')).body)).not.toContain('蒋六');
    const letters = (await sentAbout(clearanceId)).filter(
      (m) => m.attributes.noticeId === published.noticeId,
    );
    expect(letters).toHaveLength(1);
  });
});

describe('who may end a clearance, and one live clearance per allegation', () => {
  const withdraw = (clearanceId: string, who: typeof intake) =>
    who.post(`/clearances/${clearanceId}/withdraw`, { reason: '经研究，暂缓澄清。' });
  const consent = async (clearanceId: string, agree: boolean) => {
    const token = consentToken((await sentAbout(clearanceId))[0]?.message as string);
    return api.post(`/clearances/${clearanceId}/consent`, { token, consent: agree });
  };

  it('lets the clue’s investigator or an approver withdraw, and no other investigator', async () => {
    const { clue, untrue } = await concludedClue('孔十一');
    const first = (await propose(clue.clueId, [untrue])).body;
    const refused = await withdraw(first.clearanceId, as('investigator', 'inv-2'));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect((await intake.get(`/clearances/${first.clearanceId}`)).body.status).toBe('AWAITING_CONSENT');
    expect((await withdraw(first.clearanceId, investigator)).body.status).toBe('WITHDRAWN');

    // Withdrawn, the allegation may be cleared again; an approver who is not the investigator may withdraw.
    const second = await propose(clue.clueId, [untrue]);
    expect(second.status).toBe(201);
    expect((await withdraw(second.body.clearanceId, as('approver', 'appr-9'))).body.status).toBe('WITHDRAWN');
  });

  it('refuses a second live clearance for an allegation, with one winner under a race', async () => {
    const { clue, untrue } = await concludedClue('曹十二');
    const race = await Promise.all([
      propose(clue.clueId, [untrue]),
      propose(clue.clueId, [untrue], 'LETTER'),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    const winner = race.find((r) => r.status === 201)?.body;
    expect(race.find((r) => r.status === 409)?.body.error).toMatchObject({
      code: 'CLEARANCE_EXISTS',
      message: expect.stringContaining(untrue),
    });
    const awaiting = (await approver.get('/clearances?status=AWAITING_CONSENT&limit=100')).body.items;
    expect(awaiting.filter((c: { clueId: string }) => c.clueId === clue.clueId)).toHaveLength(1);
    expect((await api.itemsOf('ClearanceLock')).filter((l) => l.clueId === clue.clueId)).toEqual([
      expect.objectContaining({ clearanceId: winner.clearanceId }),
    ]);

    // The cadre's refusal ends it: the allegation is free again.
    expect((await consent(winner.clearanceId, false)).body.status).toBe('DECLINED');
    const next = (await propose(clue.clueId, [untrue])).body;
    expect(next.status).toBe('AWAITING_CONSENT');
    // Published, it stays live: no second notice for the same allegation.
    await consent(next.clearanceId, true);
    expect((await approver.post(`/clearances/${next.clearanceId}/approve`)).body.status).toBe('PUBLISHED');
    const again = await propose(clue.clueId, [untrue], 'LETTER');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CLEARANCE_EXISTS');
  });
});

describe('the notice board and its signatures', () => {
  const publish = async (name: string) => {
    const { clue, untrue } = await concludedClue(name);
    return (await publishedClearance(clue, untrue)).published.noticeId as string;
  };

  it('pages newest first, and every served notice verifies online and offline', async () => {
    const ids = [];
    for (const name of ['沈七', '韩八', '杨九']) ids.push(await publish(name));
    const seen: { noticeId: string; publishedAt: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.call('GET', `/notices?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((n) => n.noticeId)).toEqual(expect.arrayContaining(ids));
    expect(seen.map((n) => n.publishedAt)).toEqual([...seen.map((n) => n.publishedAt)].sort().reverse());

    const notice = (await api.call('GET', `/notices/${ids[0]}`)).body;
    expect((await api.post('/notices/verify', { notice })).body).toEqual({ valid: true });
    for (const altered of [
      { ...notice, text: `${notice.text} ` },
      { ...notice, cadre: { ...notice.cadre, name: '别人' } },
      { ...notice, clearedAllegations: [] },
      { ...notice, publishedAt: '2020-01-01T00:00:00.000Z' },
      { ...notice, signature: { ...notice.signature, keyId: 'other' } },
    ]) {
      expect((await api.post('/notices/verify', { notice: altered })).body).toEqual({ valid: false });
    }

    const jwks = (await api.call('GET', '/.well-known/notice-keys')).body;
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: notice.signature.keyId });
    expect(jwks.keys[0].d).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'notice-'));
    writeFileSync(join(dir, 'notice.json'), JSON.stringify(notice));
    writeFileSync(join(dir, 'altered.json'), JSON.stringify({ ...notice, issuer: '冒名机关' }));
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify(jwks));
    const ok = await run('node', ['bin/verify-notice.mjs', join(dir, 'notice.json'), join(dir, 'jwks.json')]);
    expect(ok.stdout).toContain('VALID');
    await expect(
      run('node', [
        'bin/verify-notice.mjs',
        join(dir, 'altered.json'),
        `${api.runtime.url}/.well-known/notice-keys`,
      ]),
    ).rejects.toMatchObject({
      code: 1,
    });
  });
});

describe('follow-up visits', () => {
  it('are reminded when due, once, and recorded by staff', async () => {
    const { clue, untrue } = await concludedClue('朱十');
    const clearance = await publishedClearance(clue, untrue, 'IN_PERSON');
    const pending = (await investigator.get('/follow-ups?limit=100')).body.items.find(
      (f: { clearanceId: string }) => f.clearanceId === clearance.clearanceId,
    );
    expect(pending.status).toBe('PENDING');
    expect(
      (await investigator.get('/follow-ups?due=true&limit=100')).body.items.map(
        (f: { followUpId: string }) => f.followUpId,
      ),
    ).not.toContain(pending.followUpId);

    const { sweepOverdue } = await import('../../functions/workers/overdue-sweep.ts');
    const later = new Date(Date.now() + 31 * 24 * 3600 * 1000);
    const sweep = sweepOverdue(createServices({ now: () => later }));
    await sweep();
    await sweep();
    await api.runtime.settled();
    const reminders = (await api.call('GET', '/local/inbox?limit=500')).body.items
      .filter((m: { topic: string; subject: string }) => m.topic === 'alerts' && m.subject === 'FollowUpDue')
      .map((m: { message: string }) => JSON.parse(m.message))
      .filter((e: { followUpId: string }) => e.followUpId === pending.followUpId);
    expect(reminders).toHaveLength(1);

    const notes = { notes: '我是另一名承办人，试图代为记录回访情况。' };
    for (const who of [as('investigator', 'inv-2'), intake]) {
      const refused = await who.post(`/follow-ups/${pending.followUpId}`, notes);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    }
    const recorded = await investigator.post(`/follow-ups/${pending.followUpId}`, {
      notes: '回访时该同志表示工作状态良好，已正常参加考察。',
    });
    expect(recorded.body.status).toBe('DONE');
    expect((await investigator.post(`/follow-ups/${pending.followUpId}`, { notes: '重复记录' })).status).toBe(
      409,
    );
    const stats = (await api.call('GET', '/stats', { role: 'auditor' })).body;
    expect(stats.clearances.published).toBeGreaterThanOrEqual(1);
  });
});

describe('informed consent (本人同意)', () => {
  const proposeForms = (clueId: string, allegationId: string, extra: Record<string, unknown>) =>
    investigator.post(`/clues/${clueId}/clearances`, {
      trigger: 'DEPARTMENT_PROPOSAL',
      harm: ['CAREER_AFFECTED'],
      allegationIds: [allegationId],
      statement: '经查，该同志收受的系亲属馈赠的自产农产品，不属于违规收受礼品。',
      cadreContact: { email: cadreEmail },
      ...extra,
    });

  it('shows the cadre every document word for word, binds the answer to it, and issues exactly that', async () => {
    const { clue, untrue } = await concludedClue('冯二');
    const created = await proposeForms(clue.clueId, untrue, {
      methods: ['LETTER', 'PUBLIC_NOTICE'],
      publicSummaries: [{ allegationId: untrue, text: '违反廉洁纪律问题' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { clearanceId } = created.body;
    expect(created.body).toMatchObject({ method: 'PUBLIC_NOTICE', methods: ['PUBLIC_NOTICE', 'LETTER'] });

    const [asked] = await sentAbout(clearanceId);
    expect(asked?.subject).toBe('【某县纪委监委】关于为您澄清正名征求本人意见的函');
    expect(asked?.message).toMatch(/^冯二同志：/);
    const token = consentToken(asked?.message as string);

    const preview = await api.post(`/clearances/${clearanceId}/consent/preview`, { token });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({
      commission: { name: '某县纪委监委' },
      contact: '举报电话 12388',
      methods: ['PUBLIC_NOTICE', 'LETTER'],
      allegations: [{ allegationId: untrue, publicSummary: '违反廉洁纪律问题' }],
      public: true,
    });
    const [noticeText, letterText] = preview.body.documents.map((d: { text: { zh: string } }) => d.text.zh);
    expect(noticeText).toContain('违反廉洁纪律问题');
    expect(noticeText).toContain('亲属馈赠的自产农产品');
    // The reporter's wording, the other allegations and the reporter are not in what is issued.
    expect(`${noticeText}${letterText}`).not.toMatch(/违规收受土特产|公车私用|打击报复|举报人甲/);
    // Looking does not use the link up; a wrong token learns nothing.
    expect((await api.post(`/clearances/${clearanceId}/consent/preview`, { token })).status).toBe(200);
    expect(
      (await api.post(`/clearances/${clearanceId}/consent/preview`, { token: `${token}x` })).status,
    ).toBe(403);

    const stale = await api.post(`/clearances/${clearanceId}/consent`, {
      token,
      consent: true,
      contentHash: 'f'.repeat(64),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONSENT_CONTENT_CHANGED');
    const consent = await api.post(`/clearances/${clearanceId}/consent`, {
      token,
      consent: true,
      contentHash: preview.body.contentHash,
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(200);
    // A used link shows nothing more to agree to.
    expect((await api.post(`/clearances/${clearanceId}/consent/preview`, { token })).status).toBe(403);

    const shown = (await approver.get(`/clearances/${clearanceId}`)).body;
    expect(shown.contentHash).toBe(preview.body.contentHash);
    expect(shown.consent.contentHash).toBe(preview.body.contentHash);
    const wrong = await approver.post(`/clearances/${clearanceId}/approve`, { contentHash: 'e'.repeat(64) });
    expect(wrong.body.error?.code).toBe('CONSENT_CONTENT_CHANGED');
    const approved = await approver.post(`/clearances/${clearanceId}/approve`, {
      contentHash: shown.contentHash,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);

    const notice = await api.call('GET', `/notices/${approved.body.noticeId}`);
    expect(notice.body.text).toBe(noticeText);
    expect(notice.body.clearedAllegations).toEqual([{ summary: '违反廉洁纪律问题' }]);
    const [letter] = approved.body.documents.filter((d: { method: string }) => d.method === 'LETTER');
    expect(letter.text.zh).toBe(letterText);
    // The letter is the cadre's and their unit's, not the board's.
    expect((await api.call('GET', `/notices/${letter.noticeId}`)).status).toBe(404);
    const sent = (await sentAbout(clearanceId)).find((m) => m.attributes.noticeId === approved.body.noticeId);
    expect(sent?.message).toContain(noticeText);
    expect(sent?.message).toContain(letterText);
  });

  it('refuses a talk or a meeting without its letter', async () => {
    const { clue, untrue } = await concludedClue('褚三');
    const refused = await proposeForms(clue.clueId, untrue, { methods: ['IN_PERSON'] });
    expect(refused.status).toBe(400);
    const withLetter = await proposeForms(clue.clueId, untrue, { method: 'IN_PERSON' });
    expect(withLetter.body.methods).toEqual(['IN_PERSON', 'LETTER']);
  });
});
