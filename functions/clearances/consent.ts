/**
 * POST /clearances/{clearanceId}/consent: the cadre's answer. The token is the credential: a wrong,
 * used or expired token gets the same 403, and a token works once, raced or not: a request that
 * loses the race for the clearance reloads it and then finds its token used.
 */

import * as clearancesRoutes from '../../shared/contract/routes/clearances.ts';
import { recordConsent } from '../../shared/domain/clearance.ts';
import { DomainError, notFound } from '../../shared/domain/errors.ts';
import { domainEvent } from '../../shared/domain/events.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore, tokenMatches } from '../../shared/store/clearances.ts';

const badToken = () =>
  new DomainError('FORBIDDEN', {
    zh: '链接无效、已使用或已过期，请联系纪检监察机关',
    en: 'This link is not valid, was already used or has expired; please contact the commission',
  });

export const consentToClearance = (services: Services) => {
  const clearances = clearanceStore(services);
  /** Checks the token against the clearance as stored now, and records the answer. */
  const answer = async (
    clearanceId: string,
    body: { token: string; consent: boolean; comment?: string | undefined },
  ) => {
    const stored = await clearances.load(clearanceId);
    if (!stored) throw notFound({ zh: '未找到该澄清事项', en: 'No such clearance' });
    const now = services.now();
    const credential = stored.consentCredential;
    if (
      !tokenMatches(body.token, credential) ||
      credential.usedAt ||
      credential.expiresAt < now.toISOString()
    )
      throw badToken();

    const clearance = recordConsent(stored.clearance, body.consent, body.comment, now);
    const at = now.toISOString();
    await clearances.commit({
      before: stored,
      after: { ...stored, clearance, consentCredential: { ...credential, usedAt: at } },
      facts: {
        at,
        actor: `cadre:${clearance.cadreKey}`,
        role: 'public',
        action: body.consent ? 'consent-clearance' : 'decline-clearance',
        ...(body.comment ? { reason: body.comment } : {}),
        details: { clearanceId: clearance.clearanceId },
      },
      messages: [
        {
          event: domainEvent(
            body.consent ? 'ClearanceConsented' : 'ClearanceDeclined',
            { clearanceId: clearance.clearanceId },
            at,
          ),
        },
      ],
      now,
      auditPepper: (await services.peppers()).audit,
    });
    return { status: 200 as const, body: { clearanceId: clearance.clearanceId, status: clearance.status } };
  };

  return httpHandler(clearancesRoutes.consentToClearance, async ({ body, params }) => {
    // The clearance changed between load and commit: most often another request with this very
    // token won, which the next look at the credential tells as a 403 (a used token), as the
    // contract says; a change for any other reason is answered on the fresh state.
    for (let attempt = 1; ; attempt++) {
      try {
        return await answer(params.clearanceId, body);
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'VERSION_CONFLICT') || attempt === 3)
          throw error;
      }
    }
  });
};

export const handler = consentToClearance(createServices());
