/** Reports per month for the public statistics: counted by China Standard Time month, oldest first. */
import { describe, expect, it } from 'vitest';
import { domainEvent } from '../../shared/domain/events.ts';
import { monthOf, statsDelta, summarise } from '../../shared/domain/stats.ts';

describe('reports per month', () => {
  it('counts a report in its month in China Standard Time', () => {
    expect(monthOf('2026-01-31T15:59:59.000Z')).toBe('2026-01');
    expect(monthOf('2026-01-31T16:00:00.000Z')).toBe('2026-02');
    const submitted = domainEvent(
      'ReportSubmitted',
      { reportId: 'rpt_1', category: 'OTHER', reporterKind: 'ANONYMOUS', allegationCount: 1 },
      '2026-03-10T02:00:00.000Z',
    );
    // An event written before channels were recorded came in through the portal.
    expect(statsDelta(submitted)).toEqual({
      reportsReceived: 1,
      'reports_2026-03': 1,
      channel_ONLINE: 1,
    });
  });

  it('counts a report taken at the counter by its channel, and lists every channel', () => {
    const letter = domainEvent(
      'ReportSubmitted',
      {
        reportId: 'rpt_2',
        category: 'OTHER',
        reporterKind: 'REAL_NAME',
        allegationCount: 1,
        channel: 'LETTER',
      },
      '2026-03-10T02:00:00.000Z',
    );
    expect(statsDelta(letter)).toMatchObject({ reportsReceived: 1, channel_LETTER: 1 });
    expect(statsDelta(letter)).not.toHaveProperty('channel_ONLINE');
    expect(summarise({ channel_LETTER: 2, channel_ONLINE: 5 }).byChannel).toEqual({
      ONLINE: 5,
      LETTER: 2,
      VISIT: 0,
      PHONE: 0,
    });
  });

  it('summarises the months that have reports, oldest first, and ignores other counters', () => {
    const summary = summarise({
      'reports_2026-03': 2,
      'reports_2025-12': 5,
      'reports_2026-01': 0,
      reportsReceived: 7,
    });
    expect(summary.reportsByMonth).toEqual({ '2025-12': 5, '2026-03': 2 });
    expect(Object.keys(summary.reportsByMonth)).toEqual(['2025-12', '2026-03']);
  });
});
