/** POST /receipts/lookup: a reporter follows their report by receipt code (CONTRACT.md). */
import { routes } from '../../infra/routes.ts';
import { DomainError, messages, notFound } from '../../shared/domain/errors.ts';
import { hashReceiptCode, normaliseReceiptCode, sameDigest } from '../../shared/domain/receipt-code.ts';
import { reporterView } from '../../shared/domain/report.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { lookupLimiter } from '../../shared/store/lookup-limit.ts';
import { reportStore } from '../../shared/store/reports.ts';

export const lookupReceipt = (services: Services) => {
  const reports = reportStore(services);
  const limiter = lookupLimiter(services);

  return httpHandler(routes.lookupReceipt, async ({ body, sourceIp }) => {
    const peppers = await services.peppers();
    const reservation = await limiter.reserve(sourceIp, peppers.client, services.now());
    if (!reservation.allowed) {
      throw new DomainError('RATE_LIMITED', messages.RATE_LIMITED, undefined, reservation.retryAfter);
    }
    // Every kind of miss (malformed code, unknown code) ends in the same 404 body.
    const code = normaliseReceiptCode(body.receiptCode);
    const receiptHash = code && hashReceiptCode(code, peppers.receipt);
    const receipt = receiptHash ? await reports.findReceipt(receiptHash) : undefined;
    const matches = receipt !== undefined && sameDigest(receipt.receiptHash, receiptHash as string);
    const report = matches ? await reports.get(receipt.reportId) : undefined;
    if (!report) throw notFound(messages.RECEIPT_NOT_FOUND);

    await reservation.release();
    return { status: 200, body: reporterView(report) };
  });
};

export const handler = lookupReceipt(createServices());
