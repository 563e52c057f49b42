/**
 * Read records (查阅记录, shared/domain/read-audit.ts): one item per audited read, kept beyond the
 * case (no TTL: a member's reads are evidence long after the clue has ended; the retention job
 * erases a report's personal data, not who looked at it). Written with one PutItem, the only write
 * an audited read adds.
 *
 * Both of the auditor's lists are a Query, never a Scan: by subject on the item's own partition,
 * by member on GSI2. Each partition is one subject or one member of one commission, so a
 * commission's auditor reads only its own records, and neither is hot: a busy clue is read by
 * people, tens of times a day, and one member at human speed (a script reading thousands a second
 * would be throttled on its own partition, and its reads fail closed: unrecorded, unserved).
 *
 * | entity     | PK                                   | SK             | GSI2PK / GSI2SK                            |
 * |------------|--------------------------------------|----------------|--------------------------------------------|
 * | ReadRecord | READS#<commissionId>#SUBJECT#<id>    | <at>#<readId>  | READS#<commissionId>#USER#<userId> / <at>#<readId> |
 */
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { RouteDef } from '../contract/routes/route-def.ts';
import type { ReadRecord } from '../domain/read-audit.ts';
import type { RecordRead } from '../http/read-audit.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { defineEntity } from './entity.ts';

const subjectPartition = (commissionId: string, subjectId: string) =>
  `READS#${commissionId}#SUBJECT#${subjectId}`;
const userPartition = (commissionId: string, userId: string) => `READS#${commissionId}#USER#${userId}`;

export const readRecordEntity = defineEntity({
  name: 'ReadRecord',
  key: (commissionId: string, subjectId: string, at: string, readId: string) => ({
    PK: subjectPartition(commissionId, subjectId),
    SK: `${at}#${readId}`,
  }),
  keyOf: (read: ReadRecord): [string, string, string, string] => [
    read.commissionId,
    read.subjectId,
    read.at,
    read.readId,
  ],
  indexes: (read) => ({
    GSI2PK: userPartition(read.commissionId, read.userId),
    GSI2SK: `${read.at}#${read.readId}`,
  }),
});

export interface ReadQuery {
  commissionId: string;
  subjectId?: string | undefined;
  userId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export const readRecords = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => ({
  /** The one write of an audited read; it never overwrites another record. */
  async record(read: ReadRecord): Promise<void> {
    await db.send(
      new PutCommand({
        TableName: config.TABLE_NAME,
        Item: readRecordEntity.item(read),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  },

  /**
   * Newest first. By subject (and then, if named, only that member's reads of it: a subject's
   * partition is small), else by member on GSI2.
   */
  async list({ commissionId, subjectId, userId, limit, cursor }: ReadQuery) {
    const bySubject = subjectId !== undefined;
    const partition = bySubject
      ? subjectPartition(commissionId, subjectId)
      : userPartition(commissionId, userId as string);
    const out = await db.send(
      new QueryCommand({
        TableName: config.TABLE_NAME,
        ...(bySubject ? {} : { IndexName: 'GSI2' }),
        KeyConditionExpression: bySubject ? 'PK = :pk' : 'GSI2PK = :pk',
        ...(bySubject && userId !== undefined
          ? {
              FilterExpression: 'userId = :userId',
              ExpressionAttributeValues: { ':pk': partition, ':userId': userId },
            }
          : { ExpressionAttributeValues: { ':pk': partition } }),
        ExclusiveStartKey: decodeCursor(
          cursor,
          bySubject
            ? { attributes: ['PK', 'SK'], fixed: { PK: partition } }
            : { attributes: ['PK', 'SK', 'GSI2PK', 'GSI2SK'], fixed: { GSI2PK: partition } },
        ),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return {
      items: (out.Items ?? []).map((item) => readRecordEntity.fromItem(item) as ReadRecord),
      nextCursor: encodeCursor(out.LastEvaluatedKey),
    };
  },
});

export type ReadRecords = ReturnType<typeof readRecords>;

/**
 * An audited route with its recorder: what its handler passes to `httpHandler`, which then writes
 * one record after each successful read and serves the read only once it is written
 * (shared/http/read-audit.ts). `httpHandler(audited(cluesRoutes.getClue, services), …)`.
 */
export const audited = <R extends RouteDef>(
  route: R,
  services: { db: DynamoDBDocumentClient; config: Config; now: () => Date },
): R & { recordRead: RecordRead } => {
  const records = readRecords(services);
  // The time of the read is the services' clock, as every other time the service records.
  return { ...route, recordRead: (read) => records.record({ ...read, at: services.now().toISOString() }) };
};
