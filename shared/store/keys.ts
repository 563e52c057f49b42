/**
 * Keys shared across modules. Each entity is declared once, with `defineEntity`
 * (shared/store/entity.ts), in the store module that owns it; this module keeps what several
 * entities share: the partitions of a clue and of a report (their audit trails live in them, and
 * clearances append to the clue's trail), the keys of entities not yet declared, and the index
 * partitions. Every item also carries `entity`, so a stream record or an export says what it is.
 * The table of all entities and keys: docs/architecture.md.
 *
 * | entity            | declared in                  | PK                                 | SK          |
 * |-------------------|------------------------------|------------------------------------|-------------|
 * | Clue              | store/clues.ts `clueEntity`  | CLUE#<clueId> (`entityKeys.clue`)  | CLUE        |
 * | Report            | store/reports.ts `reportEntity` | REPORT#<reportId> (`entityKeys.report`) | REPORT |
 * | Receipt           | store/reports.ts `receiptEntity` | RECEIPT#<keyed hash of the code> | RECEIPT     |
 * | IdempotencyRecord | store/idempotency.ts `idempotencyEntity` | IDEMPOTENCY#<operation>#<key hash> | IDEMPOTENCY |
 * | HistoryHead       | store/history.ts `historyOf` | the subject's (CLUE#… or REPORT#…) | HEAD        |
 * | HistoryEntry      | store/history.ts `historyOf` | the subject's                      | HISTORY#<seq, 8 digits> |
 * | Cadre             | store/cadres.ts `cadreEntity` | CADRE#<cadreId>                   | CADRE       |
 * | OutboxEvent       | here                         | OUTBOX#<eventId>                   | OUTBOX      |
 * | LookupCounter     | here                         | LOOKUPS#<client hash>              | COUNTER     |
 * | IdentityBudget    | here                         | IDENTITY_BUDGET#<userId>#<day>     | BUDGET      |
 * | Stats             | here                         | STATS                              | GLOBAL      |
 *
 * Indexes: unregistered reports in GSI1 (REPORTS#UNREGISTERED / <submittedAt>#id); clues in GSI1
 * (CLUES#STATUS#<status> / <registeredAt>#id), GSI2 (CLUES#ASSIGNEE#<userId>) and, while open, GSI4
 * (CLUES#ACCUSED#<hash of name and organization>); clues and unacknowledged real-name reports in
 * GSI3 (DEADLINES#DUE or DEADLINES#ALERTED / <at>#<kind>#<entity>#<id>) while a deadline runs.
 * Outbox events sit in GSI5 (OUTBOX#UNPUBLISHED / <occurredAt>#<eventId>) until published.
 */
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

export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
