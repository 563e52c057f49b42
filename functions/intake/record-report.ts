/**
 * POST /intake/reports: intake staff record a report that came by letter, visit or phone, and hand
 * the person its receipt code and signed receipt. Received exactly as POST /reports receives one,
 * with its channel, and who recorded it opens the report's audit trail (docs/api.md).
 */
import * as intakeRoutes from '../../shared/contract/routes/intake.ts';
import { actingRole, actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { reportIntake } from '../../shared/store/report-intake.ts';

export const recordCounterReport = (services: Services) => {
  const receive = reportIntake(services);
  const route = intakeRoutes.recordCounterReport;
  return httpHandler(route, ({ body, headers, principal, sourceIp }) => {
    const { channel, ...submission } = body;
    const actor = actorOf(principal);
    return receive(submission, {
      operation: 'recordCounterReport',
      idempotencyKey: headers['idempotency-key'],
      sourceIp,
      counter: {
        channel,
        actor,
        role: actingRole(actor, route.access),
        commissionId: principal.commissionId,
      },
    });
  });
};

export const handler = recordCounterReport(createServices());
