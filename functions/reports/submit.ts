/** POST /reports: receive a report, answer with its receipt code, once (docs/api.md). */
import * as reportsRoutes from '../../infra/routes/reports.ts';
import { acknowledgeBy } from '../../shared/domain/deadlines.ts';
import { DomainError, messages } from '../../shared/domain/errors.ts';
import {
  generateReceiptCode,
  hashReceiptCode,
  normaliseReceiptCode,
} from '../../shared/domain/receipt-code.ts';
import { receiveReport, reportSubmitted } from '../../shared/domain/report.ts';
import { hasIdentity, identityOf, reporterFingerprint } from '../../shared/domain/reporter.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import type { SubmitReportResponse } from '../../shared/schemas/responses/reports.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { claimIdempotency, openResponse, sealResponse } from '../../shared/store/idempotency.ts';
import { IdempotencyKeyUsed, reportStore } from '../../shared/store/reports.ts';

export const submitReport = (services: Services) => {
  const reports = reportStore(services);
  const accusers = accuserStore(services);

  return httpHandler(reportsRoutes.submitReport, async ({ body, headers }) => {
    const peppers = await services.peppers();
    const idempotencyKey = headers['idempotency-key'];
    const claim = idempotencyKey
      ? claimIdempotency('submitReport', idempotencyKey, body, peppers.idempotency)
      : undefined;

    const now = services.now();
    const { accused, category, allegations, reporter, notifyMe } = body;
    const reporterKind = reporter.anonymous ? 'ANONYMOUS' : 'REAL_NAME';
    const report = receiveReport({ accused, category, allegations, reporterKind }, now);
    const receiptCode = generateReceiptCode();
    const response: SubmitReportResponse = {
      reportId: report.reportId,
      receiptCode,
      submittedAt: report.submittedAt,
    };
    const identity = identityOf(reporter, notifyMe);
    const fingerprint = reporter.anonymous
      ? undefined
      : reporterFingerprint(reporter.idNumber, peppers.fingerprint);
    // Triage only: a flagged reporter's report is received and handled like any other.
    const reporterFlag = fingerprint ? await accusers.liveFlagOf(fingerprint, now) : undefined;

    try {
      await reports.submit(
        {
          report,
          receiptHash: hashReceiptCode(normaliseReceiptCode(receiptCode) as string, peppers.receipt),
          identity: hasIdentity(identity)
            ? await services.vault.seal(identity, { reportId: report.reportId })
            : undefined,
          reporterFingerprint: fingerprint,
          reporterFlag,
          event: reportSubmitted(report),
          // Real-name reporters are owed an answer on acceptance within the working-day limit.
          acknowledgeBy: reporter.anonymous ? undefined : acknowledgeBy(now, services.deadlines),
          idempotency: claim && { claim, status: 201, sealedResponse: sealResponse(claim, response) },
        },
        now,
      );
    } catch (error) {
      if (!(error instanceof IdempotencyKeyUsed) || !claim) throw error;
      if (error.record.requestHash !== claim.requestHash) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', messages.IDEMPOTENCY_KEY_REUSED);
      }
      return { status: error.record.status, body: openResponse(claim, error.record.sealedResponse) };
    }
    return { status: 201, body: response };
  });
};

export const handler = submitReport(createServices());
