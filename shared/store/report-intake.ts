/**
 * Receiving a report, the one way both doors use: the portal (POST /reports) and the counter
 * (POST /intake/reports). Decides with receiveSubmission, signs the receipt, seals what identifies
 * the reporter (the identity, and apart from it the news contact: shared/domain/reporter.ts), and
 * commits once per idempotency claim. A report taken at the counter also opens its audit trail with
 * who recorded it and how it came in.
 */
import { requestPhoneCode } from '../domain/identity-verification.ts';
import { issueReceipt } from '../domain/receipt.ts';
import { hashReceiptCode, normaliseReceiptCode } from '../domain/receipt-code.ts';
import { receiveSubmission } from '../domain/report.ts';
import { hasIdentity, newsContactContext, reporterFingerprint } from '../domain/reporter.ts';
import type { Actor, Role } from '../domain/roles.ts';
import type { CounterChannel } from '../domain/vocabulary.ts';
import type { SubmitReportRequest } from '../schemas/reports.ts';
import type { Services } from '../services.ts';
import { accuserStore } from './accusers.ts';
import { callBudgetLeft } from './call-budget.ts';
import { caseNumberStore } from './case-numbers.ts';
import { commissionStore, settingsOf } from './commissions.ts';
import * as idempotency from './idempotency.ts';
import { sealedSms, sealPhone } from './report-identity.ts';
import { type NewReport, reportStore } from './reports.ts';

/** Without a deadline (a direct call), how long an unkeyed request is taken to be still running. */
const unkeyedHeardByMs = 30_000;

export interface Arrival {
  /** The idempotency operation: one per door, so the same key at both doors is two requests. */
  operation: 'submitReport' | 'recordCounterReport';
  idempotencyKey: string | undefined;
  sourceIp: string;
  /** Taken at the counter: how it came in, and by whom (on the report's audit trail). */
  counter?: { channel: CounterChannel; actor: Actor; role: Role; commissionId: string } | undefined;
}

export const reportIntake = (services: Services) => {
  const reports = reportStore(services);
  const accusers = accuserStore(services);
  const caseNumbers = caseNumberStore(services);
  const commissions = commissionStore(services);
  return async (body: SubmitReportRequest, arrival: Arrival) => {
    const peppers = await services.peppers();
    const { operation, idempotencyKey: key, counter } = arrival;
    // Every submission is written with an idempotency record, so that a client told
    // OUTCOME_UNKNOWN can repeat it safely; without a key, the content and address stand in.
    const request = counter ? { ...body, channel: counter.channel } : body;
    const claim = key
      ? idempotency.claimIdempotency(operation, key, request, peppers.idempotency)
      : idempotency.claimUnkeyed(operation, arrival.sourceIp, request, peppers.idempotency);
    const now = services.now();
    // Online, the commission the form names; at the counter, the recording member's own.
    // A report about the chosen commission's own leaders goes to the one above (routeReport).
    const { commissionId, escalation } = counter
      ? { commissionId: counter.commissionId, escalation: undefined }
      : await commissions.destination(body.commissionId, body.aboutCommissionLeadership === true);
    const settings = await settingsOf(services, commissionId);
    const { report, receiptCode, identity, newsContact, ...received } = receiveSubmission(
      { ...body, commissionId, escalation },
      now,
      settings.deadlines,
      counter?.channel,
    );
    const { reporter } = body;
    const fingerprint = reporter.anonymous
      ? undefined
      : reporterFingerprint(reporter.idNumber, peppers.fingerprint);
    const { reportId } = report;
    // A real-name report counts against nobody until its reporter is verified: the phone given
    // gets a one-time code at once (identity-verification.ts).
    const context = { pepper: peppers.phoneCode, now, commission: settings.name };
    const code = reporter.anonymous
      ? undefined
      : requestPhoneCode({ ...report, identityStatus: 'UNVERIFIED' }, context);
    // None of these needs another's result (the SMS only its sealed phone), so they go side by
    // side: in the cloud each seal is a KMS GenerateDataKey and the receipt a KMS Sign, five round
    // trips one after another before, two now; locally the signing and sealing run while the flag
    // is read. The flag read is issued first, so it is on its way while the rest computes.
    const [reporterFlag, receipt, texting, sealedIdentity, sealedNews] = await Promise.all([
      // Triage only: a flagged reporter's report is received and handled like any other.
      fingerprint ? accusers.liveFlagOf(fingerprint, now) : undefined,
      issueReceipt(report, services.signer()),
      reporter.anonymous
        ? undefined
        : sealPhone(services.vault, reportId, reporter.phone).then(async (smsPhone) => ({
            smsPhone,
            sms:
              code?.event &&
              (await sealedSms(services.vault, { ...code, event: code.event, phone: smsPhone })),
          })),
      hasIdentity(identity) ? services.vault.seal(identity, { reportId }) : undefined,
      newsContact && services.vault.seal(newsContact, newsContactContext(reportId)),
    ]);
    const { smsPhone, sms } = texting ?? {};
    // The commission it went to, by name: the portal prints it on the receipt.
    const commission = {
      commissionId,
      name: settings.name,
      ...(escalation ? { escalatedFrom: escalation.fromCommissionId } : {}),
    };
    const response = {
      reportId: report.reportId,
      receiptCode,
      submittedAt: report.submittedAt,
      receipt,
      commission,
    };
    const submission: NewReport = {
      ...received,
      report,
      receiptHash: hashReceiptCode(normaliseReceiptCode(receiptCode) as string, peppers.receipt),
      identity: sealedIdentity,
      newsContact: sealedNews,
      reporterFingerprint: fingerprint,
      reporterFlag,
      ...(code?.phoneCode ? { identityStatus: 'UNVERIFIED', phoneCode: code.phoneCode, smsPhone } : {}),
      messages: sms ? [sms] : [],
      recorded: counter && {
        pepper: peppers.audit,
        facts: {
          at: report.submittedAt,
          actor: counter.actor.userId,
          role: counter.role,
          action: 'record-counter-report',
          toStatus: 'UNREGISTERED',
          details: { channel: counter.channel },
        },
      },
    };
    // Until then, a request without a key may still answer for itself (idempotency.earlierAnswer).
    const heardBy = key ? undefined : now.getTime() + (callBudgetLeft() ?? unkeyedHeardByMs);
    return idempotency.once(claim, { status: 201 as const, response, heardBy }, now, {
      // The number is drawn just before the transaction. A failed transaction leaves a gap, and so
      // does a replay, whose transaction fails on the earlier idempotency record; gaps are allowed
      // (case-numbers.ts), and checking for the record first would cost every submission a read.
      create: async (record) => {
        // The number comes from the counter of the commission the report goes to.
        const caseNumber = await caseNumbers.next(commissionId, 'REPORT', now);
        return reports.submit({ ...submission, caseNumber, commissionId, idempotency: record }, now);
      },
      forget: reports.forgetIdempotency,
    });
  };
};
