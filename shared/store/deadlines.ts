/**
 * The deadline index (GSI3) beyond clues: counting what is overdue, and alerting reports,
 * clearances and follow-up visits once. Clue alerts go through the clue repository like any other
 * clue change.
 */

import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Deadline, deadlineKey } from '../domain/deadlines.ts';
import type { DomainEvent } from '../domain/events.ts';
import { transactWithHistory } from './history.ts';
import { indexKeys } from './keys.ts';
import { outboxPut } from './outbox.ts';

const countIn = async (db: DynamoDBDocumentClient, tableName: string, partition: string, below?: string) => {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: indexKeys.deadlines.index,
        KeyConditionExpression: `GSI3PK = :pk${below ? ' AND GSI3SK < :below' : ''}`,
        FilterExpression: 'entity = :clue',
        ExpressionAttributeValues: {
          ':pk': partition,
          ':clue': 'Clue',
          ...(below ? { ':below': below } : {}),
        },
        Select: 'COUNT',
        ExclusiveStartKey,
      }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
};

/** Overdue clues: past their deadline and not yet swept, plus those alerted and still unmet. */
export const countOverdue = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  now: Date,
): Promise<number> => {
  const [due, alerted] = await Promise.all([
    countIn(db, tableName, indexKeys.deadlines.due, now.toISOString()),
    countIn(db, tableName, indexKeys.deadlines.alerted),
  ]);
  return due + alerted;
};

/**
 * Alerts a passed deadline of an item other than a clue (an unacknowledged report, an undecided
 * clearance, a due follow-up visit) once: marks the item alerted and moves it to the alerted
 * partition, appends to the audit trail and writes the alert to the outbox, in one transaction.
 * `stillDue` is the condition that the deadline still stands. Returns false when it no longer does.
 */
export const alertOnce = async (
  db: DynamoDBDocumentClient,
  settings: { tableName: string },
  input: {
    key: { PK: string; SK: string };
    /** The audit trail the alert goes on. */
    subjectPK: string;
    deadline: Deadline;
    stillDue: { condition: string; names?: Record<string, string>; values: Record<string, unknown> };
    event: DomainEvent;
    now: Date;
    auditPepper: Uint8Array;
  },
): Promise<boolean> => {
  const key = deadlineKey(input.deadline);
  const at = input.now.toISOString();
  const failed = await transactWithHistory(db, {
    tableName: settings.tableName,
    subjectPK: input.subjectPK,
    facts: {
      at,
      actor: 'overdue-sweep',
      role: 'system',
      action: 'deadline-alert',
      details: { ...input.deadline },
    },
    pepper: input.auditPepper,
    parts: {
      subject: {
        Update: {
          TableName: settings.tableName,
          Key: input.key,
          UpdateExpression: 'SET alertedDeadline = :deadlineKey, GSI3PK = :alerted',
          ConditionExpression: `${input.stillDue.condition} AND (attribute_not_exists(alertedDeadline) OR alertedDeadline <> :deadlineKey)`,
          ...(input.stillDue.names ? { ExpressionAttributeNames: input.stillDue.names } : {}),
          ExpressionAttributeValues: {
            ...input.stillDue.values,
            ':deadlineKey': key,
            ':alerted': indexKeys.deadlines.alerted,
          },
        },
      },
      outbox: outboxPut(settings.tableName, input.event),
    },
  });
  return failed === undefined;
};
