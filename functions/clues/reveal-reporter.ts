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
import { audited } from '../../shared/store/read-records.ts';
import { recusalStore } from '../../shared/store/recusals.ts';
import { reportStore } from '../../shared/store/reports.ts';

export const revealReporter = (services: Services) => {
  const clues = clueStore(services);
  const reports = reportStore(services);
  const budget = identityBudget(services);
  const recusals = recusalStore(services);
  return httpHandler(audited(cluesRoutes.revealReporter, services), async ({ body, params, principal }) => {
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
    const stored = await clues.existingFor(principal, clueId);
    // 回避: neither a recused member nor one related to the clue's cadre ever opens its reporter.
    const relations = await recusals.relationsOf(stored.clue.cadreId, [acting.actor.userId]);
    const opening = (latest: StoredClue) => ({
      ...decideIdentityOpening(
        latest.clue,
        { ...input, conflicts: { recusals: latest.recusals, relations } },
        acting,
      ),
      also,
    });
    await clues.update(stored, opening, (await services.peppers()).audit);
    const identity = report.identity
      ? await services.vault.open<ReporterIdentity>(report.identity, { reportId })
      : ({} as ReporterIdentity);
    // 保存期限: an erased identity answers that it was erased, and when.
    const erased = report.erasedAt ? { erasedAt: report.erasedAt } : {};
    return { status: 200, body: { reportId, ...identity, ...erased } };
  });
};

export const handler = revealReporter(createServices());
