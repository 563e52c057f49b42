/**
 * The overdue sweep, run on a schedule (EventBridge in the cloud, a timer locally). It queries
 * the deadline index for deadlines that have passed and are not yet alerted, never scanning, and
 * alerts each once: the alert goes through the outbox to the commission alerts topic, and the
 * item moves to the alerted partition of the index in the same transaction.
 */
import { nextDeadline } from '../../shared/domain/clue.ts';
import { deadlineKey } from '../../shared/domain/deadlines.ts';
import { logger } from '../../shared/logger.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { alertUnacknowledgedReport } from '../../shared/store/deadlines.ts';
import type { ReportItem } from '../../shared/store/reports.ts';

class NothingToAlert extends Error {}

export const sweepOverdue = (services: Services) => {
  const clues = clueStore(services);
  const settings = {
    tableName: services.config.TABLE_NAME,
    outboxTtlSeconds: services.config.OUTBOX_TTL_SECONDS,
  };

  const alertClue = async (clueId: string, now: Date, auditPepper: Uint8Array) => {
    try {
      await clues.mutate(
        clueId,
        (stored) => {
          const deadline = nextDeadline(stored.clue);
          if (
            !deadline ||
            deadline.at >= now.toISOString() ||
            stored.alertedDeadline === deadlineKey(deadline)
          ) {
            throw new NothingToAlert();
          }
          return {
            clue: stored.clue,
            alertedDeadline: deadlineKey(deadline),
            facts: {
              at: now.toISOString(),
              actor: 'overdue-sweep',
              role: 'system',
              action: 'deadline-alert',
              details: { ...deadline },
            },
            events: [
              {
                type: 'ClueOverdue',
                clueId,
                deadline,
                status: stored.clue.status,
                assignee: stored.clue.assignee,
                registeredAt: stored.clue.registeredAt,
              },
            ],
            topicOf: () => 'alerts',
          };
        },
        { now: () => now, auditPepper },
      );
      return true;
    } catch (error) {
      if (error instanceof NothingToAlert) return false;
      throw error;
    }
  };

  return async (): Promise<{ alerted: number; examined: number }> => {
    const now = services.now();
    const { audit } = await services.peppers();
    let alerted = 0;
    let examined = 0;
    let cursor: string | undefined;
    do {
      const page = await clues.dueDeadlines(now, 100, cursor);
      for (const { entity, clue, item } of page.items) {
        examined++;
        const done =
          entity === 'Clue'
            ? await alertClue(clue.clueId, now, audit)
            : await alertUnacknowledgedReport(
                services.db,
                settings,
                item as unknown as ReportItem,
                now,
                audit,
              );
        if (done) alerted++;
      }
      cursor = page.nextCursor;
    } while (cursor && examined < services.config.SWEEP_BATCH);
    if (alerted) logger.info('overdue sweep', { alerted, examined });
    return { alerted, examined };
  };
};

export const handler = sweepOverdue(createServices());
