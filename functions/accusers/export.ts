/**
 * GET /accuser-flags/export?format=csv|json: confirmed, live FABRICATION flags for a credit
 * system (Qingdao's practice). Pseudonym, level, dates and evidence ids; never an identity.
 */
import * as flagsRoutes from '../../shared/contract/routes/flags.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { accuserStore } from '../../shared/store/accusers.ts';

/** The most rows one export holds; a bigger registry is exported in pages of the list route. */
const maxRows = 10_000;

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export const exportFlags = (services: Services) => {
  const accusers = accuserStore(services);
  return httpHandler(flagsRoutes.exportFlags, async ({ query }) => {
    const now = services.now();
    const items = [];
    let cursor: string | undefined;
    do {
      const page = await accusers.list('CONFIRMED', 100, cursor, now);
      for (const flag of page.items) {
        if (flag.level !== 'FABRICATION') continue;
        items.push({
          reporterRef: flag.reporterRef,
          level: 'FABRICATION' as const,
          confirmedAt: flag.confirmedAt as string,
          expiresAt: flag.expiresAt as string,
          evidence: flag.evidence.map(({ reportId, clueId, outcome, concludedAt }) => ({
            reportId,
            clueId,
            finding: outcome,
            concludedAt,
          })),
        });
      }
      cursor = page.nextCursor;
    } while (cursor && items.length < maxRows);
    if (query.format === 'json') return { status: 200, body: { generatedAt: now.toISOString(), items } };
    const header = 'reporterRef,level,confirmedAt,expiresAt,reportIds,clueIds,findings,concludedAt';
    const rows = items.map((i) =>
      [
        i.reporterRef,
        i.level,
        i.confirmedAt,
        i.expiresAt,
        ...(['reportId', 'clueId', 'finding', 'concludedAt'] as const).map((k) =>
          i.evidence.map((e) => e[k]).join(';'),
        ),
      ]
        .map(csvCell)
        .join(','),
    );
    return {
      status: 200,
      raw: [header, ...rows].join('\n'),
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="fabrication-flags.csv"',
      },
    };
  });
};

export const handler = exportFlags(createServices());
