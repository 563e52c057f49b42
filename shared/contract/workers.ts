/**
 * The workers, declared once, beside the routes: the functions that no request invokes. The CDK
 * workers stack makes a function, its grants and its trigger (an event source mapping on the
 * table stream, or an EventBridge schedule) from each entry; the local runtime starts a stream
 * poller or a timer for each; the no-scan test and the bundle benchmark read the same list.
 *
 * A stream reader's filter is declared here once: CDK turns it into the mapping's filter criteria
 * (so Lambda is not invoked for other records), and the local poller applies it with `takes`, so a
 * reader sees locally exactly what it sees in the cloud.
 *
 * Pure data only: Lambda bundles import this module, so no aws-cdk-lib here.
 */
import { newsEventTypes } from '../domain/reporter-news.ts';
import { searchEventTypes } from '../domain/search.ts';
import type { TopicKey } from './resources.ts';

/**
 * Which records of the table stream a reader takes: inserts whose new image has these values (one
 * of them, where a list is given).
 */
export interface StreamFilter {
  newImage: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * A reader of the table's stream. Lambda's event source mapping, and the local poller alike:
 * `batchingWindowMs` is MaximumBatchingWindowInSeconds (whole seconds in CloudFormation), and a
 * failing batch is retried `maxRetries` times (MaximumRetryAttempts), then handed to the
 * on-failure destination.
 */
export interface StreamTrigger {
  kind: 'stream';
  batchSize: number;
  batchingWindowMs: number;
  maxRetries: number;
  filter: StreamFilter;
}

/** A run on a schedule (an EventBridge rule in the cloud, a timer locally). */
export interface ScheduleTrigger {
  kind: 'schedule';
  everyMinutes: number;
  /** EventBridge's retries of a failed invocation. */
  retryAttempts: number;
}

/**
 * Objects created in the evidence bucket: in the cloud an S3 event notification to an SQS queue
 * read by the function (partial batch failures, `maxRetries` receives, then the dead-letter queue);
 * locally the emulator hands the same S3 event to a queue the runtime polls (infra/local/evidence.ts).
 */
export interface ObjectCreatedTrigger {
  kind: 'objectCreated';
  prefix: string;
  batchSize: number;
  maxRetries: number;
}

export interface WorkerDef {
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  trigger: StreamTrigger | ScheduleTrigger | ObjectCreatedTrigger;
  /**
   * What the function touches, so the stack grants exactly that: the table, the peppers secret,
   * sealed outbox messages (KMS Decrypt on the identity key, for the context purpose = outbox or
   * sms only, never an identity), and the topics (publishing, and cadres' subscriptions on `notices`).
   * A stream reader may also read the table's stream.
   */
  uses: {
    table?: 'read' | 'readWrite';
    peppers?: boolean;
    outboxMessages?: boolean;
    /**
     * Reporters' news contacts: KMS Decrypt on the identity key for the context purpose =
     * reporterNews only (shared/domain/reporter.ts), never an identity or an outbox message.
     */
    newsContacts?: boolean;
    /** Every topic, or only those listed. */
    topics?: boolean | readonly TopicKey[];
    /** Texts phone numbers directly (a reporter's one-time code): SNS Publish to no topic. */
    sms?: boolean;
    /**
     * The evidence bucket: `check` reads an object and deletes a rejected one (every version);
     * `erase` only deletes (retention).
     */
    bucket?: 'check' | 'erase';
  };
  timeoutSeconds: number;
  memoryMb?: number;
  /** At most this many runs at once (two outbox sweeps would publish the same events twice). */
  reservedConcurrency?: number;
}

/** The outbox items a stream reader handles: every event, or only those of some types. */
const outboxInserts = { entity: 'OutboxEvent' } as const;

/**
 * The relay waits up to a second to fill a batch: it then reads "already published?" and marks
 * what it sent once per batch instead of once per event, and nothing it sends is urgent to the
 * second. The accuser records wait as long: flag proposals are no more urgent, and locally it
 * spares DynamoDB Local a reader polling between every two submissions. The relay's events are
 * not lost when a batch goes to the on-failure destination: the outbox sweep republishes whatever
 * is still unpublished (GSI5).
 */
export const workers = {
  outboxRelay: {
    entry: 'functions/workers/relay.ts',
    description: 'Publishes outbox events from the table stream to SNS',
    trigger: {
      kind: 'stream',
      // Large batches (Lambda takes up to 10,000 stream records): when the relay falls behind,
      // the next batch takes the whole backlog, so its calls per event shrink as the load grows
      // and it catches up (docs/performance.md). An outbox record is at most a few kilobytes, so
      // 1,000 stay well inside Lambda's 6 MB payload.
      batchSize: 1000,
      batchingWindowMs: 1000,
      maxRetries: 5,
      filter: { newImage: outboxInserts },
    },
    uses: { table: 'readWrite', outboxMessages: true, topics: true, sms: true },
    timeoutSeconds: 60,
  },
  accuserRecords: {
    entry: 'functions/workers/accuser-records.ts',
    description:
      'Keeps accuser records and flags from ClueConcluded, ClueReopened and ReportIdentityVerified events',
    trigger: {
      kind: 'stream',
      batchSize: 50,
      batchingWindowMs: 1000,
      maxRetries: 5,
      // A verified identity after the conclusion puts that report on the record then.
      filter: {
        newImage: { ...outboxInserts, type: ['ClueConcluded', 'ClueReopened', 'ReportIdentityVerified'] },
      },
    },
    // The audit pepper: withdrawing a flag goes on the flag's audit trail.
    uses: { table: 'readWrite', peppers: true },
    timeoutSeconds: 60,
  },
  /**
   * Watches staff reads (shared/domain/read-audit.ts): each new read record notes its case file on
   * the member's watch item, and unusually many distinct files in the window alert the auditors once.
   */
  readWatch: {
    entry: 'functions/workers/read-watch.ts',
    description: 'Alerts the auditors when one member reads unusually many case files in a short time',
    trigger: {
      kind: 'stream',
      batchSize: 100,
      batchingWindowMs: 1000,
      maxRetries: 5,
      filter: { newImage: { entity: 'ReadRecord' } },
    },
    uses: { table: 'readWrite' },
    timeoutSeconds: 60,
  },
  /** It queries the deadline index, never scans. */
  overdueSweep: {
    entry: 'functions/workers/overdue-sweep.ts',
    description: 'Alerts passed deadlines once (reports, clues, clearances, follow-up visits)',
    trigger: { kind: 'schedule', everyMinutes: 5, retryAttempts: 2 },
    uses: { table: 'readWrite', peppers: true },
    timeoutSeconds: 120,
  },
  /**
   * Publishes what the relay gave up on (SNS down for longer than the stream's retries), from the
   * sparse index of unpublished events, within the minute between runs. One run at a time, and
   * no retries: the next run is a minute away.
   */
  outboxSweep: {
    entry: 'functions/workers/outbox-sweep.ts',
    description: 'Publishes outbox events the stream relay could not (SNS outages), every minute',
    trigger: { kind: 'schedule', everyMinutes: 1, retryAttempts: 0 },
    uses: { table: 'readWrite', outboxMessages: true, topics: true, sms: true },
    timeoutSeconds: 60,
    reservedConcurrency: 1,
  },
  /**
   * Tells reporters who left a contact that there is news, and nothing else (news without content,
   * shared/domain/reporter-news.ts). The only function that may open a news contact; it publishes
   * to the notices topic, where each reporter's subscription filters on their own key.
   */
  reporterNews: {
    entry: 'functions/workers/reporter-news.ts',
    description: 'Tells reporters who left a contact that there is news of their report, without content',
    trigger: {
      kind: 'stream',
      batchSize: 50,
      batchingWindowMs: 1000,
      maxRetries: 5,
      filter: { newImage: { ...outboxInserts, type: newsEventTypes } },
    },
    uses: { table: 'readWrite', peppers: true, newsContacts: true, topics: ['notices'] },
    timeoutSeconds: 60,
  },
  /**
   * Keeps the search index (shared/store/search-index.ts) from ReportSubmitted and ClueRegistered,
   * and moves a report's entries to the receiver from ReportsTransferred: off the write path, a
   * second or two behind it (the batching window, and the poll). Idempotent Puts and Deletes from
   * the report as it stands, so retries and the order of delivery are harmless.
   */
  searchIndex: {
    entry: 'functions/workers/search-index.ts',
    description: 'Indexes reports and clues for staff search (case number, cadre name, organisation)',
    trigger: {
      kind: 'stream',
      batchSize: 100,
      batchingWindowMs: 1000,
      maxRetries: 5,
      filter: { newImage: { ...outboxInserts, type: searchEventTypes } },
    },
    uses: { table: 'readWrite' },
    timeoutSeconds: 60,
  },
  /**
   * Checks each uploaded evidence file against its announcement (size, SHA-256, leading bytes),
   * marks it AVAILABLE or REJECTED, and deletes a rejected object. Idempotent: a file already
   * checked is left as it is (a redelivered event, or a later overwrite, which is deleted).
   */
  evidenceCheck: {
    entry: 'functions/workers/evidence-check.ts',
    description: 'Checks uploaded evidence files (size, SHA-256, type) and marks them AVAILABLE or REJECTED',
    trigger: { kind: 'objectCreated', prefix: 'reports/', batchSize: 5, maxRetries: 3 },
    uses: { table: 'readWrite', bucket: 'check' },
    timeoutSeconds: 60,
    // A file of 20 MB is read whole and hashed.
    memoryMb: 512,
  },
  /**
   * 保存期限: keeps the index of case ends (shared/store/retention.ts) from the clue as it stands
   * after each status change, and from each declined report.
   */
  retentionIndex: {
    entry: 'functions/workers/retention-index.ts',
    description: 'Indexes when each report’s case ended (or was reopened), for the retention job',
    trigger: {
      kind: 'stream',
      batchSize: 50,
      batchingWindowMs: 1000,
      maxRetries: 5,
      filter: { newImage: { ...outboxInserts, type: ['ClueStatusChanged', 'ReportDeclined'] } },
    },
    uses: { table: 'readWrite' },
    timeoutSeconds: 60,
  },
  /**
   * 保存期限: erases the personal data of reports whose case ended more than N years ago, from the
   * index of case ends (never a scan), RETENTION_BATCH reports a run. One run at a time.
   */
  retention: {
    entry: 'functions/workers/retention.ts',
    description: 'Erases personal data of reports whose case ended more than the retention period ago',
    trigger: { kind: 'schedule', everyMinutes: 24 * 60, retryAttempts: 2 },
    // The audit pepper: the erasure, and a flag expiring with it, go on audit trails.
    uses: { table: 'readWrite', peppers: true, bucket: 'erase' },
    timeoutSeconds: 300,
    reservedConcurrency: 1,
  },
} as const satisfies Record<string, WorkerDef>;

export type WorkerName = keyof typeof workers;
export const workerEntries = Object.entries(workers) as [WorkerName, WorkerDef][];

/** A stream record as far as a filter looks at it (Lambda's and DynamoDB Streams' shapes alike). */
export interface FilteredRecord {
  eventName?: string | undefined;
  dynamodb?: { NewImage?: Record<string, { S?: string | undefined } | undefined> | undefined } | undefined;
}

/** Whether a reader with this filter takes the record, as Lambda's filter criteria decide it. */
export const takes = (filter: StreamFilter, record: FilteredRecord): boolean =>
  record.eventName === 'INSERT' &&
  Object.entries(filter.newImage).every(([name, value]) => {
    const actual = record.dynamodb?.NewImage?.[name]?.S;
    return typeof value === 'string' ? actual === value : actual !== undefined && value.includes(actual);
  });
