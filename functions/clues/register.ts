/** POST /clues: register (受理) unregistered reports as a new clue, and suggest open clues to merge. */

import * as cluesRoutes from '../../shared/contract/routes/clues.ts';
import { decideRegistration, reportsToRegister } from '../../shared/domain/clue-decisions.ts';
import { newId } from '../../shared/domain/ids.ts';
import { actorOf } from '../../shared/http/auth.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { cadreStore } from '../../shared/store/cadres.ts';
import { caseNumberStore } from '../../shared/store/case-numbers.ts';
import { clueStore } from '../../shared/store/clues.ts';
import { settingsOf } from '../../shared/store/commissions.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { clueDetail } from '../../shared/views/clue.ts';

export const registerClue = (services: Services) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  const cadres = cadreStore(services);
  const caseNumbers = caseNumberStore(services);

  return httpHandler(cluesRoutes.registerClue, async ({ body, principal }) => {
    const reportIds = [...new Set(body.reportIds)];
    const found = reportsToRegister(reportIds, await reports.getManyFor(principal, reportIds));
    const cadre = body.cadreId ? await cadres.existingFor(principal, body.cadreId) : undefined;
    const now = services.now();
    // The clue belongs to the member's commission, whose reports it takes in (getManyFor); its
    // number is drawn before the transaction (a failure leaves a gap).
    const commissionId = principal.commissionId;
    const { deadlines: policy } = await settingsOf(services, commissionId);
    const caseNumber = await caseNumbers.next(commissionId, 'CLUE', now);
    const { clue, ...decision } = decideRegistration(
      { clueId: newId('clu'), reports: found, cadre, policy, caseNumber, commissionId },
      { actor: actorOf(principal), role: 'intake', now },
    );
    const entry = await clues.create({ clue, ...decision }, (await services.peppers()).audit);

    const similar = await clues.openCluesAbout(principal.commissionId, clue.accused);
    const similarOpenClues = similar.items
      .filter((c) => c.clue.clueId !== clue.clueId)
      .map(({ clue: c }) => ({
        clueId: c.clueId,
        ...(c.caseNumber ? { caseNumber: c.caseNumber } : {}),
        status: c.status,
        registeredAt: c.registeredAt,
      }));
    const registered = found.map((r) => ({ ...r, acceptedAt: decision.facts.at }));
    return {
      status: 201,
      body: { ...clueDetail(clue, registered, [entry], now), similarOpenClues },
    };
  });
};

export const handler = registerClue(createServices());
