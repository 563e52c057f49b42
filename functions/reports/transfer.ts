/**
 * POST /reports/{reportId}/transfer: 移交 of a report no clue has taken in, to another commission
 * of the deployment (to the level above when it concerns this commission's own leaders, or to
 * the competent county). It waits in that commission's intake queue with a 5-working-day
 * deadline of its calendar; the reporter keeps the receipt code and sees where it went
 * (shared/domain/transfer.ts). The decision goes on the report's own audit trail.
 */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { transferStore } from '../../shared/store/transfers.ts';

export const transferReport = (services: Services) => {
  const reports = reportStore(services);
  const transfers = transferStore(services);
  return httpHandler(reportsRoutes.transferReport, async ({ body, params, principal }) => {
    const report = await reports.getFor(principal, params.reportId);
    if (!report) throw notFound({ zh: '未找到该举报', en: 'No such report' });
    const input = { ...body, actor: actorOf(principal), now: services.now() };
    const moved = await transfers.escalate(report, input, (await services.peppers()).audit);
    const { transfer } = moved;
    return {
      status: 200,
      body: {
        reportId: report.reportId,
        status: 'TRANSFERRED',
        transferredAt: transfer.at,
        toCommissionId: transfer.toCommissionId,
        to: transfer.toName,
        takeUpBy: moved.takeUpBy,
      },
    };
  });
};

export const handler = transferReport(createServices());
