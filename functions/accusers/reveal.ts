/**
 * POST /accuser-flags/{flagId}/identity: only for a confirmed, live FABRICATION flag, only by an
 * approver, with a reason recorded on the flag's audit trail before anything is opened, in the same
 * transaction that spends one opening of the member's daily budget (shared with every route that
 * opens an identity).
 */
import * as flagsRoutes from '../../shared/contract/routes/flags.ts';
import { noSuchFlag, revealableReport } from '../../shared/domain/accuser-flag.ts';
import { identityBudgetSpent } from '../../shared/domain/identity-access.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import type { ReporterIdentity } from '../../shared/domain/reporter.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { identityBudget } from '../../shared/store/identity-budget.ts';
import { audited } from '../../shared/store/read-records.ts';
import { recusalStore } from '../../shared/store/recusals.ts';
import { reportStore } from '../../shared/store/reports.ts';

export const revealFlagIdentity = (services: Services) => {
  const accusers = accuserStore(services);
  const reports = reportStore(services);
  const budget = identityBudget(services);
  const recusals = recusalStore(services);
  const route = audited(flagsRoutes.revealFlagIdentity, services);
  return httpHandler(route, async ({ body, params, principal }) => {
    const flag = await accusers.loadFlagFor(principal, params.flagId);
    if (!flag) throw noSuchFlag();
    const now = services.now();
    const reportId = revealableReport(flag, now);
    // 回避: no identity opened by a member who stepped aside from a clue the flag rests on.
    const recused = await recusals.recusedFrom(
      flag.evidence.map((e) => e.clueId),
      principal.userId,
    );
    assertNoConflict(principal.userId, { recusals: recused });
    const facts = {
      at: now.toISOString(),
      actor: principal.userId,
      role: 'approver' as const,
      action: 'reveal-accuser-identity',
      reason: body.reason,
      details: { reportId },
    };
    const pepper = (await services.peppers()).audit;
    if (await accusers.recordAccess(flag.flagId, facts, pepper, budget.spend(principal.userId, now)))
      throw identityBudgetSpent(budget.perDay, now);
    const report = await reports.get(reportId);
    const identity = report?.identity
      ? await services.vault.open<ReporterIdentity>(report.identity, { reportId })
      : {};
    return {
      status: 200,
      body: { flagId: flag.flagId, reporterRef: flag.reporterRef, reportId, ...identity },
    };
  });
};

export const handler = revealFlagIdentity(createServices());
