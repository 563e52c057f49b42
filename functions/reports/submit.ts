/** POST /reports: receive a report, answer with its receipt code, once (docs/api.md). */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { singleCommissionId } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { reportIntake } from '../../shared/store/report-intake.ts';

export const submitReport = (services: Services) => {
  const receive = reportIntake(services);
  return httpHandler(reportsRoutes.submitReport, ({ body, headers, sourceIp }) =>
    receive(body, {
      operation: 'submitReport',
      idempotencyKey: headers['idempotency-key'],
      sourceIp,
      // Until the public names the commission (POST /reports commissionId), the deployment's only one.
      commissionId: singleCommissionId,
    }),
  );
};

export const handler = submitReport(createServices());
