/**
 * Single-table keys, declared once per entity (see infra/resources.ts for the table itself).
 * Every item also carries `entity`, so a stream record or an export says what it is.
 *
 * | entity            | PK                                 | SK          | GSI1PK / GSI1SK                         |
 * |-------------------|------------------------------------|-------------|-----------------------------------------|
 * | Report            | REPORT#<reportId>                  | REPORT      | REPORTS#UNREGISTERED / <submittedAt>#id |
 * | Receipt           | RECEIPT#<keyed hash of the code>   | RECEIPT     | –                                       |
 * | OutboxEvent       | OUTBOX#<eventId>                   | OUTBOX      | –                                       |
 * | IdempotencyRecord | IDEMPOTENCY#<operation>#<key hash> | IDEMPOTENCY | –                                       |
 * | LookupCounter     | LOOKUPS#<client hash>#<window>     | COUNTER     | –                                       |
 */
export const entityKeys = {
  report: (reportId: string) => ({ PK: `REPORT#${reportId}`, SK: 'REPORT' }),
  receipt: (receiptHash: string) => ({ PK: `RECEIPT#${receiptHash}`, SK: 'RECEIPT' }),
  outbox: (eventId: string) => ({ PK: `OUTBOX#${eventId}`, SK: 'OUTBOX' }),
  idempotency: (operation: string, keyHash: string) => ({
    PK: `IDEMPOTENCY#${operation}#${keyHash}`,
    SK: 'IDEMPOTENCY',
  }),
  lookupCounter: (clientHash: string, windowStart: number) => ({
    PK: `LOOKUPS#${clientHash}#${windowStart}`,
    SK: 'COUNTER',
  }),
} as const;

/** Index partitions: each list the service offers is one Query on one of these. */
export const indexKeys = {
  unregisteredReports: {
    index: 'GSI1',
    partition: 'REPORTS#UNREGISTERED',
    sort: (submittedAt: string, reportId: string) => `${submittedAt}#${reportId}`,
  },
} as const;

export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
