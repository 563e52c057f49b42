/**
 * Where a public report goes (shared/domain/commission.ts): the commission it names, or the
 * deployment's own; and a report about a commission's own leadership goes to the one above.
 */
import { describe, expect, it } from 'vitest';
import {
  type Commission,
  destinationOf,
  noticeBoardsOf,
  routeReport,
} from '../../shared/domain/commission.ts';

const commission = (commissionId: string, level: Commission['level'], parentId?: string): Commission => ({
  commissionId,
  name: commissionId,
  level,
  ...(parentId ? { parentId } : {}),
  settings: {},
  version: 1,
});

const hierarchy = new Map(
  [
    commission('prov', 'PROVINCE'),
    commission('city', 'CITY', 'prov'),
    commission('county', 'COUNTY', 'city'),
  ].map((c) => [c.commissionId, c]),
);
const parentOf = (id: string) => hierarchy.get(id)?.parentId;

describe('the commission a report goes to', () => {
  it('is the one named when it exists, and a named one that does not exist is refused', () => {
    expect(destinationOf('county', { known: true, fallback: 'default' })).toEqual({
      ok: true,
      commissionId: 'county',
    });
    expect(destinationOf('nowhere', { known: false, fallback: 'default' })).toEqual({
      ok: false,
      reason: 'UNKNOWN',
    });
  });

  it("is the deployment's own when none is named, and must be chosen when there is none", () => {
    expect(destinationOf(undefined, { known: false, fallback: 'default' })).toEqual({
      ok: true,
      commissionId: 'default',
    });
    expect(destinationOf(undefined, { known: false, fallback: undefined })).toEqual({
      ok: false,
      reason: 'CHOOSE',
    });
  });
});

describe('a report about a commission’s own leadership (本级纪委监委领导班子成员)', () => {
  it('stays with the commission addressed when it is not about its leaders', () => {
    expect(routeReport('county', false, parentOf)).toEqual({ ok: true, commissionId: 'county' });
  });

  it('goes to the commission above, and says it was sent up and from where', () => {
    expect(routeReport('county', true, parentOf)).toEqual({
      ok: true,
      commissionId: 'city',
      escalation: { fromCommissionId: 'county', reason: 'COMMISSION_LEADERSHIP' },
    });
    expect(routeReport('city', true, parentOf)).toMatchObject({ ok: true, commissionId: 'prov' });
  });

  it('is refused for a commission with nobody above it in the deployment', () => {
    expect(routeReport('prov', true, parentOf)).toEqual({ ok: false, reason: 'NO_COMMISSION_ABOVE' });
    expect(routeReport('default', true, () => undefined)).toEqual({
      ok: false,
      reason: 'NO_COMMISSION_ABOVE',
    });
  });
});

describe('the notice boards a notice goes on', () => {
  it("are its commission's and each one above it, nearest first", () => {
    expect(noticeBoardsOf('county', hierarchy)).toEqual(['county', 'city', 'prov']);
    expect(noticeBoardsOf('prov', hierarchy)).toEqual(['prov']);
    expect(noticeBoardsOf('unregistered', hierarchy)).toEqual(['unregistered']);
  });
});
