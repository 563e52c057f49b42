/** POST /objections/{objectionId}/decision: an approver upholds the conclusion or reopens the clue. */
import * as objectionsRoutes from '../../shared/contract/routes/objections.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { declineObjectionStore } from '../../shared/store/decline-objections.ts';
import { noSuchObjection, objectionStore } from '../../shared/store/objections.ts';
import { reportStore } from '../../shared/store/reports.ts';

export const decideObjection = (services: Services) => {
  const objections = objectionStore(services);
  const declines = declineObjectionStore(services);
  const reports = reportStore(services);
  // The objection's commission is its report's: the objection's check covers the report.
  const declinedReport = async (reportId: string) => {
    const report = await reports.get(reportId);
    if (!report) throw noSuchObjection();
    return report;
  };

  return httpHandler(objectionsRoutes.decideObjection, async ({ body, params, principal }) => {
    // Another commission's objection answers exactly as a missing one.
    const objection = await objections.getFor(principal, params.objectionId);
    if (!objection) throw noSuchObjection();
    const acting = { actor: actorOf(principal), role: 'approver' as const, now: services.now() };
    const pepper = (await services.peppers()).audit;
    const decided = objection.clueId
      ? (await objections.decide(objection, { ...body, policy: services.deadlines }, acting, pepper))
          .objection
      : await declines.decide(objection, await declinedReport(objection.reportId), body, acting, pepper);
    // The reason stays sealed here: only the approvers' list opens it.
    const { reason: _sealed, ...answer } = decided;
    return { status: 200, body: { ...answer, against: answer.against ?? 'CONCLUSION' } };
  });
};

export const handler = decideObjection(createServices());
