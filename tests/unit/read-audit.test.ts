/** Audited reads: the watch's decision, and the route table's declarations (shared/domain/read-audit.ts). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeEntries } from '../../shared/contract/routes.ts';
import { decideWatch, readSubjectId, unusualReadingAlert } from '../../shared/domain/read-audit.ts';

const root = resolve(import.meta.dirname, '..', '..');
const policy = { threshold: 3, windowSeconds: 3600 };
const now = 1_800_000_000;

describe('the read watch', () => {
  it('alerts at the threshold of distinct files within the window, not before', () => {
    // Arrange
    const two = { opened: { a: now - 10, b: now } };
    const three = { opened: { a: now - 10, b: now - 5, c: now } };
    // Act / Assess
    expect(decideWatch(two, policy, now)).toEqual({ alert: false, stale: [] });
    expect(decideWatch(three, policy, now)).toEqual({
      alert: true,
      stale: [],
      distinct: 3,
      windowStart: now - 3600,
    });
  });

  it('slides: files across a clock-hour boundary count together, files older than the window do not', () => {
    const acrossTheHour = { opened: { a: now - 3599, b: now - 1800, c: now } };
    expect(decideWatch(acrossTheHour, policy, now).alert).toBe(true);
    const oneTooOld = { opened: { a: now - 3600, b: now - 1800, c: now } };
    expect(decideWatch(oneTooOld, policy, now)).toEqual({ alert: false, stale: ['a'] });
  });

  it('alerts once per window, and again once the window since the alert has passed', () => {
    const busy = { opened: { a: now - 3, b: now - 2, c: now - 1, d: now } };
    expect(decideWatch({ ...busy, alertedAt: now - 1 }, policy, now).alert).toBe(false);
    expect(decideWatch({ ...busy, alertedAt: now - 3599 }, policy, now).alert).toBe(false);
    expect(decideWatch({ ...busy, alertedAt: now - 3600 }, policy, now).alert).toBe(true);
  });

  it('tells the auditors who, how many and since when, and nothing of the files', () => {
    const decision = decideWatch({ opened: { a: now - 3, b: now - 2, c: now } }, policy, now);
    if (!decision.alert) throw new Error('expected an alert');
    const event = unusualReadingAlert({ commissionId: 'default', userId: 'inv-9' }, decision, policy, now);
    expect(event).toMatchObject({
      type: 'CaseFilesReadUnusually',
      userId: 'inv-9',
      distinctFiles: 3,
      threshold: 3,
      windowMinutes: 60,
      since: new Date((now - 3600) * 1000).toISOString(),
    });
    expect(JSON.stringify(event)).not.toMatch(/"a"|"b"|"c"/);
  });
});

describe('audited routes', () => {
  const audited = routeEntries.filter(([, route]) => route.auditRead);

  it('name a subject their path carries, on staff routes whose handlers record', () => {
    expect(audited.length).toBeGreaterThanOrEqual(10);
    for (const [name, route] of audited) {
      const audit = route.auditRead as NonNullable<typeof route.auditRead>;
      expect(route.access, name).not.toBe('public');
      if ('param' in audit.subject) expect(route.path, name).toContain(`{${audit.subject.param}}`);
      const source = readFileSync(resolve(root, route.entry), 'utf8');
      expect(source, `${route.entry} passes audited(route, services) to httpHandler`).toMatch(/audited\(/);
    }
  });

  it('cover every staff read of a clue, a report, an attachment, an identity or an export', () => {
    const names = audited.map(([name]) => name).sort();
    expect(names).toEqual(
      [
        'downloadAttachment',
        'exportFlags',
        'getClue',
        'listAttachments',
        'listClueMessages',
        'listReportMessages',
        'reportSuggestions',
        'revealFlagIdentity',
        'revealReporter',
        'verifyClueHistory',
      ].sort(),
    );
  });

  it('take the subject from the path, or the export’s fixed name', () => {
    expect(readSubjectId({ kind: 'CLUE', subject: { param: 'clueId' } }, { clueId: 'clu_x' })).toBe('clu_x');
    expect(readSubjectId({ kind: 'EXPORT', subject: { fixed: 'credit-export' } }, {})).toBe('credit-export');
    expect(() => readSubjectId({ kind: 'CLUE', subject: { param: 'clueId' } }, {})).toThrow();
  });
});
