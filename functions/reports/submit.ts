/** POST /reports: receive a report, answer with its receipt code, once (docs/api.md). */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { requestPhoneCode } from '../../shared/domain/identity-verification.ts';
import { issueReceipt } from '../../shared/domain/receipt.ts';
import { hashReceiptCode, normaliseReceiptCode } from '../../shared/domain/receipt-code.ts';
import { receiveSubmission } from '../../shared/domain/report.ts';
import { hasIdentity, reporterFingerprint } from '../../shared/domain/reporter.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { callBudgetLeft } from '../../shared/store/call-budget.ts';
import * as idempotency from '../../shared/store/idempotency.ts';
import { sealedSms, sealPhone } from '../../shared/store/report-identity.ts';
import { type NewReport, reportStore } from '../../shared/store/reports.ts';

/** Without a deadline (a direct call), how long an unkeyed request is taken to be still running. */
const unkeyedHeardByMs = 30_000;

export const submitReport = (services: Services) => {
  const reports = reportStore(services);
  const accusers = accuserStore(services);
  return httpHandler(reportsRoutes.submitReport, async ({ body, headers, sourceIp }) => {
    const peppers = await services.peppers();
    const key = headers['idempotency-key'];
    // Every submission is written with an idempotency record, so that a client told
    // OUTCOME_UNKNOWN can repeat it safely; without a key, the content and address stand in.
    const claim = key
      ? idempotency.claimIdempotency('submitReport', key, body, peppers.idempotency)
      : idempotency.claimUnkeyed('submitReport', sourceIp, body, peppers.idempotency);
    const now = services.now();
    const { report, receiptCode, identity, ...received } = receiveSubmission(body, now, services.deadlines);
    const receipt = await issueReceipt(report, services.signer());
    const response = { reportId: report.reportId, receiptCode, submittedAt: report.submittedAt, receipt };
    const { reporter } = body;
    const fingerprint = reporter.anonymous
      ? undefined
      : reporterFingerprint(reporter.idNumber, peppers.fingerprint);
    // A real-name report counts against nobody until its reporter is verified: the phone given
    // gets a one-time code at once (identity-verification.ts).
    const context = { pepper: peppers.phoneCode, now, commission: services.config.COMMISSION_NAME };
    const code = reporter.anonymous
      ? undefined
      : requestPhoneCode({ ...report, identityStatus: 'UNVERIFIED' }, context);
    const smsPhone = reporter.anonymous
      ? undefined
      : await sealPhone(services.vault, report.reportId, reporter.phone);
    const sms =
      code?.event &&
      smsPhone &&
      (await sealedSms(services.vault, { ...code, event: code.event, phone: smsPhone }));
    const submission: NewReport = {
      ...received,
      report,
      receiptHash: hashReceiptCode(normaliseReceiptCode(receiptCode) as string, peppers.receipt),
      identity: hasIdentity(identity)
        ? await services.vault.seal(identity, { reportId: report.reportId })
        : undefined,
      reporterFingerprint: fingerprint,
      // Triage only: a flagged reporter's report is received and handled like any other.
      reporterFlag: fingerprint ? await accusers.liveFlagOf(fingerprint, now) : undefined,
      ...(code?.phoneCode ? { identityStatus: 'UNVERIFIED', phoneCode: code.phoneCode, smsPhone } : {}),
      messages: sms ? [sms] : [],
    };
    // Until then, a request without a key may still answer for itself (idempotency.earlierAnswer).
    const heardBy = key ? undefined : now.getTime() + (callBudgetLeft() ?? unkeyedHeardByMs);
    return idempotency.once(claim, { status: 201, response, heardBy }, now, {
      create: (record) => reports.submit({ ...submission, idempotency: record }, now),
      forget: reports.forgetIdempotency,
    });
  });
};

export const handler = submitReport(createServices());
