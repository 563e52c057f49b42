/** POST /receipts/objections: a reporter objects (异议) to how their report ended, by receipt code. */
import * as objectionsRoutes from '../../shared/contract/routes/objections.ts';
import { newId } from '../../shared/domain/ids.ts';
import { refusalOf } from '../../shared/domain/objection.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { objectionStore } from '../../shared/store/objections.ts';
import { receiptHolder } from '../../shared/store/receipt-holder.ts';

export const lodgeObjection = (services: Services) => {
  const holder = receiptHolder(services);
  const clues = clueStore(services);
  const objections = objectionStore(services);

  return httpHandler(objectionsRoutes.lodgeObjection, async ({ body, sourceIp }) => {
    const report = await holder.resolve(body.receiptCode, sourceIp);
    const stored = report.clueId ? await clues.load(report.clueId) : undefined;
    if (!stored) throw refusalOf({ kind: 'NOT_CONCLUDED' });
    const objectionId = newId('obj');
    // Sealed before anything is decided: the reason is never logged, never in an event.
    const reason = await services.vault.seal(body.reason, { objectionId });
    const windowDays = services.config.OBJECTION_WINDOW_DAYS;
    const input = { objectionId, reportId: report.reportId, reason, windowDays, now: services.now() };
    const objection = await objections.lodge(stored, input, (await services.peppers()).audit);
    const { lodgedAt, windowEndsAt } = objection;
    return { status: 201, body: { objectionId, status: 'OPEN', lodgedAt, windowEndsAt } };
  });
};

export const handler = lodgeObjection(createServices());
