/**
 * The overdue sweep, run on a schedule (EventBridge in the cloud, a timer locally). It queries
 * the deadline index for deadlines that have passed and are not yet alerted, never scanning, and
 * alerts each once: the alert goes through the outbox to the commission alerts topic, and the
 * item moves to the alerted partition of the index in the same transaction.
 */
import type { ClearanceStatus } from '../../shared/domain/clearance.ts';
import { nextDeadline } from '../../shared/domain/clue.ts';
import { deadlineKey } from '../../shared/domain/deadlines.ts';
import { domainEvent } from '../../shared/domain/events.ts';
import { logger } from '../../shared/logger.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceKeys } from '../../shared/store/clearances.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { alertOnce } from '../../shared/store/deadlines.ts';
import { entityKeys } from '../../shared/store/keys.ts';

class NothingToAlert extends Error {}

export const sweepOverdue = (services: Services) => {
  const clues = clueStore(services);
  const settings = { tableName: services.config.TABLE_NAME };

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
              domainEvent(
                'ClueOverdue',
                {
                  clueId,
                  deadline,
                  status: stored.clue.status,
                  assignee: stored.clue.assignee,
                  registeredAt: stored.clue.registeredAt,
                },
                now.toISOString(),
              ),
            ],
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

  /** Everything but clues: the item's own deadline, and the trail its alert goes on. */
  const alertItem = (entity: string, item: Record<string, unknown>, now: Date, auditPepper: Uint8Array) => {
    const common = { now, auditPepper };
    const at = now.toISOString();
    const names = { '#status': 'status' };
    switch (entity) {
      case 'Report': {
        const acknowledge = { kind: 'ACKNOWLEDGE' as const, at: item.acknowledgeBy as string };
        return alertOnce(services.db, settings, {
          ...common,
          key: entityKeys.report(item.reportId as string),
          subjectPK: entityKeys.report(item.reportId as string).PK,
          deadline: acknowledge,
          stillDue: {
            condition: '#status = :unregistered AND acknowledgeBy = :at',
            names,
            values: { ':unregistered': 'UNREGISTERED', ':at': item.acknowledgeBy },
          },
          event: domainEvent(
            'ReportOverdue',
            {
              reportId: item.reportId as string,
              submittedAt: item.submittedAt as string,
              deadline: acknowledge,
            },
            at,
          ),
        });
      }
      case 'Clearance': {
        const decide = { kind: 'DECIDE' as const, at: item.decideBy as string };
        return alertOnce(services.db, settings, {
          ...common,
          key: clearanceKeys.clearance(item.clearanceId as string),
          subjectPK: entityKeys.clue(item.clueId as string).PK,
          deadline: decide,
          stillDue: {
            condition: '#status IN (:awaiting, :consented) AND decideBy = :at',
            names,
            values: { ':awaiting': 'AWAITING_CONSENT', ':consented': 'CONSENTED', ':at': item.decideBy },
          },
          event: domainEvent(
            'ClearanceDecisionOverdue',
            {
              clearanceId: item.clearanceId as string,
              clueId: item.clueId as string,
              status: item.status as ClearanceStatus,
              deadline: decide,
            },
            at,
          ),
        });
      }
      case 'FollowUp': {
        const followUp = { kind: 'FOLLOW_UP' as const, at: item.dueAt as string };
        return alertOnce(services.db, settings, {
          ...common,
          key: clearanceKeys.followUp(item.followUpId as string),
          subjectPK: entityKeys.clue(item.clueId as string).PK,
          deadline: followUp,
          stillDue: {
            condition: '#status = :pending AND dueAt = :at',
            names,
            values: { ':pending': 'PENDING', ':at': item.dueAt },
          },
          event: domainEvent(
            'FollowUpDue',
            {
              followUpId: item.followUpId as string,
              clearanceId: item.clearanceId as string,
              clueId: item.clueId as string,
              deadline: followUp,
            },
            at,
          ),
        });
      }
      default:
        return Promise.resolve(false);
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
            : await alertItem(entity, item, now, audit);
        if (done) alerted++;
      }
      cursor = page.nextCursor;
    } while (cursor && examined < services.config.SWEEP_BATCH);
    if (alerted) logger.info('overdue sweep', { alerted, examined });
    return { alerted, examined };
  };
};

export const handler = sweepOverdue(createServices());
