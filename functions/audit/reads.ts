/**
 * GET /audit/reads?subjectId=&userId=: the recorded reads of the auditor's commission, newest
 * first, of one case file, of one member, or of one member on one case file. Never the whole
 * table: each is one Query (shared/store/read-records.ts), so at least one filter is required.
 */
import * as auditRoutes from '../../shared/contract/routes/audit.ts';
import { validationFailed } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { readRecords } from '../../shared/store/read-records.ts';

export const listReads = (services: Services) => {
  const reads = readRecords(services);
  return httpHandler(auditRoutes.listReads, async ({ query, principal }) => {
    if (query.subjectId === undefined && query.userId === undefined) {
      throw validationFailed([
        { path: 'query', code: 'filter_required', message: 'name a subjectId, a userId, or both' },
      ]);
    }
    const page = await reads.list({ commissionId: principal.commissionId, ...query });
    const items = page.items.map(({ commissionId: _, ...read }) => read);
    return { status: 200, body: { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } };
  });
};

export const handler = listReads(createServices());
