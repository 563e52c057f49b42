/**
 * Evidence attachments: each declared once here, with the report's tally of files and bytes.
 *
 * The tally is how the limits of a report (20 files, 100 MB) hold under concurrent announcements:
 * one conditional UpdateItem on one item takes a place, so two requests can never both take the
 * last one (a read-then-write would let both through). A single item serialises without the
 * transaction conflicts that a TransactWriteItems on a hot item would raise. The attachment is
 * written after its place is taken; if that write fails, the place is given back.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import { type Attachment, downloadFacts, evidenceLimits, type UploadVerdict } from '../domain/evidence.ts';
import type { Role } from '../domain/roles.ts';
import { defineEntity, transact } from './entity.ts';
import { transactWithHistory } from './history.ts';
import { entityKeys, epochSeconds } from './keys.ts';

/** A report's files, by announcement time (GSI1): `GET /reports/{id}/attachments` is one Query. */
const byReport = {
  index: 'GSI1',
  partition: (reportId: string) => `ATTACHMENTS#REPORT#${reportId}`,
  sort: (announcedAt: string, attachmentId: string) => `${announcedAt}#${attachmentId}`,
} as const;

/**
 * An attachment. While ANNOUNCED it carries a `ttl`: never uploaded, DynamoDB deletes it a day
 * after its upload URL expired (until then it shows as EXPIRED); the check removes the `ttl`.
 */
export const attachmentEntity = /* @__PURE__ */ defineEntity({
  name: 'Attachment',
  key: (attachmentId: string) => ({ PK: `ATTACHMENT#${attachmentId}`, SK: 'ATTACHMENT' }),
  keyOf: (attachment: Attachment): [string] => [attachment.attachmentId],
  indexes: (a) => ({
    GSI1PK: byReport.partition(a.reportId),
    GSI1SK: byReport.sort(a.announcedAt, a.attachmentId),
  }),
  fromFields: ({ ttl: _ttl, ...fields }) => fields as unknown as Attachment,
});

/** A report's count of files and bytes held or announced (REJECTED files give theirs back). */
export const attachmentTallyEntity = /* @__PURE__ */ defineEntity({
  name: 'AttachmentTally',
  key: (reportId: string) => ({ PK: `REPORT#${reportId}`, SK: 'ATTACHMENTS' }),
  keyOf: (tally: { reportId: string; files: number; bytes: number }): [string] => [tally.reportId],
});

const isConditionFailure = (error: unknown) =>
  (error as { name?: string }).name === 'ConditionalCheckFailedException';

export const attachmentStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const TableName = config.TABLE_NAME;

  const release = (reportId: string, size: number) => ({
    Update: {
      TableName,
      Key: attachmentTallyEntity.key(reportId),
      UpdateExpression: 'SET files = files - :one, #bytes = #bytes - :size',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#bytes': 'bytes' },
      ExpressionAttributeValues: { ':one': 1, ':size': size },
    },
  });

  return {
    /**
     * Takes a place in the report's tally, then writes the attachment. False when the report has
     * no room left for this file (20 files or 100 MB), and nothing is written then.
     */
    async announce(attachment: Attachment): Promise<boolean> {
      try {
        await db.send(
          new UpdateCommand({
            TableName,
            Key: attachmentTallyEntity.key(attachment.reportId),
            UpdateExpression:
              'SET files = if_not_exists(files, :zero) + :one, #bytes = if_not_exists(#bytes, :zero) + :size, entity = :entity',
            ConditionExpression: 'attribute_not_exists(PK) OR (files < :maxFiles AND #bytes <= :room)',
            ExpressionAttributeNames: { '#bytes': 'bytes' },
            ExpressionAttributeValues: {
              ':zero': 0,
              ':one': 1,
              ':size': attachment.size,
              ':entity': attachmentTallyEntity.name,
              ':maxFiles': evidenceLimits.filesPerReport,
              ':room': evidenceLimits.bytesPerReport - attachment.size,
            },
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
      const ttl = epochSeconds(new Date(attachment.uploadBy)) + evidenceLimits.announcedGraceSeconds;
      try {
        await db.send(
          new PutCommand({
            TableName,
            Item: { ...attachmentEntity.item(attachment), ttl },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      } catch (error) {
        await db.send(new UpdateCommand(release(attachment.reportId, attachment.size).Update));
        throw error;
      }
      return true;
    },

    async get(attachmentId: string): Promise<Attachment | undefined> {
      const out = await db.send(
        new GetCommand({ TableName, Key: attachmentEntity.key(attachmentId), ConsistentRead: true }),
      );
      return out.Item && attachmentEntity.fromItem(out.Item);
    },

    /** A report's files, oldest first (at most a few dozen: the limits and the rejected ones). */
    async ofReport(reportId: string): Promise<Attachment[]> {
      const items: Attachment[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName,
            IndexName: byReport.index,
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': byReport.partition(reportId) },
            ExclusiveStartKey,
          }),
        );
        items.push(...(page.Items ?? []).map((item) => attachmentEntity.fromItem(item)));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    },

    /**
     * Records the check once: only an ANNOUNCED file is marked, so a redelivered event changes
     * nothing. A rejected file gives its place in the tally back in the same transaction. False
     * when the file was already checked.
     */
    async markChecked(
      attachment: Attachment,
      verdict: UploadVerdict,
      at: string,
      versionId: string | undefined,
    ): Promise<boolean> {
      const rejected = verdict.status === 'REJECTED';
      const failed = await transact(db, {
        attachment: {
          Update: {
            TableName,
            Key: attachmentEntity.key(attachment.attachmentId),
            UpdateExpression: `SET #status = :status, checkedAt = :at${rejected ? ', rejection = :reason' : ''}${versionId ? ', versionId = :version' : ''} REMOVE #ttl`,
            ConditionExpression: '#status = :announced',
            ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':status': verdict.status,
              ':announced': 'ANNOUNCED',
              ':at': at,
              ...(rejected ? { ':reason': verdict.reason } : {}),
              ...(versionId ? { ':version': versionId } : {}),
            },
          },
        },
        tally: rejected ? release(attachment.reportId, attachment.size) : undefined,
      });
      if (failed?.part === 'attachment') return false;
      if (failed)
        throw new Error(`attachment ${attachment.attachmentId}: the ${failed.part} condition failed`);
      return true;
    },

    /**
     * Puts a download on the audit trail, in one transaction with a check that the file is still
     * AVAILABLE: the clue's trail once the report is registered, before that the report's own
     * (REPORT#<id>, the same chained entries). False when the file is no longer available.
     */
    async recordDownload(
      attachment: Attachment,
      trail: { reportId: string; clueId?: string | undefined },
      acting: { actor: string; role: Role; at: string },
      pepper: Uint8Array,
    ): Promise<boolean> {
      const subject = trail.clueId ? entityKeys.clue(trail.clueId) : entityKeys.report(trail.reportId);
      const failed = await transactWithHistory(db, {
        tableName: TableName,
        subjectPK: subject.PK,
        facts: downloadFacts(attachment, acting),
        pepper,
        parts: {
          attachment: {
            ConditionCheck: {
              TableName,
              Key: attachmentEntity.key(attachment.attachmentId),
              ConditionExpression: '#status = :available',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':available': 'AVAILABLE' },
            },
          },
        },
      });
      return !failed;
    },
  };
};

export type AttachmentStore = ReturnType<typeof attachmentStore>;
