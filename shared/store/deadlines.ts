/**
 * The deadline index (GSI3) across entities: counting what is overdue, reading what the overdue
 * sweep has to look at, and writing its alerts. A clue's alert goes through the clue repository
 * like any other clue change; a report's, a clearance's or a follow-up visit's is one transaction
 * here: the item marked alerted and moved to the alerted partition (on condition that its
 * deadline still runs), the audit append, and the alert in the outbox.
 */

import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { Clue } from '../domain/clue.ts';
import { singleCommissionId } from '../domain/commission.ts';
import type { DueItem, OverdueAlert, StillDue } from '../domain/overdue.ts';
import { clueStore } from './clues.ts';
import { entityFields, type TableKey } from './entity.ts';
import { transactWithHistory } from './history.ts';
import { entityKeys, indexKeys } from './keys.ts';
import { outboxPut } from './outbox.ts';

/**
 * The clues of one commission in a deadline partition. The partitions are the sweep's, across
 * commissions, so the commission is a filter: the count reads every overdue clue in the
 * deployment (a few thousand at most: 4 KB each is one read unit per ~8, eventually consistent).
 * Clues from before there were commissions carry no commissionId and are the single commission's.
 */
const countIn = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  commissionId: string,
  partition: string,
  below?: string,
) => {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: indexKeys.deadlines.index,
        KeyConditionExpression: `GSI3PK = :pk${below ? ' AND GSI3SK < :below' : ''}`,
        FilterExpression:
          commissionId === singleCommissionId
            ? 'entity = :clue AND (attribute_not_exists(commissionId) OR commissionId = :commission)'
            : 'entity = :clue AND commissionId = :commission',
        ExpressionAttributeValues: {
          ':pk': partition,
          ':clue': 'Clue',
          ':commission': commissionId,
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

/**
 * A commission's overdue clues: past their deadline and not yet swept, plus those alerted and
 * still unmet.
 */
export const countOverdue = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  now: Date,
  commissionId: string,
): Promise<number> => {
  const [due, alerted] = await Promise.all([
    countIn(db, tableName, commissionId, indexKeys.deadlines.due, now.toISOString()),
    countIn(db, tableName, commissionId, indexKeys.deadlines.alerted),
  ]);
  return due + alerted;
};

/** An item of the deadline index as the sweep read it, with the key to write its alert to. */
export interface DueEntry {
  key: TableKey;
  due: DueItem;
}

const dueEntry = (item: Record<string, unknown>): DueEntry => {
  const { alertedDeadline, ...fields } = entityFields(item);
  const entity = item.entity as DueItem['entity'];
  const due = entity === 'Clue' ? { entity, clue: fields as unknown as Clue } : { entity, ...fields };
  return {
    key: { PK: item.PK as string, SK: item.SK as string },
    due: { ...due, alertedDeadline: alertedDeadline as string | undefined } as DueItem,
  };
};

/**
 * Marks the item alerted and moves it to the alerted partition, on condition that it is still as
 * the alert found it: in a state in which its deadline runs, with the same deadline, unalerted.
 */
const alertedUpdate = (tableName: string, key: TableKey, alert: OverdueAlert, stillDue: StillDue) => {
  const running = stillDue.statuses.map((_, i) => `:running${i}`);
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET alertedDeadline = :deadlineKey, GSI3PK = :alerted',
      ConditionExpression: `#status IN (${running.join(', ')}) AND #at = :at AND (attribute_not_exists(alertedDeadline) OR alertedDeadline <> :deadlineKey)`,
      ExpressionAttributeNames: { '#status': 'status', '#at': stillDue.field },
      ExpressionAttributeValues: {
        ...Object.fromEntries(stillDue.statuses.map((status, i) => [running[i], status])),
        ':at': alert.deadline.at,
        ':deadlineKey': alert.alertedDeadline,
        ':alerted': indexKeys.deadlines.alerted,
      },
    },
  };
};

/** Thrown inside the clue repository's read-decide-write when there is nothing to alert. */
class NothingToAlert extends Error {}

export const deadlineStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const tableName = config.TABLE_NAME;
  const clues = clueStore({ db, config });

  /** A clue's alert: decided again on the clue as it stands, committed as a clue change. */
  const alertClue = async (
    clueId: string,
    decide: (due: DueItem) => OverdueAlert | undefined,
    context: AlertContext,
  ) => {
    try {
      await clues.mutate(
        clueId,
        ({ clue, alertedDeadline }) => {
          const alert = decide({ entity: 'Clue', clue, alertedDeadline });
          if (!alert) throw new NothingToAlert();
          return { clue, alertedDeadline: alert.alertedDeadline, facts: alert.facts, events: [alert.event] };
        },
        { now: () => context.now, auditPepper: context.auditPepper },
      );
      return true;
    } catch (error) {
      if (error instanceof NothingToAlert) return false;
      throw error;
    }
  };

  return {
    /** Deadlines that have passed and were not alerted yet (the sweep's work), oldest first. */
    async due(now: Date, limit: number, cursor?: Record<string, unknown>) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: indexKeys.deadlines.index,
          KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK < :now',
          ExpressionAttributeValues: { ':pk': indexKeys.deadlines.due, ':now': now.toISOString() },
          ExclusiveStartKey: cursor,
          Limit: limit,
        }),
      );
      return { items: (out.Items ?? []).map(dueEntry), next: out.LastEvaluatedKey };
    },

    /**
     * Decides on the item and writes its alert once. False when there is nothing to alert, or
     * when the item changed since it was read (the next run looks again).
     */
    async alert(entry: DueEntry, decide: (due: DueItem) => OverdueAlert | undefined, context: AlertContext) {
      if (entry.due.entity === 'Clue') return alertClue(entry.due.clue.clueId, decide, context);
      const alert = decide(entry.due);
      if (!alert?.stillDue) return false;
      const trail =
        'clueId' in alert.trail
          ? entityKeys.clue(alert.trail.clueId)
          : entityKeys.report(alert.trail.reportId);
      const failed = await transactWithHistory(db, {
        tableName,
        subjectPK: trail.PK,
        facts: alert.facts,
        pepper: context.auditPepper,
        parts: {
          item: alertedUpdate(tableName, entry.key, alert, alert.stillDue),
          outbox: outboxPut(tableName, alert.event),
        },
      });
      return failed === undefined;
    },
  };
};

interface AlertContext {
  now: Date;
  auditPepper: Uint8Array;
}
