/** POST /reports: receive a report, answer with its receipt code, once (docs/api.md). */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
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
    }),
  );
};

export const handler = submitReport(createServices());
