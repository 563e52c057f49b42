/**
 * Single-table keys of intake and clues. Entities declared with `defineEntity` (shared/store/entity.ts)
 * keep their keys in the store module that owns them: accuser records and flags in accusers.ts, the
 * lookup counter, the identity budget and the subscription ledger in theirs.
 * Every item also carries `entity`, so a stream record or an export says what it is.
 *
 * | entity            | PK                                 | SK          | GSI1PK / GSI1SK                         |
 * |-------------------|------------------------------------|-------------|-----------------------------------------|
 * | Report            | REPORT#<reportId>                  | REPORT      | REPORTS#UNREGISTERED / <submittedAt>#id |
 * | Receipt           | RECEIPT#<keyed hash of the code>   | RECEIPT     | –                                       |
 * | OutboxEvent       | OUTBOX#<eventId>                   | OUTBOX      | –                                       |
 * | IdempotencyRecord | IDEMPOTENCY#<operation>#<key hash> | IDEMPOTENCY | –                                       |
 * | Clue              | CLUE#<clueId>                      | CLUE        | CLUES#STATUS#<status> / <registeredAt>#id |
 * | HistoryHead       | CLUE#<id> or REPORT#<id>           | HEAD        | –                                       |
 * | HistoryEntry      | CLUE#<id> or REPORT#<id>           | HISTORY#<seq, 8 digits> | –                       |
 * | Cadre             | CADRE#<cadreId>                    | CADRE       | –                                       |
 * | Stats             | STATS                              | GLOBAL      | –                                       |
 *
 * Clues also sit in GSI2 (CLUES#ASSIGNEE#<userId>), GSI4 while open (CLUES#ACCUSED#<hash of name and
 * organization>); clues and unacknowledged real-name reports sit in GSI3 (DEADLINES#DUE or
 * DEADLINES#ALERTED / <at>#<kind>#<entity>#<id>) while a deadline runs. Outbox events sit in GSI5
 * (OUTBOX#UNPUBLISHED / <occurredAt>#<eventId>) until they are marked published.
 */
export const entityKeys = {
  report: (reportId: string) => ({ PK: `REPORT#${reportId}`, SK: 'REPORT' }),
  receipt: (receiptHash: string) => ({ PK: `RECEIPT#${receiptHash}`, SK: 'RECEIPT' }),
  outbox: (eventId: string) => ({ PK: `OUTBOX#${eventId}`, SK: 'OUTBOX' }),
  idempotency: (operation: string, keyHash: string) => ({
    PK: `IDEMPOTENCY#${operation}#${keyHash}`,
    SK: 'IDEMPOTENCY',
  }),
  clue: (clueId: string) => ({ PK: `CLUE#${clueId}`, SK: 'CLUE' }),
  historyHead: (subjectPK: string) => ({ PK: subjectPK, SK: 'HEAD' }),
  historyEntry: (subjectPK: string, seq: number) => ({
    PK: subjectPK,
    SK: `HISTORY#${String(seq).padStart(8, '0')}`,
  }),
  cadre: (cadreId: string) => ({ PK: `CADRE#${cadreId}`, SK: 'CADRE' }),
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
