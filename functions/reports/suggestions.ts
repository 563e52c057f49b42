/** GET /reports/{reportId}/suggestions: open clues about the same cadre, to merge into. */
import * as reportsRoutes from '../../shared/contract/routes/reports.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { audited } from '../../shared/store/read-records.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { clueSummary } from '../../shared/views/clue.ts';

export const reportSuggestions = (services: Services) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  return httpHandler(audited(reportsRoutes.reportSuggestions, services), async ({ params, principal }) => {
    const report = await reports.getFor(principal, params.reportId);
    if (!report) throw notFound({ zh: '未找到该举报', en: 'No such report' });
    const similar = await clues.openCluesAbout(principal.commissionId, report.accused);
    const now = services.now();
    return { status: 200, body: { items: similar.items.map((c) => clueSummary(c.clue, now)) } };
  });
};

export const handler = reportSuggestions(createServices());
