/** POST /receipts/lookup: a reporter follows their report by receipt code (docs/api.md). */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { DomainError, messages, notFound } from '../../shared/domain/errors.ts';
import { hashReceiptCode, normaliseReceiptCode, sameDigest } from '../../shared/domain/receipt-code.ts';
import { reporterView } from '../../shared/domain/report.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { lookupLimiter } from '../../shared/store/lookup-limit.ts';
import { reportStore } from '../../shared/store/reports.ts';

export const lookupReceipt = (services: Services) => {
  const reports = reportStore(services);
  const limiter = lookupLimiter(services);
  const clues = clueStore(services);

  return httpHandler(reportsRoutes.lookupReceipt, async ({ body, sourceIp, lang }) => {
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
    const clue = report.clueId ? (await clues.load(report.clueId))?.clue : undefined;
    const view = reporterView(
      report,
      clue && {
        status: clue.status,
        stageTimeline: clue.stageTimeline,
        acceptedAt: report.acceptedAt ?? clue.registeredAt,
        outcome: clue.conclusion?.reportOutcomes[report.reportId],
        concludedAt: clue.conclusion?.concludedAt,
      },
      services.disclosure,
    );
    return {
      status: 200,
      body: {
        ...view,
        outcome: view.outcome && { ...view.outcome, text: view.outcome.text[lang] },
        messages: view.messages.map((m) => ({ at: m.at, text: m.text[lang] })),
      },
    };
  });
};

export const handler = lookupReceipt(createServices());
