/** POST /receipts/messages: the reporter writes to the commission with the receipt code. */
import * as messagesRoutes from '../../shared/contract/routes/messages.ts';
import { decideReporterMessage } from '../../shared/domain/conversation.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { messageStore } from '../../shared/store/messages.ts';
import { receiptHolder } from '../../shared/store/receipt-holder.ts';

export const sendReceiptMessage = (services: Services) => {
  const holder = receiptHolder(services);
  const conversation = messageStore(services);

  return httpHandler(messagesRoutes.sendReceiptMessage, async ({ body, sourceIp }) => {
    const report = await holder.resolve(body.receiptCode, sourceIp);
    const { message, clueId } = decideReporterMessage(report, services.now());
    await conversation.fromReporter(message, body.text, clueId, body.recusalRequest);
    return { status: 201, body: { messageId: message.messageId, at: message.at } };
  });
};

export const handler = sendReceiptMessage(createServices());
