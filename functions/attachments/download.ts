/**
 * POST /attachments/{attachmentId}/download: a short-lived URL for a checked evidence file. The
 * download is put on the audit trail first (attachmentStore.recordDownload): no URL is handed out
 * without its entry.
 */
import * as attachmentsRoutes from '../../shared/contract/routes/attachments.ts';
import { DomainError, forbidden, notFound } from '../../shared/domain/errors.ts';
import {
  evidenceLimits,
  evidenceMessages,
  handlesReport,
  notHandling,
} from '../../shared/domain/evidence.ts';
import { assertNoConflict } from '../../shared/domain/recusal.ts';
import { actingRole, actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { attachmentStore } from '../../shared/store/attachments.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { type EvidenceStore, evidenceStore } from '../../shared/store/evidence-bucket.ts';
import { audited } from '../../shared/store/read-records.ts';
import { reportStore } from '../../shared/store/reports.ts';

const noSuchFile = { zh: '未找到该文件', en: 'No such file' };
const notAvailable = () => new DomainError('INVALID_TRANSITION', evidenceMessages.notAvailable);

export const downloadAttachment = (services: Services, bucket: EvidenceStore = evidenceStore()) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  const attachments = attachmentStore(services);
  const route = attachmentsRoutes.downloadAttachment;
  return httpHandler(audited(route, services), async ({ params, principal }) => {
    const attachment = await attachments.get(params.attachmentId);
    const report = attachment && (await reports.getFor(principal, attachment.reportId));
    if (!attachment || !report) throw notFound(noSuchFile);
    const stored = report.clueId ? await clues.load(report.clueId) : undefined;
    if (stored) assertNoConflict(principal.userId, stored); // 回避
    const clue = stored?.clue;
    const actor = actorOf(principal);
    if (!handlesReport(actor, report, clue)) throw forbidden(notHandling);
    if (attachment.status !== 'AVAILABLE') throw notAvailable();
    const at = services.now();
    const acting = { actor: actor.userId, role: actingRole(actor, route.access), at: at.toISOString() };
    const pepper = (await services.peppers()).audit;
    if (!(await attachments.recordDownload(attachment, report, acting, pepper))) throw notAvailable();
    const url = await bucket.downloadUrl(attachment, evidenceLimits.downloadUrlSeconds);
    const expiresAt = new Date(at.getTime() + evidenceLimits.downloadUrlSeconds * 1000).toISOString();
    return { status: 200, body: { url, expiresAt } };
  });
};

export const handler = downloadAttachment(createServices());
