/** POST /receipts/lookup: a reporter follows their report by receipt code (docs/api.md). */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { attachmentStore } from '../../shared/store/attachments.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { messageStore } from '../../shared/store/messages.ts';
import { receiptHolder } from '../../shared/store/receipt-holder.ts';
import { receiptLookupView } from '../../shared/views/receipt-lookup.ts';

export const lookupReceipt = (services: Services) => {
  const holder = receiptHolder(services);
  const clues = clueStore(services);
  const conversation = messageStore(services);
  const attachments = attachmentStore(services);

  return httpHandler(reportsRoutes.lookupReceipt, async ({ body, sourceIp, lang }) => {
    const report = await holder.resolve(body.receiptCode, sourceIp);
    // The clue, the conversation and the files are independent reads: side by side.
    const [stored, messages, files] = await Promise.all([
      report.clueId ? clues.load(report.clueId) : undefined,
      conversation.ofReport(report.reportId),
      attachments.ofReport(report.reportId),
    ]);
    const written = await Promise.all(
      messages.map(async (m) => ({
        messageId: m.messageId,
        from: m.from,
        at: m.at,
        text: await conversation.open(m),
      })),
    );
    const answer = receiptLookupView({
      report,
      clue: stored?.clue,
      recusals: stored ? [...stored.recusals, ...stored.liftedRecusals] : [],
      written,
      attachments: files,
      lang,
      now: services.now(),
      disclosure: services.disclosure,
      objectionWindowDays: services.config.OBJECTION_WINDOW_DAYS,
    });
    return { status: 200, body: answer };
  });
};

export const handler = lookupReceipt(createServices());
