import { describe, expect, it } from 'vitest';
import { budgetDay, identityBudgetSpent } from '../../shared/domain/identity-access.ts';

describe('the daily budget of identity openings', () => {
  it('runs by the China calendar day and frees at its midnight', () => {
    // 2026-06-01 23:30 in Beijing is 15:30 UTC.
    const late = new Date('2026-06-01T15:30:00Z');
    expect(budgetDay(late)).toEqual({ day: '2026-06-01', freesAt: new Date('2026-06-01T16:00:00Z') });
    expect(budgetDay(new Date('2026-06-01T16:00:00Z')).day).toBe('2026-06-02');
    const spent = identityBudgetSpent(5, late);
    expect(spent).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfter: 1800 });
    expect(spent.text.zh).toContain('5');
  });
});
