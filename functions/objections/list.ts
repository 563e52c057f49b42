/** GET /objections?status=OPEN: the approvers' queue of objections, with each reporter's reason. */
import * as objectionsRoutes from '../../shared/contract/routes/objections.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { type Objection, objectionStore } from '../../shared/store/objections.ts';
import { type ReportItem, reportStore } from '../../shared/store/reports.ts';

/** What the approver sees of a declined report: whom and what it concerns, and why it was declined. */
const declinedReport = (report: ReportItem | undefined) =>
  report && {
    report: {
      accused: {
        name: report.accused.name,
        position: report.accused.position,
        organization: report.accused.organization,
      },
      category: report.category,
      submittedAt: report.submittedAt,
      status: report.status,
      ...(report.declineReason ? { declineReason: report.declineReason } : {}),
    },
  };

export const listObjections = (services: Services) => {
  const objections = objectionStore(services);
  const reports = reportStore(services);
  // An erased reason (保存期限) is absent; reasonErasedAt says when it went.
  const opened = async ({ reason, ...objection }: Objection, declined: Map<string, ReportItem>) => ({
    ...objection,
    against: objection.against ?? 'CONCLUSION',
    ...(reason
      ? { reason: await services.vault.open<string>(reason, { objectionId: objection.objectionId }) }
      : {}),
    ...(objection.against === 'NOT_ACCEPTED' ? declinedReport(declined.get(objection.reportId)) : {}),
  });

  return httpHandler(objectionsRoutes.listObjections, async ({ query, principal }) => {
    const page = await objections.list(principal.commissionId, query.status, query.limit, query.cursor);
    // A 不予受理 objection has no clue to open: the approver is shown the declined report instead.
    const ids = page.items.filter((o) => o.against === 'NOT_ACCEPTED').map((o) => o.reportId);
    // A report since transferred is the receiver's: not shown here.
    const declined = new Map((await reports.getManyFor(principal, ids)).map((r) => [r.reportId, r]));
    const items = await Promise.all(page.items.map((o) => opened(o, declined)));
    return { status: 200, body: { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
  });
};

export const handler = listObjections(createServices());
