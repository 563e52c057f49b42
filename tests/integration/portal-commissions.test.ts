/**
 * The portal's commission (issue 16): a report goes to the commission chosen, or to the
 * deployment's own when it names none; a report about a commission's own leadership lands in the
 * intake queue of the commission above, not its own; each commission's notice board shows its own
 * notices and those of the commissions under it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { caseSteps, staffOf } from '../support/cases.ts';
import { ownCounty, seedCommissions, testHierarchy } from '../support/commissions.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

beforeAll(async () => {
  await seedCommissions(api.db, api.runtime.tableName, [...testHierarchy, ownCounty]);
});

const queueOf = async (commissionId?: string) => {
  const response = await api
    .as('intake', `intake-${commissionId ?? 'own'}`, commissionId)
    .get('/reports?status=UNREGISTERED&limit=100');
  expect(response.status).toBe(200);
  return response.body.items as { reportId: string; escalation?: unknown }[];
};
const ids = (items: { reportId: string }[]) => items.map((r) => r.reportId);

describe('where a report from the portal goes', () => {
  it("goes to the deployment's own commission when it names none, as a single-commission client expects", async () => {
    // Act
    const listed = await api.call('GET', '/commissions?limit=100');
    const unnamed = await api.post('/reports', anonymousReport('未指明受理机关的举报'));

    // Assess
    expect(listed.body.defaultCommissionId).toBe('default');
    expect(unnamed.status).toBe(201);
    expect(unnamed.body.commission).toEqual({ commissionId: 'default', name: '甲市丙县纪委监委' });
    // A token without a commission claim (npm run token without --commission) sees it.
    expect(ids(await queueOf())).toContain(unnamed.body.reportId);
    expect(ids(await queueOf('county-a'))).not.toContain(unnamed.body.reportId);
  });

  it('goes to the county chosen, and only that county’s staff see it', async () => {
    // Act
    const chosen = await api.post('/reports', { ...anonymousReport(), commissionId: 'county-b' });

    // Assess
    expect(chosen.status).toBe(201);
    expect(chosen.body.commission).toEqual({ commissionId: 'county-b', name: '甲市B县纪委监委' });
    expect(ids(await queueOf('county-b'))).toContain(chosen.body.reportId);
    expect(ids(await queueOf('county-a'))).not.toContain(chosen.body.reportId);
    expect(ids(await queueOf())).not.toContain(chosen.body.reportId);
  });

  it('about the county’s own leadership, lands in the city’s intake queue and not the county’s', async () => {
    // Act
    const aboutLeaders = await api.post('/reports', {
      ...anonymousReport('反映县纪委监委副书记干预案件'),
      commissionId: 'county-a',
      aboutCommissionLeadership: true,
    });

    // Assess
    expect(aboutLeaders.status).toBe(201);
    expect(aboutLeaders.body.commission).toEqual({
      commissionId: 'city-jia',
      name: '甲市纪委监委',
      escalatedFrom: 'county-a',
    });
    const cityQueue = await queueOf('city-jia');
    const inCity = cityQueue.find((r) => r.reportId === aboutLeaders.body.reportId);
    expect(inCity?.escalation).toEqual({ fromCommissionId: 'county-a', reason: 'COMMISSION_LEADERSHIP' });
    expect(ids(await queueOf('county-a'))).not.toContain(aboutLeaders.body.reportId);
    const stored = (await api.itemsOf('Report')).find((r) => r.reportId === aboutLeaders.body.reportId);
    expect(stored).toMatchObject({
      commissionId: 'city-jia',
      escalation: { fromCommissionId: 'county-a', reason: 'COMMISSION_LEADERSHIP' },
    });
    // County staff cannot open it either: another commission's report reads as a missing one.
    const countyRead = await api
      .as('intake', 'intake-a', 'county-a')
      .get(`/reports/${aboutLeaders.body.reportId}/attachments`);
    expect(countyRead.status).toBe(404);
  });

  it("about the deployment's own commission's leaders, goes to its city when it names none", async () => {
    // Act
    const aboutLeaders = await api.post('/reports', {
      ...anonymousReport('反映本级纪委监委领导问题'),
      aboutCommissionLeadership: true,
    });

    // Assess
    expect(aboutLeaders.status).toBe(201);
    expect(aboutLeaders.body.commission).toMatchObject({
      commissionId: 'city-jia',
      escalatedFrom: 'default',
    });
    expect(ids(await queueOf())).not.toContain(aboutLeaders.body.reportId);
  });

  it('about a province’s own leadership, is refused with where to go instead', async () => {
    // Act
    const refused = await api.post('/reports', {
      ...anonymousReport(),
      commissionId: 'prov',
      aboutCommissionLeadership: true,
    });
    const english = await api.post(
      '/reports',
      { ...anonymousReport(), commissionId: 'prov', aboutCommissionLeadership: true },
      { 'accept-language': 'en' },
    );

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    expect(refused.body.error.details[0]).toMatchObject({
      path: 'aboutCommissionLeadership',
      code: 'no_commission_above',
    });
    expect(refused.body.error.message).toContain('12388');
    expect(english.body.error.message).toContain('12388');
    expect((await api.itemsOf('Report')).filter((r) => r.commissionId === 'prov')).toEqual([]);
  });

  it('cannot be sent up a level from the counter: staff hand a report on by transfer', async () => {
    // Act
    const counter = await api.as('intake', 'intake-a', 'county-a').post('/intake/reports', {
      ...anonymousReport(),
      channel: 'VISIT',
      aboutCommissionLeadership: true,
    });

    // Assess
    expect(counter.status).toBe(400);
  });
});

/**
 * A clue of a county's (its members `intake-x`, `inv-x`, `appr-x`) concluded UNTRUE and cleared by
 * a published public notice; the cadre agreed to what they were shown by its hash, and the approver
 * confirmed the same hash.
 */
const publishNoticeIn = async (commissionId: string, suffix: string, cadre: string) => {
  const county = caseSteps(api, staffOf(commissionId, suffix));
  const { clue } = await county.concludedCase(
    {
      ...anonymousReport('反映其违规收受购物卡'),
      accused: { name: cadre, position: '副局长', organization: '某县市场监管局' },
    },
    'UNTRUE',
  );
  const { asked, preview, published } = await county.publishClearance(clue, { confirmContent: true });
  return { asked, preview, published };
};

describe('notice boards per commission and up the hierarchy', () => {
  let inA: Awaited<ReturnType<typeof publishNoticeIn>>;
  beforeAll(async () => {
    inA = await publishNoticeIn('county-a', 'a', '赵甲');
    await publishNoticeIn('county-b', 'b', '钱乙');
  }, 120_000);

  it("issues a county's notice under the county's own name, as the cadre was asked and shown it", async () => {
    // Act
    const notice = await api.call('GET', `/notices/${inA.published.noticeId}`);
    const verified = await api.post('/notices/verify', { notice: notice.body });

    // Assess
    const county = '甲市A县纪委监委';
    expect(inA.asked).toContain(county);
    expect(inA.preview.commission).toEqual({ name: county });
    expect(inA.preview.contact).toBe('甲市A县纪委监委信访室 0000-1234567');
    expect(inA.preview.noticeText.zh).toContain(`经${county}认真核查`);
    expect(inA.published.noticePreview.zh).toBe(inA.preview.noticeText.zh);
    expect(inA.published.contentHash).toBe(inA.preview.contentHash);
    expect(notice.status).toBe(200);
    expect(notice.body.issuer).toBe(county);
    expect(notice.body.text).toBe(inA.preview.noticeText.zh);
    expect(JSON.stringify(notice.body)).not.toContain('甲市丙县纪委监委');
    expect(verified.body).toEqual({ valid: true });
  });

  const board = async (query: string) => {
    const response = await api.call('GET', `/notices?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return (response.body.items as { cadre: { name: string } }[]).map((n) => n.cadre.name);
  };

  it("shows a county's own notices only, and a city's and a province's those of their counties", async () => {
    // Act, Assess
    expect(await board('commissionId=county-a')).toEqual(['赵甲']);
    expect(await board('commissionId=county-b')).toEqual(['钱乙']);
    expect(await board('commissionId=city-jia')).toEqual(['钱乙', '赵甲']);
    expect(await board('commissionId=prov')).toEqual(['钱乙', '赵甲']);
    expect(await board('commissionId=default')).toEqual([]);
    // Without a commission: the whole board, as before.
    expect(await board('limit=20')).toEqual(['钱乙', '赵甲']);
  });

  it("pages through a city's board, one Query a page", async () => {
    // Act
    const first = await api.call('GET', '/notices?commissionId=city-jia&limit=1');
    const second = await api.call(
      'GET',
      `/notices?commissionId=city-jia&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    const foreignCursor = await api.call(
      'GET',
      `/notices?commissionId=county-a&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );

    // Assess
    expect(first.body.items.map((n: { cadre: { name: string } }) => n.cadre.name)).toEqual(['钱乙']);
    expect(second.body.items.map((n: { cadre: { name: string } }) => n.cadre.name)).toEqual(['赵甲']);
    // A cursor belongs to its board.
    expect(foreignCursor.status).toBe(400);
  });

  it('answers 404 for a commission that does not exist, and 400 for one that is not an id', async () => {
    // Act
    const unknown = await api.call('GET', '/notices?commissionId=nowhere');
    const malformed = await api.call('GET', '/notices?commissionId=Not%20An%20Id');

    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect(malformed.status).toBe(400);
  });
});
