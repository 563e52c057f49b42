/** POST /receipts/lookup: a reporter follows their report by receipt code (docs/api.md). */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { conversationOf } from '../../shared/domain/conversation.ts';
import { shownStatus } from '../../shared/domain/evidence.ts';
import { objectionForReporter, objectionTimeline } from '../../shared/domain/objection.ts';
import { reporterView } from '../../shared/domain/report.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { attachmentStore } from '../../shared/store/attachments.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { messageStore } from '../../shared/store/messages.ts';
import { receiptHolder } from '../../shared/store/receipt-holder.ts';

export const lookupReceipt = (services: Services) => {
  const holder = receiptHolder(services);
  const clues = clueStore(services);
  const conversation = messageStore(services);
  const attachments = attachmentStore(services);

  return httpHandler(reportsRoutes.lookupReceipt, async ({ body, sourceIp, lang }) => {
    const report = await holder.resolve(body.receiptCode, sourceIp);
    const [stored, written] = await Promise.all([
      report.clueId ? clues.load(report.clueId) : undefined,
      conversation.ofReport(report.reportId),
    ]);
    const clue = stored?.clue;
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
    const windowDays = services.config.OBJECTION_WINDOW_DAYS;
    const objection = objectionForReporter(clue, report.reportId, services.now(), windowDays);
    const said = [...view.messages, ...objectionTimeline(clue, report.reportId)].sort((a, b) =>
      a.at.localeCompare(b.at),
    );
    return {
      status: 200,
      body: {
        ...view,
        outcome: view.outcome && { ...view.outcome, text: view.outcome.text[lang] },
        messages: conversationOf(
          said.map((m) => ({ at: m.at, text: m.text[lang] })),
          await Promise.all(
            written.map(async (m) => ({
              messageId: m.messageId,
              from: m.from,
              at: m.at,
              text: await conversation.open(m),
            })),
          ),
        ),
        ...(objection ? { objection } : {}),
        ...(report.identityStatus ? { identityStatus: report.identityStatus } : {}),
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
