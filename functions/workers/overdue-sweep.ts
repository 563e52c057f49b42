/**
 * The overdue sweep, run on a schedule (EventBridge in the cloud, a timer locally). It queries
 * the deadline index for deadlines that have passed and are not yet alerted, never scanning, and
 * alerts each once (shared/domain/overdue.ts decides, shared/store/deadlines.ts writes): the alert
 * goes through the outbox to the commission alerts topic, and the item moves to the alerted
 * partition of the index in the same transaction.
 */
import { type DueItem, overdueAlert } from '../../shared/domain/overdue.ts';
import { logger } from '../../shared/logger.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { deadlineStore } from '../../shared/store/deadlines.ts';

export const sweepOverdue = (services: Services) => {
  const deadlines = deadlineStore(services);
  return async (): Promise<{ alerted: number; examined: number }> => {
    const now = services.now();
    const context = { now, auditPepper: (await services.peppers()).audit };
    const decide = (due: DueItem) => overdueAlert(due, now);
    let alerted = 0;
    let examined = 0;
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await deadlines.due(now, 100, cursor);
      for (const entry of page.items) {
        examined++;
        if (await deadlines.alert(entry, decide, context)) alerted++;
      }
      cursor = page.next;
    } while (cursor && examined < services.config.SWEEP_BATCH);
    if (alerted) logger.info('overdue sweep', { alerted, examined });
    return { alerted, examined };
  };
};

export const handler = sweepOverdue(createServices());
