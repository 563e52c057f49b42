/**
 * The bench's busiest-key model (bench/lib/partition-model.ts): key normalisation and units a second;
 * and the national cost model (bench/lib/cost-model.ts).
 */
import { describe, expect, it } from 'vitest';
import { assumed, costModel } from '../../bench/lib/cost-model.ts';
import {
  keyModel,
  keyTouches,
  normaliseKey,
  overLimit,
  reportRates,
  secondsPerYear,
  unitsPerKey,
} from '../../bench/lib/partition-model.ts';

describe('normaliseKey', () => {
  it('replaces ids, commissions, members, bigrams and dates, and keeps the kinds and statuses', () => {
    expect(normaliseKey('REPORT#01JF0Z8Q3K9V')).toBe('REPORT#<id>');
    expect(normaliseKey('CLUE#3f2a9c1e-5b7d-4e0a-9f1c-2d3e4f5a6b7c')).toBe('CLUE#<id>');
    expect(normaliseKey('C#p03-c02-x3#CLUES#STATUS#NEW')).toBe('C#<commission>#CLUES#STATUS#NEW');
    expect(normaliseKey('SEARCH#p03-c02-x3#人民')).toBe('SEARCH#<commission>#<bigram>');
    expect(normaliseKey('SEARCH#default#4号')).toBe('SEARCH#<commission>#<bigram>');
    expect(normaliseKey('NOTICES#2026-11')).toBe('NOTICES#<month>');
    expect(normaliseKey('IDENTITY_BUDGET#bench-appr#2026-12-02', [], ['bench-appr'])).toBe(
      'IDENTITY_BUDGET#<member>#<date>',
    );
    expect(normaliseKey('STAFF#county-a', ['county-a'])).toBe('STAFF#<commission>');
    expect(normaliseKey('DEADLINES#DUE')).toBe('DEADLINES#DUE');
    expect(normaliseKey('OUTBOX#UNPUBLISHED')).toBe('OUTBOX#UNPUBLISHED');
    expect(normaliseKey('STATS')).toBe('STATS');
  });
});

describe('keyTouches', () => {
  it('counts a Put on its key and each index partition it names, the table write twice in a transaction', () => {
    const touches = keyTouches([
      {
        name: 'TransactWriteCommand',
        input: {
          TransactItems: [
            {
              Put: {
                Item: { PK: 'CLUE#1', SK: 'CLUE', GSI1PK: 'CLUES#STATUS#NEW', GSI3PK: 'DEADLINES#DUE' },
              },
            },
            { ConditionCheck: { Key: { PK: 'REPORT#1', SK: 'REPORT' } } },
          ],
        },
      },
      {
        name: 'PutCommand',
        input: { Item: { PK: 'OUTBOX#e1', SK: 'OUTBOX', GSI5PK: 'OUTBOX#UNPUBLISHED' } },
      },
    ]);
    expect(touches).toEqual([
      { key: 'CLUE#1', kind: 'write', units: 2 },
      { key: 'CLUES#STATUS#NEW', kind: 'write', units: 1 },
      { key: 'DEADLINES#DUE', kind: 'write', units: 1 },
      { key: 'OUTBOX#e1', kind: 'write', units: 1 },
      { key: 'OUTBOX#UNPUBLISHED', kind: 'write', units: 1 },
    ]);
  });

  it("counts an Update's move between index partitions, and a REMOVE in the partition the item left", () => {
    const touches = keyTouches([
      {
        name: 'PutCommand',
        input: { Item: { PK: 'OUTBOX#e1', SK: 'OUTBOX', GSI5PK: 'OUTBOX#UNPUBLISHED' } },
      },
      {
        name: 'UpdateCommand',
        input: {
          Key: { PK: 'OUTBOX#e1', SK: 'OUTBOX' },
          UpdateExpression: 'SET published = :t REMOVE GSI5PK, GSI5SK',
        },
      },
      { name: 'PutCommand', input: { Item: { PK: 'CLUE#1', SK: 'CLUE', GSI1PK: 'CLUES#STATUS#NEW' } } },
      {
        name: 'UpdateCommand',
        input: {
          Key: { PK: 'CLUE#1', SK: 'CLUE' },
          UpdateExpression: 'SET #s = :s, GSI1PK = :p',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': 'ASSIGNED', ':p': 'CLUES#STATUS#ASSIGNED' },
        },
      },
    ]);
    const writes = unitsPerKey(touches);
    expect(writes.get('OUTBOX#UNPUBLISHED')?.write).toBe(2);
    expect(writes.get('CLUES#STATUS#NEW')?.write).toBe(2);
    expect(writes.get('CLUES#STATUS#ASSIGNED')?.write).toBe(1);
    expect(writes.get('CLUE#1')?.write).toBe(2);
  });

  it("weighs a write by the item's size in kilobytes and reads by the consumed units of the partition read", () => {
    const big = { PK: 'REPORT#1', SK: 'REPORT', text: 'x'.repeat(2_500) };
    const touches = keyTouches([
      { name: 'PutCommand', input: { Item: big } },
      {
        name: 'QueryCommand',
        input: {
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :s)',
          ExpressionAttributeValues: { ':pk': 'CLUES#STATUS#NEW', ':s': '2026' },
        },
        consumedUnits: 2.5,
      },
      {
        name: 'BatchGetCommand',
        input: { RequestItems: { t: { Keys: [{ PK: 'A' }, { PK: 'B' }] } } },
        consumedUnits: 1,
      },
    ]);
    expect(touches).toEqual([
      { key: 'REPORT#1', kind: 'write', units: 3 },
      { key: 'CLUES#STATUS#NEW', kind: 'read', units: 2.5 },
      { key: 'A', kind: 'read', units: 0.5 },
      { key: 'B', kind: 'read', units: 0.5 },
    ]);
  });
});

describe('keyModel', () => {
  const rates = reportRates({
    reportsPerYear: 1_000_000,
    burst: 100,
    commissions: 2_800,
    largestCommission: 10,
  });

  it('puts a million reports a year at 0.032 a second, a 100× burst at 3.2, the largest county at 0.011', () => {
    expect(rates.average).toBeCloseTo(1_000_000 / secondsPerYear, 6);
    expect(rates.burst).toBeCloseTo(3.17, 2);
    expect(rates.largestCommissionBurst).toBeCloseTo(0.0113, 4);
  });

  const round = (report: string) =>
    new Map([
      [`REPORT#${report}`, { write: 8, read: 2 }],
      ['C#x#CLUES#STATUS#NEW', { write: 4, read: 3 }],
      ['DEADLINES#DUE', { write: 6, read: 0 }],
      ['STATS', { write: 2, read: 0 }],
    ]);

  it("rates shared keys at the burst and a lifecycle's own at none, busiest first, global keys flagged", () => {
    const rows = keyModel([round('a'), round('b')], { reportsPerRound: 2, commissionIds: ['x'] });
    expect(rows.map((r) => [r.pattern, r.scope, r.global])).toEqual([
      ['DEADLINES#DUE', 'global', true],
      ['C#<commission>#CLUES#STATUS#NEW', 'commission', false],
      ['STATS', 'global', true],
      ['REPORT#<id>', 'lifecycle', false],
    ]);
    const deadlines = rows[0];
    expect(deadlines?.writeUnitsPerReport).toBe(3);
    expect(deadlines?.nationalWrites).toBeCloseTo(3 * rates.burst, 6);
    expect(deadlines?.headroom).toBeCloseTo(1_000 / (3 * rates.burst), 3);
    const list = rows[1];
    expect(list?.commissionWrites).toBeCloseTo(2 * rates.largestCommissionBurst, 6);
    expect(list?.nationalReads).toBeCloseTo(1.5 * rates.burst, 6);
    expect(rows[3]?.nationalWrites).toBe(0);
    expect(overLimit(rows)).toEqual([]);
  });

  it('names a key over the limit when the traffic drives it there', () => {
    const rows = keyModel([round('a'), round('b')], {
      reportsPerRound: 2,
      commissionIds: ['x'],
      traffic: { reportsPerYear: 20_000_000_000, burst: 100, commissions: 2_800, largestCommission: 10 },
    });
    expect(overLimit(rows).map((r) => r.pattern)).toContain('DEADLINES#DUE');
  });
});

describe('costModel', () => {
  const measured = {
    readUnits: 100,
    writeUnits: 200,
    apiRequests: 30,
    workerInvocations: 10,
    outboxEvents: 8,
  };

  it('prices DynamoDB requests from the units per report at a million reports a year', () => {
    const model = costModel(measured);
    const line = (item: string) => model.lines.find((l) => l.item === item)?.usdPerMonth;
    // 200 write units × 83,333 reports a month × USD 0.625 per million.
    expect(line('DynamoDB writes')).toBeCloseTo((200 * 1_000_000 * 0.625) / 12 / 1e6, 6);
    expect(line('DynamoDB reads')).toBeCloseTo((100 * 1_000_000 * 0.125) / 12 / 1e6, 6);
    expect(line('API Gateway (HTTP API)')).toBeCloseTo((30 * 1_000_000) / 12 / 1e6, 6);
    expect(model.total).toBeCloseTo(
      model.lines.reduce((sum, l) => sum + l.usdPerMonth, 0),
      9,
    );
    expect(model.perCommission).toBeCloseTo(model.total / assumed.commissions, 9);
  });

  it('grows with what is measured: twice the writes, twice the write line', () => {
    const once = costModel(measured).lines[1]?.usdPerMonth ?? 0;
    const twice = costModel({ ...measured, writeUnits: 400 }).lines[1]?.usdPerMonth ?? 0;
    expect(twice).toBeCloseTo(2 * once, 9);
  });
});
