/**
 * What a clue action writes beside the clue, in the same transaction (functions/clues/act.ts): a
 * conclusion owes each real-name reporter the result (conversation.ts), and a transfer to another
 * commission moves the clue's reports to its intake queue (transfers.ts). A further item whose
 * condition fails means the clue moved underneath: VERSION_CONFLICT, as for the clue itself.
 */
import type { Config } from '../config.ts';
import type { Clue } from '../domain/clue.ts';
import type { ClueDecision } from '../domain/clue-decisions.ts';
import { feedbackDeadlines } from '../domain/conversation.ts';
import type { DeadlinePolicy } from '../domain/deadlines.ts';
import { versionConflict } from '../domain/errors.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { ClueChange } from './clues.ts';
import type { TransactItem } from './entity.ts';
import { feedbackDeadlineItems } from './messages.ts';

export const clueEffects = async (
  services: { config: Config; deadlines: DeadlinePolicy },
  decision: ClueDecision,
  version: number,
  handOver?: (decided: Clue) => Promise<{ items: TransactItem[]; event: DomainEvent }>,
): Promise<ClueChange> => {
  const concluded = decision.facts.action === 'approve-conclusion';
  const owed = concluded ? feedbackDeadlines(decision.clue, services.deadlines) : [];
  const feedback = feedbackDeadlineItems(services.config.TABLE_NAME, owed);
  // Only now, the transfer decided, does the hand-over draw the receiver's case numbers.
  const moved = decision.facts.action === 'transfer' && handOver ? await handOver(decision.clue) : undefined;
  const refused = () => versionConflict(version);
  return {
    ...decision,
    events: [...decision.events, ...(moved ? [moved.event] : [])],
    also: Object.fromEntries([
      ...feedback.map((item, i) => [`feedback${i}`, { item, refused }]),
      ...(moved?.items ?? []).map((item, i) => [`transferred${i}`, { item, refused }]),
    ]),
  };
};
