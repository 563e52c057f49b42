/**
 * Follow-up visits (回访) after a clearance: scheduled when the notice is published, reminded by
 * the overdue sweep when due, recorded by staff with their notes.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { HistoryFacts } from '../domain/audit.ts';
import { clearanceKeys } from './clearances.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { transactWithHistory } from './history.ts';
import { entityKeys, indexKeys } from './keys.ts';

export interface FollowUp {
  followUpId: string;
  clearanceId: string;
  clueId: string;
  cadre: { name: string; position: string; organization: string };
  dueAt: string;
  status: 'PENDING' | 'DONE';
  notes?: string;
  visitedAt?: string;
  visitedBy?: string;
}

const view = (item: Record<string, unknown>): FollowUp => {
  const {
    PK: _p,
    SK: _s,
    entity: _e,
    GSI1PK: _1,
    GSI1SK: _2,
    GSI3PK: _3,
    GSI3SK: _4,
    alertedDeadline: _a,
    ...followUp
  } = item;
  return followUp as unknown as FollowUp;
};

export const followUpStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const tableName = config.TABLE_NAME;
  return {
    /** The transaction item that schedules a visit. */
    schedule: (followUp: FollowUp) => ({
      Put: {
        TableName: tableName,
        Item: {
          ...clearanceKeys.followUp(followUp.followUpId),
          entity: 'FollowUp',
          ...followUp,
          GSI1PK: clearanceKeys.pendingFollowUps,
          GSI1SK: `${followUp.dueAt}#${followUp.followUpId}`,
          GSI3PK: indexKeys.deadlines.due,
          GSI3SK: indexKeys.deadlines.sort(followUp.dueAt, 'FOLLOW_UP', 'FOLLOWUP', followUp.followUpId),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }),

    async get(followUpId: string): Promise<FollowUp | undefined> {
      const out = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: clearanceKeys.followUp(followUpId),
          ConsistentRead: true,
        }),
      );
      return out.Item ? view(out.Item) : undefined;
    },

    /** Records the visit once; false when it was already recorded. */
    async record(
      followUp: FollowUp,
      visit: { notes: string; visitedAt: string; visitedBy: string },
      facts: HistoryFacts,
      pepper: Uint8Array,
    ) {
      const failed = await transactWithHistory(db, {
        tableName,
        subjectPK: entityKeys.clue(followUp.clueId).PK,
        facts,
        pepper,
        parts: {
          followUp: {
            Update: {
              TableName: tableName,
              Key: clearanceKeys.followUp(followUp.followUpId),
              UpdateExpression:
                'SET #status = :done, notes = :notes, visitedAt = :visitedAt, visitedBy = :visitedBy REMOVE GSI1PK, GSI1SK, GSI3PK, GSI3SK',
              ConditionExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':done': 'DONE',
                ':pending': 'PENDING',
                ':notes': visit.notes,
                ':visitedAt': visit.visitedAt,
                ':visitedBy': visit.visitedBy,
              },
            },
          },
        },
      });
      return failed === undefined;
    },

    /** Pending visits by due date; `dueBy` keeps those due by then. */
    async listPending(limit: number, cursor: string | undefined, dueBy?: string) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: `GSI1PK = :pk${dueBy ? ' AND GSI1SK < :due' : ''}`,
          ExpressionAttributeValues: {
            ':pk': clearanceKeys.pendingFollowUps,
            ...(dueBy ? { ':due': dueBy } : {}),
          },
          ExclusiveStartKey: decodeCursor(cursor, {
            attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
            fixed: { GSI1PK: clearanceKeys.pendingFollowUps },
          }),
          Limit: limit,
        }),
      );
      return { items: (out.Items ?? []).map(view), nextCursor: encodeCursor(out.LastEvaluatedKey) };
    },
  };
};
