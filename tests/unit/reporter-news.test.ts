/** Which events are news to a reporter, and what the message says: nothing but that there is news. */
import { describe, expect, it } from 'vitest';
import { takes, workers } from '../../shared/contract/workers.ts';
import { domainEvent, eventCatalogue } from '../../shared/domain/events.ts';
import { newsContactOf } from '../../shared/domain/reporter.ts';
import {
  coalescedSince,
  newsEventTypes,
  newsFor,
  newsMessage,
  newsText,
} from '../../shared/domain/reporter-news.ts';
import { clueStatuses, reporterStageOf } from '../../shared/domain/stages.ts';

const at = '2026-03-02T08:00:00.000Z';

describe('news to a reporter', () => {
  it('is a registration, naming its reports', () => {
    const registered = domainEvent(
      'ClueRegistered',
      { clueId: 'clu_1', reportIds: ['rpt_1', 'rpt_2'], predatesTenure: 0 },
      at,
    );
    expect(newsFor(registered)).toEqual({ reportIds: ['rpt_1', 'rpt_2'] });
  });

  it('is every status change the reporter can see, and no internal step', () => {
    for (const fromStatus of clueStatuses)
      for (const toStatus of clueStatuses) {
        const changed = domainEvent('ClueStatusChanged', { clueId: 'clu_1', fromStatus, toStatus, at }, at);
        const visible = reporterStageOf(fromStatus) !== reporterStageOf(toStatus);
        expect(newsFor(changed)).toEqual(visible ? { clueId: 'clu_1' } : undefined);
      }
    const assigned = domainEvent(
      'ClueStatusChanged',
      { clueId: 'c', fromStatus: 'REGISTERED', toStatus: 'ASSIGNED', at },
      at,
    );
    expect(newsFor(assigned)).toBeUndefined();
    const closed = domainEvent(
      'ClueStatusChanged',
      { clueId: 'c', fromStatus: 'ASSIGNED', toStatus: 'CLOSED', at },
      at,
    );
    expect(newsFor(closed)).toEqual({ clueId: 'c' });
  });

  it('is a recusal the reporter asked for, recorded or lifted, and no other recusal', () => {
    const payload = { clueId: 'c', userId: 'inv-1', recusalId: 'rcs_1', kind: 'RECORDED' as const };
    const asked = { ...payload, requestReportId: 'rpt_1' };
    const recorded = domainEvent('ClueRecusalRecorded', { ...asked, assigneeCleared: false }, at);
    expect(newsFor(recorded)).toEqual({ reportIds: ['rpt_1'] });
    expect(newsFor(domainEvent('ClueRecusalLifted', asked, at))).toEqual({ reportIds: ['rpt_1'] });
    const own = { ...payload, kind: 'DECLARED' as const };
    expect(
      newsFor(domainEvent('ClueRecusalRecorded', { ...own, assigneeCleared: true }, at)),
    ).toBeUndefined();
    expect(newsFor(domainEvent('ClueRecusalLifted', own, at))).toBeUndefined();
    expect(newsFor(domainEvent('ClueRecusalLifted', payload, at))).toBeUndefined();
  });

  it('is not a submission, nor the conclusion event (its status change is the news)', () => {
    const submitted = domainEvent(
      'ReportSubmitted',
      { reportId: 'r', category: 'OTHER', reporterKind: 'ANONYMOUS', allegationCount: 1 },
      at,
    );
    expect(newsFor(submitted)).toBeUndefined();
    expect(newsEventTypes).not.toContain('ClueConcluded');
    for (const type of newsEventTypes) expect(Object.keys(eventCatalogue)).toContain(type);
  });

  it('reaches the worker through its stream filter, and nothing else does', () => {
    const filter = workers.reporterNews.trigger.filter;
    const record = (type: string) => ({
      eventName: 'INSERT',
      dynamodb: { NewImage: { entity: { S: 'OutboxEvent' }, type: { S: type } } },
    });
    for (const type of newsEventTypes) expect(takes(filter, record(type))).toBe(true);
    expect(takes(filter, record('ReportSubmitted'))).toBe(false);
    expect(takes(filter, record('ClueConcluded'))).toBe(false);
  });

  it('says there is news and nothing more, in Chinese and English', () => {
    expect(newsText).toContain(newsMessage.zh);
    expect(newsText).toContain(newsMessage.en);
    expect(newsText).not.toMatch(/https?:|rpt_|clu_|[A-Z0-9]{4}-[A-Z0-9]{4}/);
    // SNS takes a UTF-8 subject under 100 characters without line breaks or control characters.
    expect(newsMessage.subject).toMatch(/^[^\p{Cc}]{1,99}$/u);
    expect(newsMessage.subject).toMatch(/^检举控告/);
  });

  it('goes to an email today, coalesced within the window', () => {
    expect(newsContactOf({ email: 'a@example.cn' })).toEqual({ channel: 'email', address: 'a@example.cn' });
    expect(newsContactOf(undefined)).toBeUndefined();
    expect(coalescedSince(new Date(at), 60)).toBe('2026-03-02T07:00:00.000Z');
  });
});
