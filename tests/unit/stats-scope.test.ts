import { describe, expect, it } from 'vitest';
import type { Commission } from '../../shared/domain/commission.ts';
import {
  addCounters,
  countersTargets,
  headlineOf,
  mayReadStatsOf,
  publicTargets,
  subordinatesOf,
  topOf,
} from '../../shared/domain/stats-scope.ts';

const commission = (commissionId: string, level: Commission['level'], parentId?: string): Commission => ({
  commissionId,
  name: `${commissionId}纪委监委`,
  level,
  ...(parentId ? { parentId } : {}),
  settings: {},
  version: 1,
});

const all = [
  commission('prov', 'PROVINCE'),
  commission('city-jia', 'CITY', 'prov'),
  commission('city-yi', 'CITY', 'prov'),
  commission('county-a', 'COUNTY', 'city-jia'),
  commission('county-b', 'COUNTY', 'city-jia'),
  commission('county-c', 'COUNTY', 'city-yi'),
];
const byId = new Map(all.map((c) => [c.commissionId, c]));

describe('whose statistics a member reads', () => {
  it('lets a commission read its own figures and those of every commission below it', () => {
    expect(mayReadStatsOf('county-a', 'county-a', byId)).toBe(true);
    expect(mayReadStatsOf('city-jia', 'county-a', byId)).toBe(true);
    expect(mayReadStatsOf('prov', 'county-c', byId)).toBe(true);
    expect(mayReadStatsOf('prov', 'city-yi', byId)).toBe(true);
  });

  it('refuses a sibling, a superior, a cousin and an unknown commission alike', () => {
    expect(mayReadStatsOf('county-a', 'county-b', byId)).toBe(false);
    expect(mayReadStatsOf('county-a', 'city-jia', byId)).toBe(false);
    expect(mayReadStatsOf('county-a', 'prov', byId)).toBe(false);
    expect(mayReadStatsOf('city-jia', 'county-c', byId)).toBe(false);
    expect(mayReadStatsOf('city-jia', 'nowhere', byId)).toBe(false);
  });

  it('lets the single commission of a deployment without a registry read its own', () => {
    expect(mayReadStatsOf('default', 'default', new Map())).toBe(true);
    expect(mayReadStatsOf('default', 'county-a', byId)).toBe(false);
  });
});

describe('where an event is counted', () => {
  it("adds to its commission's own counters and to the 'below' counters of each one above it", () => {
    expect(countersTargets('county-a', ['city-jia', 'prov'])).toEqual([
      { commissionId: 'county-a', part: 'OWN' },
      { commissionId: 'city-jia', part: 'BELOW' },
      { commissionId: 'prov', part: 'BELOW' },
    ]);
    expect(countersTargets('default', [])).toEqual([{ commissionId: 'default', part: 'OWN' }]);
  });
});

describe('the hierarchy and the sums', () => {
  it('lists only the direct subordinates, and the commissions at the top', () => {
    expect(subordinatesOf('prov', all).map((c) => c.commissionId)).toEqual(['city-jia', 'city-yi']);
    expect(subordinatesOf('city-jia', all).map((c) => c.commissionId)).toEqual(['county-a', 'county-b']);
    expect(subordinatesOf('county-a', all)).toEqual([]);
    expect(topOf(all).map((c) => c.commissionId)).toEqual(['prov']);
  });

  it('adds counters name by name, and ignores what is not a count', () => {
    const total = addCounters(
      { reportsReceived: 2, finding_UNTRUE: 1, entity: 'Stats' as unknown as number },
      { reportsReceived: 3, days_10: 1 },
    );
    expect(total).toEqual({ reportsReceived: 5, finding_UNTRUE: 1, days_10: 1 });
  });

  it('reads a headline of counts only', () => {
    const headline = headlineOf({
      reportsReceived: 4,
      reportsDeclined: 1,
      cluesRegistered: 2,
      finding_UNTRUE: 1,
      days_30: 1,
      noticesPublished: 1,
    });
    expect(headline).toMatchObject({
      reportsReceived: 4,
      reportsDeclined: 1,
      cluesRegistered: 2,
      cluesConcluded: 1,
      medianDaysToConclude: 30,
      noticesPublished: 1,
    });
    expect(headline.byFinding.UNTRUE).toBe(1);
  });

  it("makes the public figures of a commission its own and what is below it, and the whole of the top ones and the single commission's", () => {
    expect(publicTargets('city-jia', all, 'default')).toEqual([
      { commissionId: 'city-jia', part: 'OWN' },
      { commissionId: 'city-jia', part: 'BELOW' },
    ]);
    expect(publicTargets(undefined, all, 'default')).toEqual([
      { commissionId: 'prov', part: 'OWN' },
      { commissionId: 'prov', part: 'BELOW' },
      { commissionId: 'default', part: 'OWN' },
      { commissionId: 'default', part: 'BELOW' },
    ]);
    // The deployment's own commission registered as a county: counted in its city's and
    // province's "below" items already, never a second time on its own.
    expect(
      publicTargets(undefined, [...all, commission('default', 'COUNTY', 'city-jia')], 'default'),
    ).toEqual([
      { commissionId: 'prov', part: 'OWN' },
      { commissionId: 'prov', part: 'BELOW' },
    ]);
    // A deployment with no registry: the single commission, as before there were commissions.
    expect(publicTargets(undefined, [], 'default')).toEqual([
      { commissionId: 'default', part: 'OWN' },
      { commissionId: 'default', part: 'BELOW' },
    ]);
  });
});
