/**
 * Follow-up visits (回访) after a clearance: scheduled when the notice is published, reminded by
 * the overdue sweep when due, recorded by staff with their notes.
 *
 * | entity   | PK            | SK       | GSI1PK / GSI1SK (while pending)   | GSI3 (while pending)          |
 * |----------|---------------|----------|-----------------------------------|-------------------------------|
 * | FollowUp | FOLLOWUP#<id> | FOLLOWUP | [C#<commissionId>#]FOLLOWUPS#PENDING / <dueAt>#<id> | the deadline index, FOLLOW_UP |
 *
 * A visit carries its clearance's commission: the pending list is that commission's partition
 * (`inCommission`), and `getFor` answers another commission's visit as missing.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { decideFollowUpVisit, FollowUp } from '../domain/clearance-steps.ts';
import { visibleTo } from '../domain/commission.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { defineEntity } from './entity.ts';
import { transactWithHistory } from './history.ts';
import { entityKeys, inCommission, indexKeys } from './keys.ts';

/** A commission's list of visits still to make, by due date. */
const pendingFollowUps = (commissionId: string | undefined) =>
  inCommission(commissionId, 'FOLLOWUPS#PENDING');

export const followUpEntity = defineEntity({
  name: 'FollowUp',
  key: (followUpId: string) => ({ PK: `FOLLOWUP#${followUpId}`, SK: 'FOLLOWUP' }),
  keyOf: (followUp: FollowUp): [string] => [followUp.followUpId],
  // A pending visit is listed and has a deadline; a recorded one leaves both (record() removes them).
  indexes: ({ status, dueAt, followUpId, commissionId }) =>
    status === 'PENDING'
      ? {
          GSI1PK: pendingFollowUps(commissionId),
          GSI1SK: `${dueAt}#${followUpId}`,
          GSI3PK: indexKeys.deadlines.due,
          GSI3SK: indexKeys.deadlines.sort(dueAt, 'FOLLOW_UP', 'FOLLOWUP', followUpId),
        }
      : {},
  // The sweep's mark is not part of the visit.
  fromFields: ({ alertedDeadline: _alerted, ...followUp }) => followUp as unknown as FollowUp,
});

export const followUpStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const tableName = config.TABLE_NAME;
  const get = async (followUpId: string): Promise<FollowUp | undefined> => {
    const out = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: followUpEntity.key(followUpId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? followUpEntity.fromItem(out.Item) : undefined;
  };
  return {
    get,

    /** The visit if it is the member's commission's; another commission's reads as missing. */
    getFor: async (member: { commissionId: string }, followUpId: string) =>
      visibleTo(await get(followUpId), member),

    /** Records the visit once; false when it was already recorded (a race with another). */
    async record(visit: ReturnType<typeof decideFollowUpVisit>, pepper: Uint8Array) {
      const { followUp, facts } = visit;
      const failed = await transactWithHistory(db, {
        tableName,
        subjectPK: entityKeys.clue(followUp.clueId).PK,
        facts,
        pepper,
        parts: {
          followUp: {
            Update: {
              TableName: tableName,
              Key: followUpEntity.key(followUp.followUpId),
              UpdateExpression:
                'SET #status = :done, notes = :notes, visitedAt = :visitedAt, visitedBy = :visitedBy REMOVE GSI1PK, GSI1SK, GSI3PK, GSI3SK',
              ConditionExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':done': 'DONE',
                ':pending': 'PENDING',
                ':notes': followUp.notes,
                ':visitedAt': followUp.visitedAt,
                ':visitedBy': followUp.visitedBy,
              },
            },
          },
        },
      });
      return failed === undefined;
    },

    /** A commission's pending visits by due date; `dueBy` keeps those due by then. One Query. */
    async listPending(commissionId: string, limit: number, cursor: string | undefined, dueBy?: string) {
      const partition = pendingFollowUps(commissionId);
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: `GSI1PK = :pk${dueBy ? ' AND GSI1SK < :due' : ''}`,
          ExpressionAttributeValues: {
            ':pk': partition,
            ...(dueBy ? { ':due': dueBy } : {}),
          },
          ExclusiveStartKey: decodeCursor(cursor, {
            attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
            fixed: { GSI1PK: partition },
          }),
          Limit: limit,
        }),
      );
      return {
        items: (out.Items ?? []).map(followUpEntity.fromItem),
        nextCursor: encodeCursor(out.LastEvaluatedKey),
      };
    },
  };
};
