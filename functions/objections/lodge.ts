/** POST /receipts/objections: a reporter objects (异议) to how their report ended, by receipt code. */
import * as objectionsRoutes from '../../shared/contract/routes/objections.ts';
import { newId } from '../../shared/domain/ids.ts';
import { refusalOf } from '../../shared/domain/objection.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { declineObjectionStore } from '../../shared/store/decline-objections.ts';
import { objectionStore } from '../../shared/store/objections.ts';
import { receiptHolder } from '../../shared/store/receipt-holder.ts';

export const lodgeObjection = (services: Services) => {
  const holder = receiptHolder(services);
  const clues = clueStore(services);
  const objections = objectionStore(services);
  const declines = declineObjectionStore(services);

  return httpHandler(objectionsRoutes.lodgeObjection, async ({ body, sourceIp }) => {
    const report = await holder.resolve(body.receiptCode, sourceIp);
    const declined = report.status === 'DECLINED';
    const stored = report.clueId ? await clues.load(report.clueId) : undefined;
    if (!stored && !declined) throw refusalOf({ kind: 'NOT_CONCLUDED' });
    const objectionId = newId('obj');
    // Sealed before anything is decided: the reason is never logged, never in an event.
    const reason = await services.vault.seal(body.reason, { objectionId });
    const windowDays = services.config.OBJECTION_WINDOW_DAYS;
    const input = { objectionId, reportId: report.reportId, reason, windowDays, now: services.now() };
    const pepper = (await services.peppers()).audit;
    // 不予受理 has no clue: the objection rests on the report and its own trail.
    const objection = stored
      ? await objections.lodge(stored, input, pepper)
      : await declines.lodge(report, input, pepper);
    const { lodgedAt, windowEndsAt } = objection;
    return { status: 201, body: { objectionId, status: 'OPEN', lodgedAt, windowEndsAt } };
  });
};

export const handler = lodgeObjection(createServices());
