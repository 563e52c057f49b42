/**
 * PUT /commissions/{commissionId}/settings: an administrator replaces its own commission's
 * settings; the change goes on the commission's audit trail with who made it.
 */
import * as commissionsRoutes from '../../shared/contract/routes/commissions.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { commissionStore } from '../../shared/store/commissions.ts';

export const updateCommissionSettings = (services: Services) => {
  const commissions = commissionStore(services);
  return httpHandler(commissionsRoutes.updateCommissionSettings, async ({ params, body, principal }) => {
    const { commissionId } = params;
    const current = commissionId === principal.commissionId ? await commissions.get(commissionId) : undefined;
    if (!current) throw notFound();
    const facts = {
      at: services.now().toISOString(),
      actor: principal.userId,
      role: 'administrator' as const,
      action: 'update-commission-settings',
      details: { fromVersion: body.expectedVersion },
    };
    await commissions.updateSettings(commissionId, body.settings, body.expectedVersion, {
      facts,
      pepper: (await services.peppers()).audit,
    });
    return { status: 200, body: { ...current, settings: body.settings, version: body.expectedVersion + 1 } };
  });
};

export const handler = updateCommissionSettings(createServices());
