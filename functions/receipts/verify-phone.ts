/**
 * POST /receipts/verify-phone: a real-name reporter confirms the phone given at submission with the
 * one-time code texted to it. The receipt code is resolved like on every public route (miss limit,
 * one 404); a wrong code spends one of five tries, and the verification goes on the audit trail.
 */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { domainEvent } from '../../shared/domain/events.ts';
import { decideCodeAttempt } from '../../shared/domain/identity-verification.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { receiptHolder } from '../../shared/store/receipt-holder.ts';
import { reportIdentityStore } from '../../shared/store/report-identity.ts';

export const verifyPhone = (services: Services) => {
  const holder = receiptHolder(services);
  const identities = reportIdentityStore(services);
  return httpHandler(reportsRoutes.verifyPhone, async ({ body, sourceIp }) => {
    const report = await holder.resolve(body.receiptCode, sourceIp);
    const peppers = await services.peppers();
    const now = services.now();
    const attempt = decideCodeAttempt(report, body.code, peppers.phoneCode, now);
    if (!attempt.verified) {
      // The spent try is stored before the refusal, so five wrong codes kill it whatever happens.
      await identities.saveAttempt(report, attempt.phoneCode);
      throw attempt.error;
    }
    const at = now.toISOString();
    const { reportId, clueId } = report;
    const facts = {
      at,
      actor: 'reporter',
      role: 'public' as const,
      action: 'verify-reporter-phone',
      fromStatus: 'UNVERIFIED',
      toStatus: 'PHONE_VERIFIED',
      details: { reportId },
    };
    const event = domainEvent(
      'ReportIdentityVerified',
      { reportId, identityStatus: 'PHONE_VERIFIED', ...(clueId ? { clueId } : {}) },
      at,
    );
    await identities.commitVerification(report, 'PHONE_VERIFIED', facts, event, peppers.audit);
    return { status: 200, body: { reportId, identityStatus: 'PHONE_VERIFIED' } };
  });
};

export const handler = verifyPhone(createServices());
