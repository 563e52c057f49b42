/**
 * POST /reports/{reportId}/decline: 不予受理. A report that no clue has taken in is declined as
 * outside the remit; its reporter sees NOT_ACCEPTED in words that say so, which is not 予以了结
 * (closing a registered clue). The reason goes on the report's own audit trail.
 */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { decideDecline } from '../../shared/domain/report.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { reportStore } from '../../shared/store/reports.ts';

export const declineReport = (services: Services) => {
  const reports = reportStore(services);
  return httpHandler(reportsRoutes.declineReport, async ({ body, params, principal }) => {
    const report = await reports.getFor(principal, params.reportId);
    if (!report) throw notFound({ zh: '未找到该举报', en: 'No such report' });
    const decision = decideDecline(report, body.reason, actorOf(principal), services.now());
    await reports.decline(report.reportId, decision, (await services.peppers()).audit, report.commissionId);
    return {
      status: 200,
      body: { reportId: report.reportId, status: 'DECLINED', declinedAt: decision.entry.at },
    };
  });
};

export const handler = declineReport(createServices());
