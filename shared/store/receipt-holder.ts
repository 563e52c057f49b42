/**
 * The receipt code is the reporter's only credential (docs/security.md). Every public route that
 * takes one (lookup, attachments, messages, objections) resolves it here, so that guessing is
 * never easier on one route than another: each attempt counts against the same per-client miss
 * limit as the lookup (a hit gives its attempt back), and every kind of miss (malformed code,
 * unknown code, code of a vanished report) ends in the same 404 body.
 */
import { DomainError, messages, notFound } from '../domain/errors.ts';
import { hashReceiptCode, normaliseReceiptCode, sameDigest } from '../domain/receipt-code.ts';
import type { Services } from '../services.ts';
import { lookupLimiter } from './lookup-limit.ts';
import { type ReportItem, reportStore } from './reports.ts';

export const receiptHolder = (services: Services) => {
  const reports = reportStore(services);
  const limiter = lookupLimiter(services);
  return {
    /** The report the code belongs to; 429 once the client has missed too often, 404 on any miss. */
    async resolve(receiptCode: string, sourceIp: string): Promise<ReportItem> {
      const peppers = await services.peppers();
      const reservation = await limiter.reserve(sourceIp, peppers.client, services.now());
      if (!reservation.allowed) {
        throw new DomainError('RATE_LIMITED', messages.RATE_LIMITED, undefined, reservation.retryAfter);
      }
      const code = normaliseReceiptCode(receiptCode);
      const receiptHash = code && hashReceiptCode(code, peppers.receipt);
      const receipt = receiptHash ? await reports.findReceipt(receiptHash) : undefined;
      const matches = receipt !== undefined && sameDigest(receipt.receiptHash, receiptHash as string);
      const report = matches ? await reports.get(receipt.reportId) : undefined;
      if (!report) throw notFound(messages.RECEIPT_NOT_FOUND);
      await reservation.release();
      return report;
    },
  };
};
