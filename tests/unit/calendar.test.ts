import { describe, expect, it } from 'vitest';
import {
  addMonths,
  addWorkingDays,
  calendarOf,
  chinaDate,
  isWorkingDay,
} from '../../shared/domain/calendar.ts';
import { acknowledgeBy } from '../../shared/domain/deadlines.ts';

const plain = calendarOf([], []);
// 2026 National Day: 1–7 October off (Thu 1 – Wed 7 here as configured), Sat 10 October a working day.
const nationalDay = calendarOf(
  ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  ['2026-10-10'],
);

const chinaDay = (instant: Date) => chinaDate(instant);

describe('working days', () => {
  it('skips weekends', () => {
    // Friday 2026-11-20, 10:00 in Beijing → 1 working day later is Monday 23rd.
    expect(chinaDay(addWorkingDays(new Date('2026-11-20T02:00:00Z'), 1, plain))).toBe('2026-11-23');
    expect(chinaDay(addWorkingDays(new Date('2026-11-20T02:00:00Z'), 5, plain))).toBe('2026-11-27');
  });

  it('counts from the China date, not the UTC date', () => {
    // 23:30 UTC on Sunday is already Monday 07:30 in Beijing.
    expect(chinaDay(addWorkingDays(new Date('2026-11-22T23:30:00Z'), 1, plain))).toBe('2026-11-24');
  });

  it('ends at the close of the last working day in Beijing', () => {
    expect(addWorkingDays(new Date('2026-11-20T02:00:00Z'), 1, plain).toISOString()).toBe(
      '2026-11-23T15:59:59.999Z',
    );
  });

  it('skips holidays and counts declared weekend working days', () => {
    expect(isWorkingDay('2026-10-05', nationalDay)).toBe(false);
    expect(isWorkingDay('2026-10-10', nationalDay)).toBe(true);
    // From Wed 30 Sep: 1 Oct–7 Oct are off (3–4 a weekend), Thu 8 is the first, Fri 9 the second, Sat 10 the third.
    expect(chinaDay(addWorkingDays(new Date('2026-09-30T02:00:00Z'), 3, nationalDay))).toBe('2026-10-10');
  });

  it('gives a real-name report 15 working days to be acknowledged', () => {
    const policy = { acknowledgeWorkingDays: 15, concludeMonths: 3, maxExtensionDays: 90, calendar: plain };
    // Monday 2 Nov 2026 → three weeks later, Monday 23 Nov.
    expect(chinaDay(new Date(acknowledgeBy(new Date('2026-11-02T02:00:00Z'), policy)))).toBe('2026-11-23');
  });
});

describe('calendar months', () => {
  it('adds months, clamping to the end of shorter months', () => {
    expect(addMonths(new Date('2026-01-31T02:00:00Z'), 1).toISOString()).toBe('2026-02-28T02:00:00.000Z');
    expect(addMonths(new Date('2026-11-24T02:00:00Z'), 3).toISOString()).toBe('2027-02-24T02:00:00.000Z');
  });
});
