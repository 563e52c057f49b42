/**
 * Appending to an audit trail inside a transaction. The chain head is its own item (SK HEAD),
 * updated with a condition on its sequence number, so appends are serialised per subject without
 * touching the subject's version: an alert or an identity access never makes a staff member's
 * next action fail with VERSION_CONFLICT.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  appendEntry,
  type ChainHead,
  genesis,
  type HistoryEntry,
  type HistoryFacts,
} from '../domain/audit.ts';
import { unavailable } from '../domain/errors.ts';
import {
  defineEntity,
  type FailedCondition,
  failedCondition,
  type TransactionParts,
  transactionItems,
} from './entity.ts';
import { isTransactionConflict } from './transactions.ts';

/**
 * The audit trail of one subject, kept in the subject's own partition (`CLUE#<id>`, `REPORT#<id>`):
 * the chain head (SK HEAD) and one entry per append (SK HISTORY#<seq, 8 digits>).
 */
export const historyOf = (subjectPK: string) => ({
  head: defineEntity({
    name: 'HistoryHead',
    key: () => ({ PK: subjectPK, SK: 'HEAD' }),
    keyOf: (_head: ChainHead): [] => [],
    fromFields: (fields): ChainHead => ({ seq: Number(fields.seq), mac: String(fields.mac) }),
  }),
  entry: defineEntity({
    name: 'HistoryEntry',
    key: (seq: number) => ({ PK: subjectPK, SK: `HISTORY#${String(seq).padStart(8, '0')}` }),
    keyOf: (entry: HistoryEntry): [number] => [entry.seq],
  }),
});

/** The chain head as read; a subject without one starts from the genesis head. */
export const headOfItem = (subjectPK: string, item: Record<string, unknown> | undefined): ChainHead =>
  item ? historyOf(subjectPK).head.fromItem(item) : genesis;

/** The two transaction items that append `facts` after `head`: the head update, then the entry. */
export const historyAppend = (
  tableName: string,
  subjectPK: string,
  head: ChainHead,
  facts: HistoryFacts,
  pepper: Uint8Array,
) => {
  const history = historyOf(subjectPK);
  const entry = appendEntry(head, facts, pepper);
  return {
    entry,
    items: [
      {
        Update: {
          TableName: tableName,
          Key: history.head.key(),
          UpdateExpression: 'SET seq = :seq, mac = :mac, entity = :entity',
          ConditionExpression: head.seq === 0 ? 'attribute_not_exists(PK)' : 'seq = :prev',
          ExpressionAttributeValues: {
            ':seq': entry.seq,
            ':mac': entry.mac,
            ':entity': history.head.name,
            ...(head.seq === 0 ? {} : { ':prev': head.seq }),
          },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: history.entry.item(entry),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ],
  };
};

/** The whole history of a subject, oldest first (bounded by the life of one clue). */
export const readHistory = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  subjectPK: string,
): Promise<HistoryEntry[]> => {
  const entries: HistoryEntry[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :history)',
        ExpressionAttributeValues: { ':pk': subjectPK, ':history': 'HISTORY#' },
        ExclusiveStartKey,
      }),
    );
    entries.push(...(page.Items ?? []).map((item) => historyOf(subjectPK).entry.fromItem(item)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return entries;
};

/**
 * Runs a transaction that appends `facts` to a subject's audit trail along with the named `parts`.
 * The append comes first, so when only the chain head moved underneath, the head is read again and
 * the transaction retried. Resolves to undefined when it committed, or to the part whose condition
 * failed (shared/store/entity.ts), for the caller to name as a domain error.
 */
/** How often an append is tried before the trail counts as too busy (about 1.3 s of backoff at most). */
const appendAttempts = 8;

export const transactWithHistory = async <P extends TransactionParts>(
  db: DynamoDBDocumentClient,
  input: {
    tableName: string;
    subjectPK: string;
    facts: HistoryFacts;
    pepper: Uint8Array;
    parts: P;
  },
): Promise<FailedCondition<P> | undefined> => {
  for (let attempt = 1; ; attempt++) {
    const head = await db.send(
      new GetCommand({
        TableName: input.tableName,
        Key: historyOf(input.subjectPK).head.key(),
        ConsistentRead: true,
      }),
    );
    const history = historyAppend(
      input.tableName,
      input.subjectPK,
      headOfItem(input.subjectPK, head.Item),
      input.facts,
      input.pepper,
    );
    const parts = { history: history.items, ...input.parts };
    try {
      await db.send(new TransactWriteCommand({ TransactItems: transactionItems(parts) as never }));
      return undefined;
    } catch (error) {
      const failed = failedCondition(error, parts);
      if (failed && failed.part !== 'history') return failed as FailedCondition<P>;
      if (!failed && !isTransactionConflict(error)) throw error;
      // The head moved (another append to the same trail), or another transaction held one of
      // these items at that moment: read again and retry, spread out so that many writers to one
      // trail do not collide again in step. Still losing after that is contention, not a fault of
      // the request: nothing was written, so the caller is told to try again (503).
      if (attempt >= appendAttempts) throw unavailable(1);
      await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt * (0.5 + Math.random())));
    }
  }
};
