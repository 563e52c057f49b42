/**
 * POST /clues/{clueId}/clearances: propose clearance. The cadre is asked through SNS, by the outbox
 * and the relay, with a one-time consent link; only the token's hash is stored, and the message
 * holding the link is sealed in the outbox until the relay sends it.
 */

import { randomBytes } from 'node:crypto';
import * as clearancesRoutes from '../../shared/contract/routes/clearances.ts';
import { addDays } from '../../shared/domain/calendar.ts';
import {
  type Clearance,
  consentRequestText,
  decisionDue,
  eligibleAllegations,
} from '../../shared/domain/clearance.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { domainEvent } from '../../shared/domain/events.ts';
import { newId } from '../../shared/domain/ids.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore, hashToken } from '../../shared/store/clearances.ts';
import { accusedHash, clueStore } from '../../shared/store/clues.ts';
import { outboxContext } from '../../shared/store/outbox.ts';
import { cadreAttributes, clearanceView } from '../../shared/views/clearance.ts';

export const createClearance = (services: Services) => {
  const clues = clueStore(services);
  const clearances = clearanceStore(services);
  const { config } = services;

  return httpHandler(clearancesRoutes.createClearance, async ({ body, params, principal }) => {
    const stored = await clues.load(params.clueId);
    if (!stored) throw notFound({ zh: '未找到该线索', en: 'No such clue' });
    const { clue } = stored;
    const actor = actorOf(principal);
    const allegations = eligibleAllegations(clue, body, actor);
    const now = services.now();
    const clearance: Clearance = {
      clearanceId: newId('clr'),
      clueId: clue.clueId,
      status: 'AWAITING_CONSENT',
      version: 1,
      trigger: body.trigger,
      harm: body.harm,
      method: body.method,
      statement: body.statement,
      // The same person gets the same key across clues, so one subscription serves them all.
      cadreKey: clue.cadreId ?? `acc-${accusedHash(clue.accused)}`,
      cadre: {
        name: clue.accused.name,
        position: clue.accused.position,
        organization: clue.accused.organization,
      },
      allegations,
      proposedBy: actor.userId,
      proposedAt: now.toISOString(),
      decideBy: decisionDue(clue.conclusion?.concludedAt as string),
    };
    const token = randomBytes(32).toString('base64url');
    const link = `${config.PUBLIC_BASE_URL}/consent?clearance=${clearance.clearanceId}&token=${token}`;
    const at = now.toISOString();
    const contactEvent = domainEvent(
      'CadreContactChanged',
      {
        cadreId: clearance.cadreKey,
      },
      at,
    );
    const consentEvent = domainEvent(
      'ConsentRequested',
      {
        clearanceId: clearance.clearanceId,
      },
      at,
    );
    const text = consentRequestText(clearance, link);
    const after = {
      clearance,
      consentCredential: {
        tokenHash: hashToken(token),
        expiresAt: addDays(now, config.CONSENT_TTL_DAYS).toISOString(),
      },
      contact: await services.vault.seal(body.cadreContact, { clearanceId: clearance.clearanceId }),
    };
    await clearances.commit({
      after,
      facts: {
        at,
        actor: actor.userId,
        role: 'investigator',
        action: 'propose-clearance',
        details: { clearanceId: clearance.clearanceId, method: body.method },
      },
      messages: [
        {
          event: contactEvent,
          sealed: await services.vault.seal(
            { contact: body.cadreContact },
            outboxContext(contactEvent.eventId),
          ),
          attributes: { cadreId: clearance.cadreKey },
        },
        {
          event: consentEvent,
          sealed: await services.vault.seal(
            { message: `${text.zh}\n\n${text.en}`, subject: 'Clearance: your consent is requested' },
            outboxContext(consentEvent.eventId),
          ),
          attributes: cadreAttributes(clearance),
        },
        {
          event: domainEvent(
            'ClearanceProposed',
            {
              clearanceId: clearance.clearanceId,
              clueId: clue.clueId,
              method: body.method,
            },
            at,
          ),
        },
      ],
      now,
      auditPepper: (await services.peppers()).audit,
    });
    return { status: 201, body: clearanceView(after, config.COMMISSION_NAME) };
  });
};

export const handler = createClearance(createServices());
