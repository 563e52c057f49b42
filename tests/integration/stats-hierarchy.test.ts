/**
 * Statistics per commission and up the hierarchy: two counties under one city under a province.
 * Each county's figures count only its own cases; the city sees both counties' figures and their
 * sum, never a case; a county asking for its sibling or its superior is answered as for an unknown
 * commission; the public figures of a commission include everything below it. The deployment's
 * own commission (`default`), registered as a third county, counts toward its city like the others,
 * and once only in the whole deployment's figures.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ownCounty, seedCommissions, testHierarchy } from '../support/commissions.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();

const member = (commission: string) => api.as('approver', `appr-${commission}`, commission);

const submitTo = async (commissionId: string) => {
  const response = await api.post('/reports', { ...anonymousReport(), commissionId });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.reportId as string;
};

const ids: string[] = [];

beforeAll(async () => {
  await seedCommissions(api.db, api.runtime.tableName, [...testHierarchy, ownCounty]);
  ids.push(await submitTo('county-a'), await submitTo('county-a'), await submitTo('county-b'));
  // A report naming no commission: the deployment's own.
  const unnamed = await api.post('/reports', anonymousReport());
  expect(unnamed.status, JSON.stringify(unnamed.body)).toBe(201);
  ids.push(unnamed.body.reportId);
  const clue = await api
    .as('intake', 'intake-b', 'county-b')
    .post('/clues', { reportIds: [ids[2] as string] });
  expect(clue.status, JSON.stringify(clue.body)).toBe(201);
  ids.push(clue.body.clueId);
  // county-b's clue past its deadline and alerted, as the overdue sweep leaves it.
  await api.db.send(
    new UpdateCommand({
      TableName: api.runtime.tableName,
      Key: { PK: `CLUE#${clue.body.clueId}`, SK: 'CLUE' },
      UpdateExpression: 'SET GSI3PK = :alerted',
      ExpressionAttributeValues: { ':alerted': 'DEADLINES#ALERTED' },
    }),
  );
  await api.runtime.settled();
}, 120_000);

describe("a commission's own statistics", () => {
  it('counts only its own cases for each county', async () => {
    // Act
    const a = await member('county-a').get('/stats');
    const b = await member('county-b').get('/stats');

    // Assess
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({
      reportsReceived: 2,
      cluesRegistered: 0,
      overdue: 0,
      commission: { commissionId: 'county-a', name: '甲市A县纪委监委', level: 'COUNTY' },
    });
    expect(b.body).toMatchObject({ reportsReceived: 1, cluesRegistered: 1, overdue: 1 });
    expect(b.body.commission.commissionId).toBe('county-b');
  });

  it("gives the city its own cases' figures (none), and each county's on request", async () => {
    // Act
    const own = await member('city-jia').get('/stats');
    const countyB = await member('city-jia').get('/stats?commissionId=county-b');
    const fromProvince = await member('prov').get('/stats?commissionId=county-a');

    // Assess
    expect(own.body).toMatchObject({
      reportsReceived: 0,
      overdue: 0,
      commission: { commissionId: 'city-jia' },
    });
    expect(countyB.status).toBe(200);
    expect(countyB.body).toMatchObject({ reportsReceived: 1, cluesRegistered: 1, overdue: 1 });
    expect(fromProvince.body.reportsReceived).toBe(2);
  });

  it('answers a county asking for its sibling or its superior exactly as for an unknown commission', async () => {
    // Act
    const sibling = await member('county-a').get('/stats?commissionId=county-b');
    const superior = await member('county-a').get('/stats?commissionId=city-jia');
    const unknown = await member('county-a').get('/stats?commissionId=nowhere');
    const siblings = await member('county-a').get('/stats/subordinates?commissionId=county-b');
    const malformed = await member('county-a').get('/stats?commissionId=Not%20An%20Id');

    // Assess
    expect(sibling.status).toBe(404);
    expect(superior.status).toBe(404);
    expect(siblings.status).toBe(404);
    expect(sibling.body).toEqual(unknown.body);
    expect(superior.body).toEqual(unknown.body);
    expect(malformed.status).toBe(400);
  });
});

describe("a superior's view of its subordinates", () => {
  it("shows the city each county's figures and their sum, and never a case", async () => {
    // Act
    const table = await member('city-jia').get('/stats/subordinates');

    // Assess
    expect(table.status, JSON.stringify(table.body)).toBe(200);
    expect(table.body.commission).toMatchObject({ commissionId: 'city-jia', name: '甲市纪委监委' });
    expect(
      table.body.items.map((row: { commissionId: string; figures: { reportsReceived: number } }) => [
        row.commissionId,
        row.figures.reportsReceived,
      ]),
    ).toEqual([
      ['county-a', 2],
      ['county-b', 1],
      ['default', 1],
    ]);
    expect(table.body.own.reportsReceived).toBe(0);
    // The rows add up to the total: the deployment's own county included.
    expect(table.body.total).toMatchObject({ reportsReceived: 4, cluesRegistered: 1 });
    const text = JSON.stringify(table.body);
    for (const id of ids) expect(text).not.toContain(id);
  });

  it("shows the province the city with its counties' figures, and lets it open the city's table", async () => {
    // Act
    const province = await member('prov').get('/stats/subordinates');
    const city = await member('prov').get('/stats/subordinates?commissionId=city-jia');

    // Assess
    expect(province.body.items).toHaveLength(1);
    expect(province.body.items[0]).toMatchObject({
      commissionId: 'city-jia',
      level: 'CITY',
      figures: { reportsReceived: 4 },
    });
    expect(province.body.total.reportsReceived).toBe(4);
    expect(city.body.items.map((row: { commissionId: string }) => row.commissionId)).toEqual([
      'county-a',
      'county-b',
      'default',
    ]);
  });

  it('gives a county an empty table: it has no subordinates', async () => {
    const table = await member('county-a').get('/stats/subordinates');
    expect(table.status).toBe(200);
    expect(table.body.items).toEqual([]);
    expect(table.body.total.reportsReceived).toBe(2);
  });
});

describe('public statistics per commission', () => {
  it("publishes a county's figures, and a city's with its counties', the deployment's own once", async () => {
    // Act
    const countyA = await api.call('GET', '/stats/public?commissionId=county-a');
    const city = await api.call('GET', '/stats/public?commissionId=city-jia');
    const province = await api.call('GET', '/stats/public?commissionId=prov');
    const whole = await api.call('GET', '/stats/public');
    const ownCounty = await api.call('GET', '/stats/public?commissionId=default');

    // Assess
    expect(countyA.status).toBe(200);
    expect(countyA.body).toMatchObject({ reportsReceived: 2, commission: { commissionId: 'county-a' } });
    expect(countyA.headers.get('cache-control')).toBe('public, max-age=60');
    expect(ownCounty.body.reportsReceived).toBe(1);
    expect(city.body.reportsReceived).toBe(4);
    expect(province.body.reportsReceived).toBe(4);
    expect(whole.body.reportsReceived).toBe(4);
    expect(whole.body.commission).toBeUndefined();
  });

  it('answers an unknown commission with 404 NOT_FOUND', async () => {
    const unknown = await api.call('GET', '/stats/public?commissionId=nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
  });
});
