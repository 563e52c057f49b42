/** GET /reports?status=UNREGISTERED&order=asc|desc: the intake queue, oldest first unless asked, one Query a page. */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import type { ReportSummary } from '../../shared/schemas/responses/reports.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { type ReportItem, reportStore } from '../../shared/store/reports.ts';

/** Picks the fields staff may see; the sealed identity and fingerprint never leave the table. */
const summaryOf = (item: ReportItem): ReportSummary => ({
  reportId: item.reportId,
  ...(item.caseNumber ? { caseNumber: item.caseNumber } : {}),
  submittedAt: item.submittedAt,
  accused: item.accused,
  category: item.category,
  allegations: item.allegations,
  reporterKind: item.reporterKind,
  ...(item.reporterFlag ? { reporterFlag: item.reporterFlag } : {}),
  ...(item.identityStatus ? { identityStatus: item.identityStatus } : {}),
  ...(item.escalation ? { escalation: item.escalation } : {}),
  status: 'UNREGISTERED',
  ...transferredIn(item),
  ...(item.unreadAnswers?.size ? { unreadMessages: item.unreadAnswers.size } : {}),
});

/** A report transferred in: where from (the sender's number for correspondence) and its deadline. */
const transferredIn = (item: ReportItem) => {
  const last = item.transfers?.at(-1);
  if (!last || !item.takeUpBy) return {};
  const { fromCommissionId: commissionId, fromName: name, at, reason, fromCaseNumber } = last;
  const from = { commissionId, name, at, reason, ...(fromCaseNumber ? { caseNumber: fromCaseNumber } : {}) };
  return { transferredFrom: from, takeUpBy: item.takeUpBy };
};

export const listReports = (services: Services) => {
  const reports = reportStore(services);
  return httpHandler(reportsRoutes.listReports, async ({ query, principal }) => {
    const page = await reports.listUnregistered(
      principal.commissionId,
      query.limit,
      query.cursor,
      query.order === 'desc',
    );
    return {
      status: 200,
      body: { items: page.items.map(summaryOf), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    };
  });
};

export const handler = listReports(createServices());
