/** POST /receipts/lookup: a reporter follows their report by receipt code (docs/api.md). */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { shownStatus } from '../../shared/domain/evidence.ts';
import { reporterView } from '../../shared/domain/report.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { attachmentStore } from '../../shared/store/attachments.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { receiptHolder } from '../../shared/store/receipt-holder.ts';

export const lookupReceipt = (services: Services) => {
  const holder = receiptHolder(services);
  const clues = clueStore(services);
  const attachments = attachmentStore(services);

  return httpHandler(reportsRoutes.lookupReceipt, async ({ body, sourceIp, lang }) => {
    const report = await holder.resolve(body.receiptCode, sourceIp);
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
        attachments: (await attachments.ofReport(report.reportId)).map((a) => ({
          attachmentId: a.attachmentId,
          fileName: a.fileName,
          size: a.size,
          status: shownStatus(a, services.now()),
        })),
      },
    };
  });
};

export const handler = lookupReceipt(createServices());
