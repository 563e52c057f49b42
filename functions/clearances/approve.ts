/**
 * POST /clearances/{clearanceId}/approve: four eyes, then publication in one transaction: the
 * clearance, the signed notice (on the board if public), the follow-up visit, the audit entry, and
 * the message that brings the notice to the cadre.
 */

import * as clearancesRoutes from '../../shared/contract/routes/clearances.ts';
import { addDays, daysBetween } from '../../shared/domain/calendar.ts';
import { approveClearance as approve } from '../../shared/domain/clearance.ts';
import { notFound } from '../../shared/domain/errors.ts';
import { domainEvent } from '../../shared/domain/events.ts';
import { newId } from '../../shared/domain/ids.ts';
import { buildNotice, canonicalNoticeBytes, type Notice } from '../../shared/domain/notice.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { clearanceStore } from '../../shared/store/clearances.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { followUpStore } from '../../shared/store/follow-ups.ts';
import { outboxContext } from '../../shared/store/outbox.ts';
import { cadreAttributes, clearanceView } from '../../shared/views/clearance.ts';

export const approveClearance = (services: Services) => {
  const clearances = clearanceStore(services);
  const clues = clueStore(services);
  const followUps = followUpStore(services);
  const signer = services.signer();
  const { config } = services;

  return httpHandler(clearancesRoutes.approveClearance, async ({ params, principal }) => {
    const stored = await clearances.load(params.clearanceId);
    if (!stored) throw notFound({ zh: '未找到该澄清事项', en: 'No such clearance' });
    const now = services.now();
    const at = now.toISOString();
    const clearance = approve(stored.clearance, actorOf(principal), newId('ntc'), now);
    const unsigned = buildNotice(clearance, clearance.noticeId as string, config.COMMISSION_NAME, at);
    const notice: Notice = {
      ...unsigned,
      signature: {
        alg: 'ES256',
        keyId: signer.keyId,
        value: await signer.sign(canonicalNoticeBytes(unsigned)),
      },
    };
    const concludedAt = (await clues.load(clearance.clueId))?.clue.conclusion?.concludedAt ?? at;
    const noticeEvent = domainEvent(
      'NoticeSent',
      {
        clearanceId: clearance.clearanceId,
        noticeId: notice.noticeId,
      },
      at,
    );
    await clearances.commit({
      before: stored,
      after: { ...stored, clearance },
      facts: {
        at,
        actor: principal.userId,
        role: 'approver',
        action: 'approve-clearance',
        details: { clearanceId: clearance.clearanceId, noticeId: notice.noticeId, public: notice.public },
      },
      extra: [
        ...clearances.noticeItems(notice),
        followUps.schedule({
          followUpId: newId('flw'),
          clearanceId: clearance.clearanceId,
          clueId: clearance.clueId,
          cadre: clearance.cadre,
          dueAt: addDays(now, config.FOLLOW_UP_DAYS).toISOString(),
          status: 'PENDING',
        }),
      ],
      messages: [
        {
          event: noticeEvent,
          sealed: await services.vault.seal(
            { message: `${notice.text}\n\n${notice.translations.en}`, subject: 'Clarification notice' },
            outboxContext(noticeEvent.eventId),
          ),
          attributes: cadreAttributes(clearance, { noticeId: notice.noticeId }),
        },
        {
          event: domainEvent(
            'ClearancePublished',
            {
              clearanceId: clearance.clearanceId,
              clueId: clearance.clueId,
              noticeId: notice.noticeId,
              method: clearance.method,
              public: notice.public,
              daysFromConclusion: daysBetween(new Date(concludedAt), now),
            },
            at,
          ),
        },
      ],
      now,
      auditPepper: (await services.peppers()).audit,
    });
    return { status: 200, body: clearanceView({ ...stored, clearance }, config.COMMISSION_NAME) };
  });
};

export const handler = approveClearance(createServices());
