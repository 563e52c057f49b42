/**
 * The reporter-news worker's work (functions/workers/reporter-news.ts is its handler): takes the
 * events which are news to reporters (shared/domain/reporter-news.ts), finds the reports concerned,
 * and tells each reporter who left a contact that there is news, and nothing else. Once per event
 * and report (a redelivered event is not news again), and at most once per report within the
 * coalescing window.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { readEvent } from '../domain/events.ts';
import { type NewsContact, newsContactContext } from '../domain/reporter.ts';
import { coalescedSince, newsEventTypes, newsFor, newsMessage, newsText } from '../domain/reporter-news.ts';
import { logger } from '../logger.ts';
import type { Services } from '../services.ts';
import { clueStore } from '../store/clues.ts';
import { reporterNewsStore } from '../store/reporter-news.ts';
import { reportStore } from '../store/reports.ts';
import type { NewsSender } from './news-sender.ts';
import { processOutboxInOrder } from './stream-batch.ts';

export const tellReporters = (services: Services, sender: (contactPepper: Uint8Array) => NewsSender) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  const news = reporterNewsStore(services);
  const window = services.config.REPORTER_NEWS_COALESCE_MINUTES;
  return (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
    processOutboxInOrder(event, 'reporter news', async (item) => {
      if (!newsEventTypes.includes(item.type as never)) return;
      const read = readEvent(item.payload);
      if (!('event' in read)) {
        logger.warn('reporter news: an event of an unknown version left alone', { eventId: item.eventId });
        return;
      }
      const whose = newsFor(read.event);
      if (!whose) return;
      const reportIds =
        'reportIds' in whose
          ? whose.reportIds
          : (await clues.existing(whose.clueId)).clue.reports.map((r) => r.reportId);
      const send = sender((await services.peppers()).contact);
      for (const report of await reports.getMany(reportIds)) {
        if (!report.newsContact) continue;
        const now = services.now();
        const claim = await news.claim(item.eventId, report.reportId, now, coalescedSince(now, window));
        if (!claim.claimed) continue;
        try {
          const contact = await services.vault.open<NewsContact>(
            report.newsContact,
            newsContactContext(report.reportId),
          );
          await send.send(contact, { subject: newsMessage.subject, text: newsText });
        } catch (error) {
          // Not sent: give the claim back, so the retry of this batch sends it.
          await news.release(item.eventId, report.reportId, now, claim.previous);
          throw error;
        }
      }
    });
};
