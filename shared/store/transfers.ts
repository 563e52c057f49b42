/**
 * Transfers between commissions (shared/domain/transfer.ts): what a hand-over reads before it
 * decides (the receiving commission and its calendar, the reports, the receiver's case numbers)
 * and what it writes. A clue's transfer is one transaction with the clue's own change (the clue,
 * its audit entry, each report moved, its inbox's unread answers cleared, the events): a clue
 * holds at most 20 reports, so at most about 26 items of the 100 a transaction may hold. A report
 * not yet registered moves with its audit entry and its event, as a decline does.
 *
 * The receiver's case numbers are drawn only once the transfer is decided (status, version,
 * recusal, the report's own leadership rule): a refused transfer uses none. One that then loses
 * the race to the commit (the clue changed meanwhile) leaves a gap in the receiver's numbers, as
 * any lost registration does; a counter cannot be drawn inside the transaction that uses it.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { Clue, ClueCommand } from '../domain/clue.ts';
import { commissionOf } from '../domain/commission.ts';
import { DomainError, validationFailed } from '../domain/errors.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { Actor } from '../domain/roles.ts';
import { assertMayReceive, clueHandOver, decideEscalation, transferTargetOf } from '../domain/transfer.ts';
import { caseNumberStore } from './case-numbers.ts';
import { commissionStore, settingsOf } from './commissions.ts';
import type { TransactItem } from './entity.ts';
import { transactWithHistory } from './history.ts';
import { clueInboxClearedItem } from './messages.ts';
import { outboxPut } from './outbox.ts';
import { type ReportItem, reportEntity, reportHandOverItem, reportStore } from './reports.ts';

/** The transaction's further parts for a transferred clue: each report moved, and the event. */
interface HandOverParts {
  items: TransactItem[];
  event: DomainEvent;
}

type Services = { db: DynamoDBDocumentClient; config: Config };

/** A clue action as the body gave it: a transfer's `to` may still be open. */
type AskedCommand =
  | Exclude<ClueCommand, { action: 'transfer' }>
  | { action: 'transfer'; reason: string; to?: string | undefined; toCommissionId?: string | undefined };

export const transferStore = (services: Services) => {
  const tableName = services.config.TABLE_NAME;
  const commissions = commissionStore(services);
  const reports = reportStore(services);
  const caseNumbers = caseNumberStore(services);

  /** Who sends, who receives (known, not the sender), and the receiver's working calendar. */
  const parties = async (member: { commissionId: string }, toCommissionId: string) => {
    const to = transferTargetOf(
      toCommissionId,
      member.commissionId,
      await commissions.cachedGet(toCommissionId),
    );
    const [sending, receiving] = await Promise.all([
      settingsOf(services, member.commissionId),
      settingsOf(services, to.commissionId),
    ]);
    return {
      from: { commissionId: member.commissionId, name: sending.name },
      to,
      calendar: receiving.deadlines.calendar,
    };
  };

  /** Each report gets the receiver's next case number; one UpdateItem draws them all. */
  const numbersFor = (toCommissionId: string, moving: readonly ReportItem[], now: Date) =>
    caseNumbers.nextMany(toCommissionId, 'REPORT', now, moving.length);

  return {
    /**
     * Any clue action passes through unchanged but a `transfer`: to a body outside the system (`to` alone) nothing more is read; to a
     * commission of the deployment, what the hand-over needs, and the command with that
     * commission's name as `to`. `handOver(clue)` then gives the transaction's further parts for
     * the clue as the decision left it.
     */
    async forClue(
      member: { commissionId: string },
      command: AskedCommand,
      clue: Clue,
      now: Date,
    ): Promise<{ command: ClueCommand; handOver?: (decided: Clue) => Promise<HandOverParts> }> {
      if (command.action !== 'transfer') return { command };
      if (!command.toCommissionId) {
        if (command.to) return { command: { ...command, to: command.to } };
        throw validationFailed(
          [{ path: 'body.toCommissionId', code: 'required', message: 'toCommissionId or to is required' }],
          { zh: '请选择接收移交的纪检监察机关', en: 'Choose the commission to transfer to' },
        );
      }
      const context = await parties(member, command.toCommissionId);
      const moving = await reports.getManyFor(
        member,
        clue.reports.map((r) => r.reportId),
      );
      assertMayReceive(moving, context.to);
      // Drawn once, when the first decision allows the transfer; a retry of the commit reuses them.
      let drawn: Promise<(string | undefined)[]> | undefined;
      const handOver = async (decided: Clue): Promise<HandOverParts> => {
        drawn ??= numbersFor(context.to.commissionId, moving, now);
        const numbers = await drawn;
        const byId = new Map(moving.map((report, i) => [report.reportId, { report, number: numbers[i] }]));
        const fromNumbers = new Map(moving.map((r) => [r.reportId, r.caseNumber]));
        const { reports: moved, event } = clueHandOver(
          decided,
          { ...context, reason: command.reason, now },
          fromNumbers,
        );
        const items: TransactItem[] = moved.flatMap((m) => {
          const found = byId.get(m.reportId);
          if (!found) return [];
          const { report, number } = found;
          const fields = { submittedAt: report.submittedAt, caseNumber: number };
          return [reportHandOverItem(tableName, m, fields, { clueId: decided.clueId })];
        });
        // Every report left: the answers they hold unread are the receiver's to read, not this clue's.
        return { items: [...items, clueInboxClearedItem(tableName, decided.clueId)], event };
      };
      return {
        command: { ...command, to: context.to.name, toCommissionId: context.to.commissionId },
        handOver,
      };
    },

    /**
     * 移交 of a report not yet registered: it leaves this commission's queue for the receiver's,
     * with the decision on the report's own audit trail and the event, in one transaction.
     */
    async escalate(
      report: ReportItem,
      input: { toCommissionId: string; reason: string; actor: Actor; now: Date },
      auditPepper: Uint8Array,
    ) {
      const { actor, now, reason } = input;
      const context = await parties({ commissionId: commissionOf(report) }, input.toCommissionId);
      const decision = decideEscalation(report, actor, { ...context, reason, now });
      const [number] = await numbersFor(context.to.commissionId, [report], now);
      const fields = { submittedAt: report.submittedAt, caseNumber: number };
      const failed = await transactWithHistory(services.db, {
        tableName,
        subjectPK: reportEntity.key(report.reportId).PK,
        facts: decision.facts,
        pepper: auditPepper,
        parts: {
          report: reportHandOverItem(tableName, decision.handOver, fields, { version: report.version }),
          outbox: outboxPut(tableName, decision.event),
        },
      });
      if (failed?.part === 'report') {
        throw new DomainError('INVALID_TRANSITION', {
          zh: '该举报已被受理、不予受理或移交',
          en: 'This report was registered, declined or transferred meanwhile',
        });
      }
      if (failed) throw new Error(`transfer ${report.reportId}: the ${failed.part} condition failed`);
      return { ...decision.handOver, to: context.to };
    },
  };
};
