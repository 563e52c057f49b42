/**
 * 回避 end to end: a member declares a conflict, an approver records one, and every route that
 * reads, acts on, approves or opens an identity in the clue answers 403 CONFLICT_OF_INTEREST to the
 * member who stepped aside, while the others go on. A relationship declared in the cadre registry
 * is caught at assignment; a reporter's request reaches the staff through the conversation. An
 * approver lifts a recusal (解除回避): the member may be assigned and act again, the recusal stays.
 * The reporter who asked reads the grant and the lift by receipt code and is told there is news.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { newsText } from '../../shared/domain/reporter-news.ts';
import { caseSteps, conclusionOf } from '../support/cases.ts';
import { anonymousReport, realNameReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

const steps = caseSteps(api);
const { intake, investigator, approver } = steps;
const secondInvestigator = api.as('investigator', 'inv-2');
const relatedApprover = api.as('approver', 'appr-2');
const reason = '本人与被反映人系表兄弟关系，按规定申请回避。';

/** Registers a clue from a new report; the test fails here, saying why, if the service refused. */
const registered = async (report: object = anonymousReport()) => {
  const submitted = await steps.submitReport(report);
  const { clue } = await steps.registerClue(submitted.reportId);
  return { submitted, clue };
};

const conflict = (response: { status: number; body: any }) => {
  expect(response.status, JSON.stringify(response.body)).toBe(403);
  expect(response.body.error.code).toBe('CONFLICT_OF_INTEREST');
  expect(response.body.error.message).toMatch(/回避|利害关系|conflict|step aside|recused/i);
};

/** A clue assigned to inv-1 and in verification, from one report. */
const clueInVerification = (report: object = anonymousReport()) => steps.clueInVerification(report);

describe('recording a recusal', () => {
  it('lets a member declare their own conflict, on the audit trail, with the reason kept out of events', async () => {
    const c = await clueInVerification();
    const declared = await intake.post(`/clues/${c.clue.clueId}/recusals`, { userId: 'intake-1', reason });
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    expect(declared.body).toMatchObject({
      userId: 'intake-1',
      kind: 'DECLARED',
      recordedBy: 'intake-1',
      reason,
    });

    const again = await intake.post(`/clues/${c.clue.clueId}/recusals`, { userId: 'intake-1', reason });
    expect(again.status).toBe(409);
    const twice = await approver.post(`/clues/${c.clue.clueId}/recusals`, { userId: 'intake-1', reason });
    expect(twice.status).toBe(409);

    const clue = await c.refresh();
    const entry = clue.history.at(-1);
    expect(entry).toMatchObject({
      action: 'recusal',
      actor: 'intake-1',
      reason,
      details: { userId: 'intake-1' },
    });
    const listed = await approver.get(`/clues/${c.clue.clueId}/recusals`);
    expect(listed.body.items).toEqual([expect.objectContaining({ userId: 'intake-1', kind: 'DECLARED' })]);

    await api.runtime.settled();
    const events = await api.itemsOf('OutboxEvent');
    expect(events.some((e) => e.type === 'ClueRecusalRecorded')).toBe(true);
    expect(JSON.stringify(events)).not.toContain('表兄弟');
    const verified = await approver.get(`/clues/${c.clue.clueId}/history/verify`);
    expect(verified.body.valid).toBe(true);
  });

  it('lets an approver record one for a member, and no one else', async () => {
    const c = await clueInVerification();
    const byIntake = await intake.post(`/clues/${c.clue.clueId}/recusals`, { userId: 'inv-2', reason });
    expect(byIntake.status).toBe(403);
    expect(byIntake.body.error.code).toBe('FORBIDDEN');
    const recorded = await approver.post(`/clues/${c.clue.clueId}/recusals`, { userId: 'inv-2', reason });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ kind: 'RECORDED', recordedBy: 'appr-1', userId: 'inv-2' });
  });

  it('refuses a reason that is too short or too long', async () => {
    const c = await clueInVerification();
    for (const text of ['回避', '因'.repeat(501)]) {
      const refused = await approver.post(`/clues/${c.clue.clueId}/recusals`, {
        userId: 'inv-2',
        reason: text,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('a recused member', () => {
  it('is refused every read, action, approval and identity opening of the clue; the others go on', async () => {
    const c = await clueInVerification(realNameReport());
    const clueId = c.clue.clueId;
    const recorded = await approver.post(`/clues/${clueId}/recusals`, { userId: 'appr-2', reason });
    expect(recorded.status).toBe(201);

    conflict(await relatedApprover.get(`/clues/${clueId}`));
    conflict(await relatedApprover.get(`/clues/${clueId}/messages`));
    conflict(await relatedApprover.get(`/clues/${clueId}/recusals`));
    conflict(await relatedApprover.post(`/clues/${clueId}/recusals`, { userId: 'inv-2', reason }));
    conflict(await relatedApprover.get(`/reports/${c.reportId}/messages`));
    conflict(await relatedApprover.get(`/reports/${c.reportId}/attachments`));
    conflict(await relatedApprover.post(`/reports/${c.reportId}/messages`, { text: '请补充材料。' }));
    conflict(
      await relatedApprover.post(`/clues/${clueId}/reports/${c.reportId}/identity`, {
        reason: '核查需要联系举报人',
      }),
    );
    conflict(
      await relatedApprover.post(`/clues/${clueId}/actions`, {
        expectedVersion: c.clue.version,
        action: 'shelve',
        reason: '暂存待查',
      }),
    );

    // The conclusion is proposed; the recused approver may not approve it, another approver may.
    await c.act(investigator, conclusionOf(c.clue, 'UNTRUE', '经核查，反映问题失实。'));
    conflict(await c.act(relatedApprover, { action: 'approve-conclusion' }, 403));
    await c.act(approver, { action: 'approve-conclusion' });
    expect(c.clue.status).toBe('CONCLUDED');

    // The reporter objects; the recused approver may not decide the objection.
    const lodged = await api.post('/receipts/objections', {
      receiptCode: c.receiptCode,
      reason: '我有新的证据可以证明所反映问题属实，请重新核查。',
    });
    expect(lodged.status, JSON.stringify(lodged.body)).toBe(201);
    const decision = { decision: 'UPHOLD', reason: '经复核，原核查程序规范、证据充分，维持原结论。' };
    conflict(await relatedApprover.post(`/objections/${lodged.body.objectionId}/decision`, decision));
    expect((await approver.post(`/objections/${lodged.body.objectionId}/decision`, decision)).status).toBe(
      200,
    );

    // Unaffected: the other members read and act as before.
    expect((await investigator.get(`/clues/${clueId}`)).status).toBe(200);
    expect((await approver.get(`/reports/${c.reportId}/messages`)).status).toBe(200);
    const opened = await approver.post(`/clues/${clueId}/reports/${c.reportId}/identity`, {
      reason: '核查需要联系举报人',
    });
    expect(opened.status).toBe(200);

    // A clearance resting on the clue: proposed by the investigator, never approved by the recused approver.
    const allegationIds = c.clue.allegations.map((a: { allegationId: string }) => a.allegationId);
    const clearance = await steps.proposeClearance(clueId, allegationIds, { method: 'LETTER' });
    expect(clearance.status, JSON.stringify(clearance.body)).toBe(201);
    conflict(await relatedApprover.post(`/clearances/${clearance.body.clearanceId}/approve`, {}));
  });

  it('cannot be assigned the clue', async () => {
    const { clue } = await registered();
    await investigator.post(`/clues/${clue.clueId}/recusals`, { userId: 'inv-1', reason });
    const refused = await intake.post(`/clues/${clue.clueId}/actions`, {
      expectedVersion: clue.version,
      action: 'assign',
      assignee: 'inv-1',
    });
    conflict(refused);
    expect(refused.body.error.message).toContain('承办人');
    const assigned = await intake.post(`/clues/${clue.clueId}/actions`, {
      expectedVersion: clue.version,
      action: 'assign',
      assignee: 'inv-2',
    });
    expect(assigned.status).toBe(200);
  });
});

describe('an assignee who steps aside', () => {
  it('leaves the clue without an assignee, alerts the approvers, and the clue is assigned again from where it is', async () => {
    const c = await clueInVerification();
    const clueId = c.clue.clueId;
    const declared = await investigator.post(`/clues/${clueId}/recusals`, { userId: 'inv-1', reason });
    expect(declared.status).toBe(201);
    const clue = await c.refresh();
    expect(clue.status).toBe('UNDER_VERIFICATION');
    expect(clue.assignee).toBeUndefined();
    const mine = await investigator.get('/clues?assignee=inv-1&limit=100');
    expect(mine.body.items.map((i: { clueId: string }) => i.clueId)).not.toContain(clueId);

    await api.runtime.settled();
    const inbox = (await api.call('GET', '/local/inbox?limit=500')).body.items as {
      topic: string;
      message: string;
      attributes: Record<string, string>;
    }[];
    const alert = inbox.find(
      (m) => m.attributes.type === 'ClueRecusalRecorded' && m.message.includes(clueId),
    );
    expect(alert?.topic).toBe('alerts');
    expect(JSON.parse(alert?.message ?? '{}')).toMatchObject({ userId: 'inv-1', assigneeCleared: true });
    expect(alert?.message).not.toContain('表兄弟');

    await c.act(intake, { action: 'assign', assignee: 'inv-2' });
    expect(c.clue).toMatchObject({ status: 'UNDER_VERIFICATION', assignee: 'inv-2' });
    const proposal = await secondInvestigator.post(`/clues/${clueId}/actions`, {
      expectedVersion: c.clue.version,
      action: 'request-extension',
      days: 10,
      reason: '承办人回避后更换承办人，需要延长核查时间。',
    });
    expect(proposal.status).toBe(200);
  });
});

describe('a declared relationship with the cadre', () => {
  it('is caught at assignment and on every action of a clue linked to that cadre', async () => {
    const cadre = await intake.post('/cadres', {
      name: '张三',
      posts: [{ position: '县能源局副局长', organization: '某县能源局', from: '2020-01-01' }],
    });
    const cadreId = cadre.body.cadreId;
    const byIntake = await intake.post(`/cadres/${cadreId}/relationships`, {
      userId: 'inv-2',
      relation: 'CLOSE_RELATIVE',
    });
    expect(byIntake.status).toBe(403);
    const declared = await approver.post(`/cadres/${cadreId}/relationships`, {
      userId: 'inv-2',
      relation: 'CLOSE_RELATIVE',
    });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({
      cadreId,
      userId: 'inv-2',
      relation: 'CLOSE_RELATIVE',
      declaredBy: 'appr-1',
    });
    const twice = await approver.post(`/cadres/${cadreId}/relationships`, {
      userId: 'inv-2',
      relation: 'OTHER_INTEREST',
    });
    expect(twice.status).toBe(409);
    const unknown = await approver.post('/cadres/cad_doesnotexist000000/relationships', {
      userId: 'inv-2',
      relation: 'OTHER_INTEREST',
    });
    expect(unknown.status).toBe(404);

    let { clue } = await registered();
    clue = (await intake.post(`/clues/${clue.clueId}/cadre`, { cadreId, expectedVersion: clue.version }))
      .body;
    const related = await intake.post(`/clues/${clue.clueId}/actions`, {
      expectedVersion: clue.version,
      action: 'assign',
      assignee: 'inv-2',
    });
    conflict(related);
    expect(related.body.error.message).toContain('利害关系');

    // Related to the cadre, and acting anyway (assigned before the relationship was known).
    const other = await relatedApprover.post(`/cadres/${cadreId}/relationships`, {
      userId: 'inv-1',
      relation: 'FINANCIAL_INTEREST',
    });
    expect(other.status).toBe(201);
    let { clue: second } = await registered();
    second = (
      await intake.post(`/clues/${second.clueId}/actions`, {
        expectedVersion: second.version,
        action: 'assign',
        assignee: 'inv-3',
      })
    ).body;
    second = (
      await intake.post(`/clues/${second.clueId}/cadre`, { cadreId, expectedVersion: second.version })
    ).body;
    const acting = await investigator.post(`/clues/${second.clueId}/actions`, {
      expectedVersion: second.version,
      action: 'shelve',
      reason: '暂存待查',
    });
    conflict(acting);
  });
});

describe('a reporter asking for a recusal', () => {
  it('reaches the staff marked on the conversation, and an approver records it naming the message', async () => {
    const c = await clueInVerification();
    const asked = await api.post('/receipts/messages', {
      receiptCode: c.receiptCode,
      text: '我申请办案人员回避。',
      recusalRequest: { name: '王五', reason: '王五与被举报人是亲兄弟，请求其回避。' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const tooLong = await api.post('/receipts/messages', {
      receiptCode: c.receiptCode,
      text: '补充',
      recusalRequest: { reason: '因'.repeat(501) },
    });
    expect(tooLong.status).toBe(400);

    const conversation = await approver.get(`/clues/${c.clue.clueId}/messages`);
    const request = conversation.body.items.find(
      (m: { messageId: string }) => m.messageId === asked.body.messageId,
    );
    expect(request).toMatchObject({
      from: 'REPORTER',
      recusalRequest: { name: '王五', reason: '王五与被举报人是亲兄弟，请求其回避。' },
    });
    const items = await api.allItems();
    expect(JSON.stringify(items)).not.toContain('亲兄弟');

    const recorded = await approver.post(`/clues/${c.clue.clueId}/recusals`, {
      userId: 'inv-1',
      reason: '举报人申请回避，经核实承办人与被反映人系亲属关系。',
      requestMessageId: asked.body.messageId,
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body.requestMessageId).toBe(asked.body.messageId);
    expect(recorded.body.requestReportId).toBe(c.reportId);
  });

  it('refuses a request that is no reporter message of the clue, and the member named declaring it', async () => {
    // Prepare: a request on one clue, and a reporter's message on another.
    const c = await clueInVerification();
    const asked = await api.post('/receipts/messages', {
      receiptCode: c.receiptCode,
      text: '请承办人回避。',
      recusalRequest: { reason: '承办人与被举报人是同学。' },
    });
    expect(asked.status).toBe(201);
    const elsewhere = await clueInVerification();
    const path = `/clues/${elsewhere.clue.clueId}/recusals`;
    const staffMessage = await approver.post(`/reports/${c.reportId}/messages`, { text: '已收到您的申请。' });
    expect(staffMessage.status).toBe(201);
    const body = { userId: 'inv-1', reason: '举报人申请回避，经核实予以回避。' };

    // Act
    const otherClue = await approver.post(path, { ...body, requestMessageId: asked.body.messageId });
    const unknown = await approver.post(path, { ...body, requestMessageId: 'msg_000000000000000000000' });
    const ours = `/clues/${c.clue.clueId}/recusals`;
    const notTheReporters = await approver.post(ours, {
      ...body,
      requestMessageId: staffMessage.body.messageId,
    });
    const ownDeclaration = await investigator.post(ours, { ...body, requestMessageId: asked.body.messageId });

    // Assess
    for (const refused of [otherClue, unknown, notTheReporters]) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(404);
      expect(refused.body.error.code).toBe('NOT_FOUND');
    }
    expect(ownDeclaration.status).toBe(403);
    expect(ownDeclaration.body.error.code).toBe('FORBIDDEN');
    expect((await approver.get(ours)).body.items).toEqual([]);
  });
});

describe('the reporter who asked for a recusal', () => {
  interface Delivered {
    subject?: string;
    message: string;
    attributes: Record<string, string>;
  }
  const contactKeys = async () =>
    (await api.itemsOf('ReporterNewsSubscription')).map((item) => String(item.contactKey));
  const newsTo = async (contactKey: string): Promise<Delivered[]> =>
    ((await api.call('GET', '/local/inbox?limit=500')).body.items as Delivered[]).filter(
      (m) => m.attributes.newsFor === contactKey,
    );
  /** Opens the coalescing window again, as if the reporter was last told long ago. */
  const toldLongAgo = async (reportId: string) => {
    const [mark] = (await api.itemsOf('ReporterNewsMark')).filter((m) => m.PK === `NEWS#${reportId}`);
    expect(mark, 'the reporter was told of the registration').toBeDefined();
    await api.db.send(
      new PutCommand({
        TableName: api.runtime.tableName,
        Item: { ...mark, lastSentAt: '2020-01-01T00:00:00.000Z' },
      }),
    );
  };
  const commissionSays = async (receiptCode: string, lang = 'zh') => {
    const answer = await api.post('/receipts/lookup', { receiptCode }, { 'accept-language': lang });
    expect(answer.status).toBe(200);
    return (answer.body.messages as { from: string; text: string }[])
      .filter((m) => m.from === 'COMMISSION')
      .map((m) => m.text);
  };

  it('reads that it was granted and later lifted, by receipt code, and is told there is news without content', async () => {
    // Prepare: a reporter who left an email asks that the assignee step aside.
    const email = `recusal.${Date.now()}@example.cn`;
    const before = await contactKeys();
    const c = await clueInVerification({ ...anonymousReport('申请回避的举报'), notifyMe: { email } });
    await api.runtime.settled();
    const key = (await contactKeys()).find((k) => !before.includes(k)) as string;
    expect(await newsTo(key)).toHaveLength(1);
    const asked = await api.post('/receipts/messages', {
      receiptCode: c.receiptCode,
      text: '我申请承办人员回避。',
      recusalRequest: { name: '赵六', reason: '赵六与被举报人是连襟，请求其回避。' },
    });
    expect(asked.status).toBe(201);
    const saidBefore = await commissionSays(c.receiptCode);
    await toldLongAgo(c.reportId);

    // Act 1: an approver records it on the request.
    const recorded = await approver.post(`/clues/${c.clue.clueId}/recusals`, {
      userId: 'inv-1',
      reason: '举报人申请回避，经核实承办人与被反映人系连襟关系。',
      requestMessageId: asked.body.messageId,
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    await api.runtime.settled();

    // Assess 1: the grant in the conversation, and one more news without content.
    const granted = '您提出的回避申请经审查，决定相关人员回避，不再参与您所反映问题的办理。';
    expect(await commissionSays(c.receiptCode)).toEqual([...saidBefore, granted]);
    expect(await newsTo(key)).toHaveLength(2);

    // Act 2: an approver (not the one who recorded it) lifts it.
    await toldLongAgo(c.reportId);
    const liftReason = '经核实，承办人与被反映人的姻亲关系已因离婚解除，予以解除回避。';
    const lifted = await relatedApprover.post(
      `/clues/${c.clue.clueId}/recusals/${recorded.body.recusalId}/lift`,
      { reason: liftReason },
    );
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
    await api.runtime.settled();

    // Assess 2: the lift follows the grant, in both languages, naming nobody; news once more.
    const liftedText = '经审查，您提出的回避申请所涉人员已解除回避，恢复参与您所反映问题的办理。';
    expect(await commissionSays(c.receiptCode)).toEqual([...saidBefore, granted, liftedText]);
    const inEnglish = await commissionSays(c.receiptCode, 'en');
    expect(inEnglish.at(-2)).toMatch(/^Your request for a recusal has been examined/);
    expect(inEnglish.at(-1)).toMatch(/^On review, the recusal you asked for has been lifted/);
    const lookup = JSON.stringify((await api.post('/receipts/lookup', { receiptCode: c.receiptCode })).body);
    for (const secret of ['inv-1', 'appr-1', 'appr-2', '连襟', '离婚']) expect(lookup).not.toContain(secret);
    const delivered = await newsTo(key);
    expect(delivered).toHaveLength(3);
    for (const news of delivered) {
      expect(news.message).toBe(newsText);
      const everything = JSON.stringify(news);
      for (const secret of [
        c.reportId,
        c.clue.clueId,
        c.receiptCode,
        'inv-1',
        'appr-2',
        '回避',
        'recusal',
        email,
      ])
        expect(everything).not.toContain(secret);
    }
  });

  it('hears nothing of a member’s own declaration, recorded or lifted', async () => {
    // Prepare: the reporter asked for a recusal, but the member declares their own, unprompted.
    const email = `declared.${Date.now()}@example.cn`;
    const before = await contactKeys();
    const c = await clueInVerification({ ...anonymousReport('本人申请回避的线索'), notifyMe: { email } });
    await api.runtime.settled();
    const key = (await contactKeys()).find((k) => !before.includes(k)) as string;
    const saidBefore = await commissionSays(c.receiptCode);
    const news = (await newsTo(key)).length;
    expect(news).toBe(1);

    // Act: the member declares their own; an approver lifts it.
    await toldLongAgo(c.reportId);
    const declared = await investigator.post(`/clues/${c.clue.clueId}/recusals`, { userId: 'inv-1', reason });
    expect(declared.status).toBe(201);
    const lifted = await approver.post(`/clues/${c.clue.clueId}/recusals/${declared.body.recusalId}/lift`, {
      reason: '经核实，承办人与被反映人并无亲属关系，系误报回避，予以解除。',
    });
    expect(lifted.status).toBe(200);
    await api.runtime.settled();

    // Assess: both events reached the outbox, and neither is news nor in the conversation.
    const outbox = (await api.itemsOf('OutboxEvent')).filter((o) =>
      String(o.payload).includes(declared.body.recusalId),
    );
    expect(outbox.map((o) => o.type).sort()).toEqual(['ClueRecusalLifted', 'ClueRecusalRecorded']);
    expect(await newsTo(key)).toHaveLength(news);
    expect(await commissionSays(c.receiptCode)).toEqual(saidBefore);
  });
});

describe('lifting a recusal (解除回避)', () => {
  const liftReason = '经核实，承办人与被反映人并无亲属关系，系误报回避，予以解除。';
  const liftPath = (clueId: string, recusalId: string) => `/clues/${clueId}/recusals/${recusalId}/lift`;

  it('lets an approver lift it: the member is assigned and acts again, the recusal is kept, a still-recused one is not', async () => {
    // Prepare: inv-1, the assignee, and inv-2 both step aside.
    const c = await clueInVerification();
    const clueId = c.clue.clueId;
    const declared = await investigator.post(`/clues/${clueId}/recusals`, { userId: 'inv-1', reason });
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    expect(declared.body.recusalId).toMatch(/^rcs_/);
    const other = await approver.post(`/clues/${clueId}/recusals`, { userId: 'inv-2', reason });
    expect(other.status).toBe(201);
    await c.refresh();

    // Act: nobody but an approver who is not barred lifts it.
    const path = liftPath(clueId, declared.body.recusalId);
    const byMember = await investigator.post(path, { reason: liftReason });
    const byIntake = await intake.post(path, { reason: liftReason });
    const tooShort = await approver.post(path, { reason: '误报' });
    const lifted = await approver.post(path, { reason: liftReason });
    const again = await relatedApprover.post(path, { reason: liftReason });

    // Assess: who may, and what it answers.
    // The route is the approvers' (refused before the handler); the rule says so again (unit tests).
    expect(byMember.status).toBe(403);
    expect(byIntake.status).toBe(403);
    expect(byIntake.body.error.code).toBe('FORBIDDEN');
    expect(tooShort.status).toBe(400);
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
    expect(lifted.body).toMatchObject({
      recusalId: declared.body.recusalId,
      userId: 'inv-1',
      kind: 'DECLARED',
      reason,
      recordedBy: 'inv-1',
      lifted: { by: 'appr-1', reason: liftReason },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');

    // The lifted member reads, is assigned and acts again; the one still recused does not.
    expect((await investigator.get(`/clues/${clueId}`)).status).toBe(200);
    await c.act(intake, { action: 'assign', assignee: 'inv-1' });
    expect(c.clue.assignee).toBe('inv-1');
    const extension = {
      action: 'request-extension',
      days: 10,
      reason: '回避解除后继续承办，需要延长核查时间。',
    };
    await c.act(investigator, extension);
    conflict(await secondInvestigator.get(`/clues/${clueId}`));
    conflict(
      await intake.post(`/clues/${clueId}/actions`, {
        expectedVersion: c.clue.version,
        action: 'assign',
        assignee: 'inv-2',
      }),
    );

    // The history is kept: listed with who lifted it, when and why; on the audit trail, which verifies.
    const listed = await approver.get(`/clues/${clueId}/recusals`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ userId: 'inv-1', lifted: expect.objectContaining({ by: 'appr-1' }) }),
      expect.objectContaining({ userId: 'inv-2', kind: 'RECORDED' }),
    ]);
    expect(listed.body.items[1].lifted).toBeUndefined();
    const clue = await c.refresh();
    expect(clue.history).toContainEqual(
      expect.objectContaining({
        action: 'recusal-lifted',
        actor: 'appr-1',
        role: 'approver',
        reason: liftReason,
        details: expect.objectContaining({ userId: 'inv-1', recusalId: declared.body.recusalId }),
      }),
    );
    expect((await approver.get(`/clues/${clueId}/history/verify`)).body.valid).toBe(true);

    // The approvers are alerted, never told why.
    await api.runtime.settled();
    const inbox = (await api.call('GET', '/local/inbox?limit=500')).body.items as {
      topic: string;
      message: string;
      attributes: Record<string, string>;
    }[];
    const alert = inbox.find((m) => m.attributes.type === 'ClueRecusalLifted' && m.message.includes(clueId));
    expect(alert?.topic).toBe('alerts');
    expect(JSON.parse(alert?.message ?? '{}')).toMatchObject({
      userId: 'inv-1',
      recusalId: declared.body.recusalId,
    });
    expect(alert?.message).not.toContain('误报回避');
  });

  it('lets a member whose recusal was lifted step aside again, as a new recusal', async () => {
    const { clue } = await registered();
    const first = await investigator.post(`/clues/${clue.clueId}/recusals`, { userId: 'inv-1', reason });
    expect(first.status).toBe(201);
    expect(
      (await approver.post(liftPath(clue.clueId, first.body.recusalId), { reason: liftReason })).status,
    ).toBe(200);

    const second = await investigator.post(`/clues/${clue.clueId}/recusals`, { userId: 'inv-1', reason });

    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.recusalId).not.toBe(first.body.recusalId);
    conflict(await investigator.get(`/clues/${clue.clueId}`));
    const listed = await approver.get(`/clues/${clue.clueId}/recusals`);
    expect(listed.body.items.map((r: { recusalId: string }) => r.recusalId)).toEqual([
      first.body.recusalId,
      second.body.recusalId,
    ]);
  });

  it('answers an unknown recusal, or one of another clue, with 404; a recused approver with 403', async () => {
    const { clue } = await registered();
    const { clue: elsewhere } = await registered();
    const onOther = await approver.post(`/clues/${elsewhere.clueId}/recusals`, { userId: 'inv-3', reason });
    const barred = await approver.post(`/clues/${clue.clueId}/recusals`, { userId: 'appr-2', reason });
    const standing = await approver.post(`/clues/${clue.clueId}/recusals`, { userId: 'inv-3', reason });
    expect([onOther.status, barred.status, standing.status]).toEqual([201, 201, 201]);

    const unknown = await approver.post(liftPath(clue.clueId, `rcs_${'A'.repeat(22)}`), {
      reason: liftReason,
    });
    const malformed = await approver.post(liftPath(clue.clueId, 'not-a-recusal'), { reason: liftReason });
    const ofAnotherClue = await approver.post(liftPath(clue.clueId, onOther.body.recusalId), {
      reason: liftReason,
    });
    const ownRecusal = await relatedApprover.post(liftPath(clue.clueId, barred.body.recusalId), {
      reason: liftReason,
    });
    const whileBarred = await relatedApprover.post(liftPath(clue.clueId, standing.body.recusalId), {
      reason: liftReason,
    });

    for (const answer of [unknown, malformed, ofAnotherClue]) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(404);
      expect(answer.body.error.code).toBe('NOT_FOUND');
    }
    expect(unknown.body.error.message).toMatch(/回避|recusal/i);
    conflict(ownRecusal);
    conflict(whileBarred);
    const listed = await approver.get(`/clues/${clue.clueId}/recusals`);
    expect(listed.body.items.every((r: { lifted?: unknown }) => r.lifted === undefined)).toBe(true);
  });
});
