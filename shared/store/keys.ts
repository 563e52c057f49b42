/**
 * Keys shared across modules. Each entity is declared once, with `defineEntity`
 * (shared/store/entity.ts), in the store module that owns it (`clueEntity`, `reportEntity`,
 * `receiptEntity`, `idempotencyEntity`, `cadreEntity`, `historyOf`). This module keeps what several
 * entities share: the partitions of a clue and of a report (their audit trails live in them, and
 * clearances append to the clue's), the index partitions, and the keys of outbox events, counters
 * and statistics. Every item also carries `entity`, so a stream record or an export says what it
 * is. The tables of entities and keys: docs/architecture.md ("An entity").
 *
 * | entity        | PK                             | SK      |
 * |---------------|--------------------------------|---------|
 * | OutboxEvent   | OUTBOX#<eventId>               | OUTBOX  |
 * | LookupCounter | LOOKUPS#<client hash>          | COUNTER |
 * | IdentityBudget| IDENTITY_BUDGET#<userId>#<day> | BUDGET  |
 * | Stats         | STATS                          | GLOBAL  |
 *
 * Outbox events sit in GSI5 (OUTBOX#UNPUBLISHED / <occurredAt>#<eventId>) until published.
 */
import { singleCommissionId } from '../domain/commission.ts';

export const entityKeys = {
  /** A report's partition: the Report item and the report's audit trail. */
  report: (reportId: string) => ({ PK: `REPORT#${reportId}`, SK: 'REPORT' }),
  outbox: (eventId: string) => ({ PK: `OUTBOX#${eventId}`, SK: 'OUTBOX' }),
  lookupCounter: (clientHash: string) => ({ PK: `LOOKUPS#${clientHash}`, SK: 'COUNTER' }),
  identityBudget: (userId: string, day: string) => ({
    PK: `IDENTITY_BUDGET#${userId}#${day}`,
    SK: 'BUDGET',
  }),
  /** A clue's partition: the Clue item, its audit trail and the trail's head. */
  clue: (clueId: string) => ({ PK: `CLUE#${clueId}`, SK: 'CLUE' }),
  stats: () => ({ PK: 'STATS', SK: 'GLOBAL' }),
} as const;

/** Index partitions: each list the service offers is one Query on one of these. */
export const indexKeys = {
  unregisteredReports: {
    index: 'GSI1',
    partition: 'REPORTS#UNREGISTERED',
    sort: (submittedAt: string, reportId: string) => `${submittedAt}#${reportId}`,
  },
  cluesByStatus: { index: 'GSI1', partition: (status: string) => `CLUES#STATUS#${status}` },
  cluesByAssignee: { index: 'GSI2', partition: (userId: string) => `CLUES#ASSIGNEE#${userId}` },
  deadlines: {
    index: 'GSI3',
    due: 'DEADLINES#DUE',
    alerted: 'DEADLINES#ALERTED',
    sort: (at: string, kind: string, entity: string, id: string) => `${at}#${kind}#${entity}#${id}`,
  },
  /**
   * A commission's clues in one status by their running deadline (GSI5, keys only: it is free for
   * clues, whose other indexes are taken; docs/architecture.md). A clue without a running deadline
   * sorts after every date (`NONE#…`), so the list holds the same clues as the status queue.
   */
  cluesByDeadline: {
    index: 'GSI5',
    partition: (status: string) => `CLUES#DEADLINE#${status}`,
    sort: (deadlineAt: string | undefined, clueId: string) => `${deadlineAt ?? 'NONE'}#${clueId}`,
  },
  openCluesByAccused: { index: 'GSI4', partition: (accusedHash: string) => `CLUES#ACCUSED#${accusedHash}` },
  /**
   * Sparse: one partition, since each event is in it for a second or two (one write in, one out);
   * at 100 times the expected peak that is still far below a partition's 1,000 writes a second.
   */
  unpublishedOutbox: {
    index: 'GSI5',
    partition: 'OUTBOX#UNPUBLISHED',
    sort: (occurredAt: string, eventId: string) => `${occurredAt}#${eventId}`,
  },
} as const;

/**
 * An index partition of one commission's: each commission's queues and lists are partitions of
 * their own, so a list is still one Query of the same cost whatever the number of commissions.
 * The single commission keeps the partitions items had before there were commissions, so those
 * items stay in its lists without a backfill.
 */
export const inCommission = (commissionId: string | undefined, partition: string): string =>
  commissionId === undefined || commissionId === singleCommissionId
    ? partition
    : `C#${commissionId}#${partition}`;

export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
