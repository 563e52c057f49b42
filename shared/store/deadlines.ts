/**
 * The deadline index (GSI3) beyond clues: counting what is overdue, and alerting an unacknowledged
 * real-name report once. Clue alerts go through the clue repository like any other clue change.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { deadlineKey } from '../domain/deadlines.ts';
import { newId } from '../domain/ids.ts';
import { headOfItem, historyAppend } from './history.ts';
import { entityKeys, indexKeys } from './keys.ts';
import { outboxPut } from './outbox.ts';
import type { ReportItem } from './reports.ts';
import { cancellationReasons } from './transactions.ts';

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
 * Alerts that a real-name report was not acknowledged in time: marks it alerted (so once only),
 * appends to the report's own audit trail and writes the alert to the outbox, in one transaction.
 * Returns false when the report was registered or alerted in the meantime.
 */
export const alertUnacknowledgedReport = async (
  db: DynamoDBDocumentClient,
  settings: { tableName: string; outboxTtlSeconds: number },
  report: ReportItem,
  now: Date,
  auditPepper: Uint8Array,
): Promise<boolean> => {
  const at = report.acknowledgeBy as string;
  const key = deadlineKey({ kind: 'ACKNOWLEDGE', at });
  const { PK } = entityKeys.report(report.reportId);
  const head = await db.send(
    new GetCommand({ TableName: settings.tableName, Key: entityKeys.historyHead(PK), ConsistentRead: true }),
  );
  const history = historyAppend(
    settings.tableName,
    PK,
    headOfItem(head.Item),
    {
      at: now.toISOString(),
      actor: 'overdue-sweep',
      role: 'system',
      action: 'deadline-alert',
      details: { kind: 'ACKNOWLEDGE', at },
    },
    auditPepper,
  );
  const event = {
    eventId: newId('evt'),
    type: 'ReportOverdue',
    occurredAt: now.toISOString(),
    reportId: report.reportId,
    deadline: { kind: 'ACKNOWLEDGE', at },
    submittedAt: report.submittedAt,
  };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: settings.tableName,
              Key: entityKeys.report(report.reportId),
              UpdateExpression: 'SET alertedDeadline = :key, GSI3PK = :alerted',
              ConditionExpression:
                '#status = :unregistered AND acknowledgeBy = :at AND (attribute_not_exists(alertedDeadline) OR alertedDeadline <> :key)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':key': key,
                ':alerted': indexKeys.deadlines.alerted,
                ':unregistered': 'UNREGISTERED',
                ':at': at,
              },
            },
          },
          ...history.items,
          outboxPut(settings.tableName, 'alerts', event, now, settings.outboxTtlSeconds),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (cancellationReasons(error)?.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
    throw error;
  }
};
