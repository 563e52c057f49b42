/** Which index a clue list reads, what is filtered, what is refused (shared/domain/clue-lists.ts). */

import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { clueListPlan } from '../../shared/domain/clue-lists.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { ListCluesQuery } from '../../shared/schemas/clues.ts';
import { ListReportsQuery } from '../../shared/schemas/reports.ts';
import { indexKeys } from '../../shared/store/keys.ts';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('not refused');
};

describe('clue list plans', () => {
  it('reads a status by registration time from the status queue, oldest first by default', () => {
    expect(clueListPlan({ status: 'ASSIGNED' })).toEqual({
      index: 'byStatus',
      status: 'ASSIGNED',
      forward: true,
      filters: {},
    });
    expect(clueListPlan({ status: 'ASSIGNED', order: 'desc', category: 'CORRUPTION' })).toEqual({
      index: 'byStatus',
      status: 'ASSIGNED',
      forward: false,
      filters: { category: 'CORRUPTION' },
    });
  });

  it('reads a status by deadline from the deadline index, with assignee and category filtered', () => {
    expect(
      clueListPlan({
        status: 'ASSIGNED',
        sort: 'deadline',
        order: 'desc',
        assignee: 'u1',
        category: 'OTHER',
      }),
    ).toEqual({
      index: 'byDeadline',
      status: 'ASSIGNED',
      forward: false,
      overdue: false,
      filters: { assignee: 'u1', category: 'OTHER' },
    });
  });

  it('keys overdue within a status on the deadline index, sorted by deadline', () => {
    expect(clueListPlan({ status: 'REGISTERED', overdue: 'true' })).toMatchObject({
      index: 'byDeadline',
      overdue: true,
      forward: true,
    });
  });

  it('reads an assignee by registration time, with status and category filtered', () => {
    expect(clueListPlan({ assignee: 'u1', status: 'ASSIGNED', category: 'DISCIPLINE' })).toEqual({
      index: 'byAssignee',
      assignee: 'u1',
      forward: true,
      filters: { status: 'ASSIGNED', category: 'DISCIPLINE' },
    });
  });

  it('reads overdue of every status from the sweep’s deadline index', () => {
    expect(clueListPlan({ overdue: 'true', assignee: 'u1' })).toEqual({
      index: 'overdue',
      filters: { assignee: 'u1' },
    });
  });

  it.each([
    ['deadline order without a status', { assignee: 'u1', sort: 'deadline' as const }],
    ['overdue by registration time', { overdue: 'true' as const, sort: 'registered' as const }],
    ['overdue of every status newest first', { overdue: 'true' as const, order: 'desc' as const }],
    ['nothing to list', {}],
  ])('refuses %s as VALIDATION_FAILED in both languages', (_why, query) => {
    const error = refusal(() => clueListPlan(query));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(error)).not.toBe('');
  });

  it('names the refused combination in Chinese and English', () => {
    const error = refusal(() => clueListPlan({ assignee: 'u1', sort: 'deadline' })) as DomainError;
    expect(error.message).toMatch(/deadline needs a status/);
    expect(JSON.stringify(error)).toMatch(/按期限排序须指定状态/);
  });
});

describe('list queries', () => {
  it('parses sort, order and category, and refuses values outside them', () => {
    expect(
      z.parse(ListCluesQuery, {
        status: 'ASSIGNED',
        sort: 'deadline',
        order: 'desc',
        category: 'CORRUPTION',
      }),
    ).toMatchObject({ sort: 'deadline', order: 'desc', category: 'CORRUPTION', limit: 20 });
    expect(z.safeParse(ListCluesQuery, { status: 'ASSIGNED', sort: 'name' }).success).toBe(false);
    expect(z.safeParse(ListCluesQuery, { status: 'ASSIGNED', order: 'up' }).success).toBe(false);
    expect(z.safeParse(ListCluesQuery, { status: 'ASSIGNED', category: 'THEFT' }).success).toBe(false);
    expect(z.safeParse(ListCluesQuery, { status: 'ASSIGNED', limit: '101' }).success).toBe(false);
    expect(z.safeParse(ListCluesQuery, { category: 'OTHER' }).success).toBe(false);
  });

  it('lets the intake queue be read newest first', () => {
    expect(z.parse(ListReportsQuery, { status: 'UNREGISTERED', order: 'desc' }).order).toBe('desc');
    expect(z.safeParse(ListReportsQuery, { status: 'UNREGISTERED', order: 'newest' }).success).toBe(false);
  });
});

describe('the by-deadline sort key', () => {
  it('sorts dated clues by date and undated ones after every date', () => {
    const keys = [
      indexKeys.cluesByDeadline.sort(undefined, 'c1'),
      indexKeys.cluesByDeadline.sort('2027-01-02T00:00:00.000Z', 'c2'),
      indexKeys.cluesByDeadline.sort('2026-12-31T00:00:00.000Z', 'c3'),
    ];
    expect([...keys].sort()).toEqual([keys[2], keys[1], keys[0]]);
  });
});
