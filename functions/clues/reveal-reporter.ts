/**
 * POST /clues/{clueId}/reports/{reportId}/identity: an approver opens a reporter's identity for a
 * stated reason. The access is written to the clue's audit trail in the same transaction that
 * spends one opening of the member's daily budget; the identity itself is never logged.
 */
import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { identityBudgetSpent } from '../../shared/domain/identity-access.ts';
import type { ReporterIdentity } from '../../shared/domain/reporter.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { ClueWriteConflict, clueStore } from '../../shared/store/clues.ts';
import { identityBudget } from '../../shared/store/identity-budget.ts';
import { reportStore } from '../../shared/store/reports.ts';

export const revealReporter = (services: Services) => {
  const clues = clueStore(services);
  const reports = reportStore(services);
  const budget = identityBudget(services);
  return httpHandler(cluesRoutes.revealReporter, async ({ body, params, principal }) => {
    const clueId = params.clueId;
    const reportId = params.reportId;
    const report = await reports.get(reportId);
    if (!report || report.clueId !== clueId)
      throw notFound({ zh: '该线索中没有这份举报', en: 'No such report in this clue' });
    const actor = actorOf(principal);
    const now = services.now();
    // Record first: an identity is opened only once its opening is on the record. An anonymous
    // report opens nothing, so it spends nothing.
    await clues
      .mutate(
        clueId,
        (stored) => ({
          clue: stored.clue,
          alertedDeadline: stored.alertedDeadline,
          facts: {
            at: now.toISOString(),
            actor: actor.userId,
            role: 'approver',
            action: 'reveal-reporter-identity',
            reason: body.reason,
            details: { reportId, hadIdentity: report.identity !== undefined },
          },
          events: [],
          extra: report.identity ? [budget.spend(actor.userId, now)] : [],
        }),
        { now: () => now, auditPepper: (await services.peppers()).audit },
      )
      .catch((error: unknown) => {
        if (error instanceof ClueWriteConflict && error.part === 'extra')
          throw identityBudgetSpent(budget.perDay, now);
        throw error;
      });
    const identity = report.identity
      ? await services.vault.open<ReporterIdentity>(report.identity, { reportId })
      : ({} as ReporterIdentity);
    return { status: 200, body: { reportId, ...identity } };
  });
};

export const handler = revealReporter(createServices());
