/**
 * GET /accuser-flags/export?format=csv|json: the member's commission's confirmed, live FABRICATION
 * flags for a credit system (Qingdao's practice). Pseudonym, level, dates and its own evidence ids,
 * other commissions' findings by reference; never an identity.
 */
import * as flagsRoutes from '../../shared/contract/routes/flags.ts';
import {
  type CreditExportItem,
  creditExportCsv,
  creditExportItem,
  isExported,
} from '../../shared/domain/credit-export.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';
import { audited } from '../../shared/store/read-records.ts';

/** The most rows one export holds; a bigger registry is exported in pages of the list route. */
const maxRows = 10_000;

export const exportFlags = (services: Services) => {
  const accusers = accuserStore(services);
  return httpHandler(audited(flagsRoutes.exportFlags, services), async ({ query, principal }) => {
    const now = services.now();
    const items: CreditExportItem[] = [];
    for await (const flag of accusers.each(principal.commissionId, 'CONFIRMED', now)) {
      if (isExported(flag)) items.push(creditExportItem(flag));
      if (items.length >= maxRows) break;
    }
    if (query.format === 'json') return { status: 200, body: { generatedAt: now.toISOString(), items } };
    return {
      status: 200,
      raw: creditExportCsv(items),
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="fabrication-flags.csv"',
      },
    };
  });
};

export const handler = exportFlags(createServices());
