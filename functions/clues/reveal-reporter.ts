/**
 * POST /clues/{clueId}/reports/{reportId}/identity: an approver opens a reporter's identity for a
 * stated reason. The access is written to the clue's audit trail in the same transaction that
 * spends one opening of the member's daily budget; the identity itself is never logged.
 */
import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { decideIdentityOpening } from '../../shared/domain/clue-decisions.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { identityBudgetSpent } from '../../shared/domain/identity-access.ts';
import type { ReporterIdentity } from '../../shared/domain/reporter.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore, type StoredClue } from '../../shared/store/clues.ts';
import { identityBudget } from '../../shared/store/identity-budget.ts';
import { reportStore } from '../../shared/store/reports.ts';

export const revealReporter = (services: Services) => {
  const clues = clueStore(services);
  const reports = reportStore(services);
  const budget = identityBudget(services);
  return httpHandler(cluesRoutes.revealReporter, async ({ body, params, principal }) => {
    const { clueId, reportId } = params as { clueId: string; reportId: string };
    const report = await reports.getFor(principal, reportId);
    if (!report || report.clueId !== clueId)
      throw notFound({ zh: '该线索中没有这份举报', en: 'No such report in this clue' });
    const acting = { actor: actorOf(principal), role: 'approver' as const, now: services.now() };
    const input = { reportId, hadIdentity: report.identity !== undefined, reason: body.reason };
    const { now } = acting;
    // An anonymous report opens nothing, so it spends nothing.
    const spend = {
      item: budget.spend(acting.actor.userId, now),
      refused: () => identityBudgetSpent(budget.perDay, now),
    };
    const also = report.identity ? { budget: spend } : {};
    // Record first: an identity is opened only once its opening is on the record.
    const opening = (latest: StoredClue) => ({ ...decideIdentityOpening(latest.clue, input, acting), also });
    await clues.update(await clues.existingFor(principal, clueId), opening, (await services.peppers()).audit);
    const identity = report.identity
      ? await services.vault.open<ReporterIdentity>(report.identity, { reportId })
      : ({} as ReporterIdentity);
    return { status: 200, body: { reportId, ...identity } };
  });
};

export const handler = revealReporter(createServices());
