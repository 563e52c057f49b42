/**
 * The retention job (保存期限), run daily on a schedule (EventBridge in the cloud, a timer locally).
 * For each commission it queries the index of case ends up to the cutoff (ended more than N years
 * ago, `retentionYearsOf`), oldest first, never scanning, and erases each report's personal data
 * (shared/store/retention-erasure.ts), at most RETENTION_BATCH reports a run.
 */
import { retentionCommissions, retentionCutoff, retentionYearsOf } from '../../shared/domain/retention.ts';
import { logger } from '../../shared/logger.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { commissionStore, settingsOf } from '../../shared/store/commissions.ts';
import { evidenceStore } from '../../shared/store/evidence-bucket.ts';
import { retentionStore } from '../../shared/store/retention.ts';
import { reportErasure } from '../../shared/store/retention-erasure.ts';

export const eraseExpired = (
  services: Services,
  removeObject?: (key: string, versionId?: string) => Promise<void>,
) => {
  const retention = retentionStore(services);
  const commissions = commissionStore(services);
  let bucket: ReturnType<typeof evidenceStore> | undefined;
  const remove =
    removeObject ??
    ((key: string, versionId?: string) => {
      bucket ??= evidenceStore();
      return bucket.remove(key, versionId);
    });
  const erase = reportErasure(services, retention, remove);

  return async (): Promise<{ erased: number; examined: number }> => {
    const now = services.now();
    let budget = services.config.RETENTION_BATCH;
    let erased = 0;
    let examined = 0;
    for (const commissionId of retentionCommissions(await commissions.allIds())) {
      if (budget <= 0) break;
      const years = retentionYearsOf(await settingsOf(services, commissionId), services.config);
      const due = await retention.due(commissionId, retentionCutoff(now, years), budget);
      for (const entry of due) {
        budget--;
        examined++;
        if ((await erase(entry.reportId, years)) === 'ERASED') erased++;
      }
    }
    if (examined) logger.info('retention', { erased, examined });
    return { erased, examined };
  };
};

export const handler = eraseExpired(createServices());
