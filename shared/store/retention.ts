/**
 * Retention (保存期限, shared/domain/retention.ts): the index of case ends, and the erasure.
 *
 * | entity         | PK                | SK        | GSI1PK / GSI1SK                                     |
 * |----------------|-------------------|-----------|-----------------------------------------------------|
 * | RetentionEntry | REPORT#<reportId> | RETENTION | RETENTION#<commissionId> / <endedAt>#<reportId>, while ended |
 *
 * The job reads the index oldest end first, up to the cutoff: one Query, never a Scan. An entry is
 * written from the clue (or the declined report) as it stands, conditioned on when what it read
 * came about (`basis`, shared/domain/retention.ts `readingBasis`), so an older reading never
 * overwrites a newer one, also across a transfer, and a reopened case leaves the index.
 *
 * The erasure of one report is a series of idempotent steps (files, messages, objection reasons,
 * personal parts of audit entries, flags), then one transaction that leaves the tombstone on the
 * report, writes the erasure on the audit trail and removes the index entry. A run that stops
 * halfway leaves the entry in the index, and the next run does what is left.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { HistoryFacts } from '../domain/audit.ts';
import { evidenceKey } from '../domain/evidence.ts';
import type { RetentionEntry } from '../domain/retention.ts';
import { attachmentEntity } from './attachments.ts';
import { defineEntity } from './entity.ts';
import { historyOf, readHistory, transactWithHistory } from './history.ts';
import { entityKeys } from './keys.ts';
import { objectionEntity } from './objections.ts';

const index = {
  index: 'GSI1',
  partition: (commissionId: string) => `RETENTION#${commissionId}`,
  sort: (endedAt: string, reportId: string) => `${endedAt}#${reportId}`,
} as const;

export const retentionEntity = /* @__PURE__ */ defineEntity({
  name: 'RetentionEntry',
  key: (reportId: string) => ({ PK: entityKeys.report(reportId).PK, SK: 'RETENTION' }),
  keyOf: (entry: RetentionEntry): [string] => [entry.reportId],
  indexes: (entry) =>
    entry.ended && entry.endedAt
      ? { GSI1PK: index.partition(entry.commissionId), GSI1SK: index.sort(entry.endedAt, entry.reportId) }
      : {},
});

const ignoreFailedCondition = (error: unknown) => {
  if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
};

export const retentionStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const TableName = config.TABLE_NAME;

  return {
    /**
     * Records where each report's case stands, unless a newer (or the same) reading is already
     * there. Resolves to how many entries were written.
     */
    async record(entries: readonly RetentionEntry[]): Promise<number> {
      let written = 0;
      for (const entry of entries) {
        await db
          .send(
            new PutCommand({
              TableName,
              Item: retentionEntity.item(entry),
              // An entry written before bases were times holds the bare version (a number): any
              // reading now replaces it.
              ConditionExpression:
                'attribute_not_exists(PK) OR attribute_type(basis, :number) OR basis < :basis',
              ExpressionAttributeValues: { ':basis': entry.basis, ':number': 'N' },
            }),
          )
          .then(() => written++)
          .catch(ignoreFailedCondition);
      }
      return written;
    },

    async get(reportId: string): Promise<RetentionEntry | undefined> {
      const out = await db.send(
        new GetCommand({ TableName, Key: retentionEntity.key(reportId), ConsistentRead: true }),
      );
      return out.Item && retentionEntity.fromItem(out.Item);
    },

    /** Entries of a commission whose case ended before `cutoff`, oldest first: one Query. */
    async due(commissionId: string, cutoff: string, limit: number): Promise<RetentionEntry[]> {
      const out = await db.send(
        new QueryCommand({
          TableName,
          IndexName: index.index,
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :cutoff',
          ExpressionAttributeValues: { ':pk': index.partition(commissionId), ':cutoff': cutoff },
          Limit: limit,
          ScanIndexForward: true,
        }),
      );
      return (out.Items ?? []).map((item) => retentionEntity.fromItem(item));
    },

    /** The report's messages go whole: a message without its text says nothing. */
    async eraseMessages(reportId: string): Promise<number> {
      let erased = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :message)',
            ExpressionAttributeValues: { ':pk': entityKeys.report(reportId).PK, ':message': 'MESSAGE#' },
            ProjectionExpression: 'PK, SK',
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) {
          await db.send(new DeleteCommand({ TableName, Key: { PK: item.PK, SK: item.SK } }));
          erased++;
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return erased;
    },

    /** The report's files: the object (the checked version, for good), then its record. */
    async eraseAttachments(
      attachments: readonly { attachmentId: string; reportId: string; versionId?: string | undefined }[],
      removeObject: (key: string, versionId?: string) => Promise<void>,
    ): Promise<number> {
      for (const a of attachments) {
        const key = evidenceKey(a.reportId, a.attachmentId);
        if (a.versionId) await removeObject(key, a.versionId);
        // Unversioned (the emulator), or a file never checked: whatever is current goes too.
        await removeObject(key);
        await db.send(new DeleteCommand({ TableName, Key: attachmentEntity.key(a.attachmentId) }));
      }
      return attachments.length;
    },

    /** The reporter's reason of each objection (sealed); the decision and its dates stay. */
    async eraseObjectionReasons(objectionIds: readonly string[], at: string): Promise<number> {
      let erased = 0;
      for (const objectionId of objectionIds) {
        await db
          .send(
            new UpdateCommand({
              TableName,
              Key: objectionEntity.key(objectionId),
              UpdateExpression: 'REMOVE reason SET reasonErasedAt = :at',
              ConditionExpression: 'attribute_exists(reason)',
              ExpressionAttributeValues: { ':at': at },
            }),
          )
          .then(() => erased++)
          .catch(ignoreFailedCondition);
      }
      return erased;
    },

    /** The personal parts of a trail's entries about this report; their digests keep the chain whole. */
    async eraseAuditNotes(subjectPK: string, reportId: string, at: string): Promise<number> {
      const entries = await readHistory(db, TableName, subjectPK);
      let erased = 0;
      for (const entry of entries.filter((e) => e.personalOf === reportId && e.personal)) {
        await db
          .send(
            new UpdateCommand({
              TableName,
              Key: historyOf(subjectPK).entry.key(entry.seq),
              UpdateExpression: 'REMOVE personal SET personalErasedAt = :at',
              ConditionExpression: 'attribute_exists(personal) AND personalOf = :reportId',
              ExpressionAttributeValues: { ':at': at, ':reportId': reportId },
            }),
          )
          .then(() => erased++)
          .catch(ignoreFailedCondition);
      }
      return erased;
    },

    /**
     * The last step, in one transaction: the tombstone on the report (its sealed identity, contacts
     * and phone code gone), the erasure on the audit trail, the index entry removed. False when the
     * report was erased already (a rerun): then only the entry goes.
     */
    async commitErasure(input: {
      reportId: string;
      subjectPK: string;
      facts: HistoryFacts;
      erasedAt: string;
      erasure: object;
      pepper: Uint8Array;
    }): Promise<boolean> {
      const { reportId } = input;
      const failed = await transactWithHistory(db, {
        tableName: TableName,
        subjectPK: input.subjectPK,
        facts: input.facts,
        pepper: input.pepper,
        parts: {
          report: {
            Update: {
              TableName,
              Key: entityKeys.report(reportId),
              UpdateExpression:
                'SET erasedAt = :at, erasure = :erasure, version = version + :one REMOVE #identity, newsContact, smsPhone, phoneCode, unreadAnswers',
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(erasedAt)',
              ExpressionAttributeNames: { '#identity': 'identity' },
              ExpressionAttributeValues: { ':at': input.erasedAt, ':erasure': input.erasure, ':one': 1 },
            },
          },
          entry: { Delete: { TableName, Key: retentionEntity.key(reportId) } },
        },
      });
      if (failed?.part === 'report') {
        await db.send(new DeleteCommand({ TableName, Key: retentionEntity.key(reportId) }));
        return false;
      }
      if (failed) throw new Error(`erasing ${reportId}: the ${failed.part} condition failed`);
      return true;
    },
  };
};

export type RetentionStore = ReturnType<typeof retentionStore>;
