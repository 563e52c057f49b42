/** POST /reports: receive a report, answer with its receipt code, once (docs/api.md). */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { acknowledgeBy } from '../../shared/domain/deadlines.ts';
import { DomainError, messages } from '../../shared/domain/errors.ts';
import { issueReceipt } from '../../shared/domain/receipt.ts';
import {
  generateReceiptCode,
  hashReceiptCode,
  normaliseReceiptCode,
} from '../../shared/domain/receipt-code.ts';
import { receiveReport, reportSubmitted } from '../../shared/domain/report.ts';
import { hasIdentity, identityOf, reporterFingerprint } from '../../shared/domain/reporter.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { logger } from '../../shared/logger.ts';
import type { SubmitReportResponse } from '../../shared/schemas/responses/reports.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { callBudgetLeft } from '../../shared/store/call-budget.ts';
import {
  claimIdempotency,
  claimUnkeyed,
  openResponse,
  sealResponse,
} from '../../shared/store/idempotency.ts';
import { IdempotencyKeyUsed, type NewReport, reportStore } from '../../shared/store/reports.ts';

/** Without a deadline (a direct call), how long an unkeyed request is taken to be still running. */
const unkeyedHeardByMs = 30_000;

export const submitReport = (services: Services) => {
  const reports = reportStore(services);
  const accusers = accuserStore(services);

  return httpHandler(reportsRoutes.submitReport, async ({ body, headers, sourceIp }) => {
    const peppers = await services.peppers();
    const idempotencyKey = headers['idempotency-key'];
    // Every submission is written with an idempotency record, so that a client told
    // OUTCOME_UNKNOWN can repeat it safely; without a key, the content and address stand in.
    const claim = idempotencyKey
      ? claimIdempotency('submitReport', idempotencyKey, body, peppers.idempotency)
      : claimUnkeyed('submitReport', sourceIp, body, peppers.idempotency);

    const now = services.now();
    const { accused, category, allegations, reporter, notifyMe } = body;
    const reporterKind = reporter.anonymous ? 'ANONYMOUS' : 'REAL_NAME';
    const report = receiveReport({ accused, category, allegations, reporterKind }, now);
    const receiptCode = generateReceiptCode();
    const response: SubmitReportResponse = {
      reportId: report.reportId,
      receiptCode,
      submittedAt: report.submittedAt,
      receipt: await issueReceipt(report, services.signer()),
    };
    const identity = identityOf(reporter, notifyMe);
    const fingerprint = reporter.anonymous
      ? undefined
      : reporterFingerprint(reporter.idNumber, peppers.fingerprint);
    // Triage only: a flagged reporter's report is received and handled like any other.
    const reporterFlag = fingerprint ? await accusers.liveFlagOf(fingerprint, now) : undefined;

    const submission: NewReport = {
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
    };
    const idempotency = {
      claim,
      status: 201,
      sealedResponse: sealResponse(claim, response),
      // Until then this request may still answer for itself (see below).
      ...(idempotencyKey ? {} : { heardBy: now.getTime() + (callBudgetLeft() ?? unkeyedHeardByMs) }),
    };
    try {
      await reports.submit({ ...submission, idempotency }, now);
    } catch (error) {
      if (!(error instanceof IdempotencyKeyUsed)) throw error;
      if (error.record.requestHash !== claim.requestHash) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', messages.IDEMPOTENCY_KEY_REUSED);
      }
      const { heardBy } = error.record;
      if (idempotencyKey || heardBy === undefined || heardBy <= now.getTime()) {
        return { status: error.record.status, body: openResponse(claim, error.record.sealedResponse) };
      }
      // Without a key, the same content from the same address whose request is still running
      // is a second submission made at the same moment, not a retry: it is a report of its own.
      await reports.submit(submission, now);
      return { status: 201, body: response };
    }
    if (!idempotencyKey) {
      // The stand-in has done its work: this answer will be heard. Should the delete fail, the
      // record only means the same content from the same address replays this 201 until it expires.
      await reports.forgetIdempotency(claim).catch((error: unknown) => {
        logger.warn('unkeyed idempotency record kept', { errorName: (error as Error)?.name });
      });
    }
    return { status: 201, body: response };
  });
};

export const handler = submitReport(createServices());
