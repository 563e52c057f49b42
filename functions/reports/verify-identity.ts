/**
 * POST /reports/{reportId}/identity-verification: staff who met or called a real-name reporter
 * record it (核实身份), with the method and a note. The record goes on the audit trail of where the
 * report is: its clue once registered, otherwise the report's own trail.
 */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { domainEvent } from '../../shared/domain/events.ts';
import { decideStaffVerification } from '../../shared/domain/identity-verification.ts';
import { actingRole, actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { reportIdentityStore } from '../../shared/store/report-identity.ts';
import { reportStore } from '../../shared/store/reports.ts';

export const verifyIdentity = (services: Services) => {
  const reports = reportStore(services);
  const identities = reportIdentityStore(services);
  return httpHandler(reportsRoutes.verifyIdentity, async ({ body, params, principal }) => {
    const report = await reports.getFor(principal, params.reportId);
    if (!report) throw notFound({ zh: '未找到该举报', en: 'No such report' });
    const step = decideStaffVerification(report, body.method);
    const actor = actorOf(principal);
    const at = services.now().toISOString();
    const { reportId, clueId } = report;
    const facts = {
      at,
      actor: actor.userId,
      role: actingRole(actor, ['intake', 'approver']),
      action: 'verify-reporter-identity',
      fromStatus: step.fromStatus,
      toStatus: step.toStatus,
      // What staff checked of the person is the reporter's personal data: erasable (audit.ts, format 2).
      personal: { reportId, reason: body.note },
      details: { reportId, method: step.method },
    };
    const event = domainEvent(
      'ReportIdentityVerified',
      { reportId, identityStatus: step.toStatus, ...(clueId ? { clueId } : {}) },
      at,
    );
    await identities.commitVerification(
      report,
      step.toStatus,
      facts,
      event,
      (await services.peppers()).audit,
    );
    return { status: 200, body: { reportId, identityStatus: step.toStatus } };
  });
};

export const handler = verifyIdentity(createServices());
