/** GET /reports/{reportId}/attachments: a report's evidence files, for the staff handling it. */
import * as attachmentsRoutes from '../../shared/contract/routes/attachments.ts';
import { forbidden, notFound } from '../../shared/domain/errors.ts';
import { handlesReport, notHandling, shownStatus } from '../../shared/domain/evidence.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { attachmentStore } from '../../shared/store/attachments.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { audited } from '../../shared/store/read-records.ts';
import { reportStore } from '../../shared/store/reports.ts';

export const listAttachments = (services: Services) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  const attachments = attachmentStore(services);
  return httpHandler(audited(attachmentsRoutes.listAttachments, services), async ({ params, principal }) => {
    const report = await reports.getFor(principal, params.reportId);
    if (!report) throw notFound({ zh: '未找到该举报', en: 'No such report' });
    const stored = report.clueId ? await clues.load(report.clueId) : undefined;
    if (stored) assertNoConflict(principal.userId, stored); // 回避
    const clue = stored?.clue;
    if (!handlesReport(actorOf(principal), report, clue)) throw forbidden(notHandling);
    const now = services.now();
    const items = (await attachments.ofReport(report.reportId)).map((attachment) => {
      const { uploadBy: _uploadBy, versionId: _versionId, ...shown } = attachment;
      return { ...shown, status: shownStatus(attachment, now) };
    });
    return { status: 200, body: { items } };
  });
};

export const handler = listAttachments(createServices());
