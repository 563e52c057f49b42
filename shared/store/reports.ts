/**
 * The report repository: intake's writes and reads. A submission is one TransactWriteItems of
 * the report, its receipt index, its ReportSubmitted outbox event and (with an Idempotency-Key)
 * the idempotency record, each guarded by attribute_not_exists so nothing is ever overwritten.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { Envelope } from '../crypto/vault.ts';
import type { Report, ReportSubmitted } from '../domain/report.ts';
import type { SubmitReportResponse } from '../schemas/responses/reports.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { IdempotencyClaim, IdempotencyRecord } from './idempotency.ts';
import { entityKeys, epochSeconds, indexKeys } from './keys.ts';
import { outboxPut } from './outbox.ts';
import { failedConditionAt, retryOnConflict } from './transactions.ts';

export interface ReporterFlag {
  level: string;
  status: string;
  flagId: string;
}

export interface ReportItem extends Report {
  entity: 'Report';
  status: 'UNREGISTERED' | 'REGISTERED';
  /** Sealed reporter identity (name, ID number, phone, email); absent for a bare anonymous report. */
  identity?: Envelope;
  /** Keyed fingerprint of the normalised ID number, real-name reports only. */
  reporterFingerprint?: string;
  clueId?: string;
  acceptedAt?: string;
  /** Set when the reporter had a live accuser flag at submission: for staff triage only. */
  reporterFlag?: ReporterFlag;
  /** When a real-name reporter must have been told whether the report was accepted. */
  acknowledgeBy?: string;
  alertedDeadline?: string;
  version: number;
}

export interface NewReport {
  report: Report;
  identity?: Envelope | undefined;
  reporterFingerprint?: string | undefined;
  receiptHash: string;
  event: ReportSubmitted;
  acknowledgeBy?: string | undefined;
  reporterFlag?: ReporterFlag | undefined;
  idempotency?:
    | { claim: IdempotencyClaim; status: number; sealedResponse: string; heardBy?: number }
    | undefined;
}

/** What a submission's idempotency record holds: the 201 it answered (functions/reports/submit.ts). */
type SubmissionRecord = IdempotencyRecord<SubmitReportResponse, 201>;

/** Raised when the Idempotency-Key was used before; carries what the first request stored. */
export class IdempotencyKeyUsed extends Error {
  constructor(readonly record: SubmissionRecord) {
    super('Idempotency key already used');
  }
}

export const reportStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const tableName = config.TABLE_NAME;
  const unregistered = indexKeys.unregisteredReports;

  return {
    async submit(input: NewReport, now: Date): Promise<void> {
      const { report } = input;
      const reportItem: ReportItem = {
        ...report,
        entity: 'Report',
        status: 'UNREGISTERED',
        ...(input.identity ? { identity: input.identity } : {}),
        ...(input.reporterFingerprint ? { reporterFingerprint: input.reporterFingerprint } : {}),
        ...(input.acknowledgeBy ? { acknowledgeBy: input.acknowledgeBy } : {}),
        ...(input.reporterFlag ? { reporterFlag: input.reporterFlag } : {}),
        version: 1,
      };
      const deadlines = indexKeys.deadlines;
      const items = [
        ...(input.idempotency
          ? [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...entityKeys.idempotency(
                      input.idempotency.claim.operation,
                      input.idempotency.claim.keyHash,
                    ),
                    entity: 'IdempotencyRecord',
                    requestHash: input.idempotency.claim.requestHash,
                    status: input.idempotency.status,
                    sealedResponse: input.idempotency.sealedResponse,
                    ...(input.idempotency.heardBy ? { heardBy: input.idempotency.heardBy } : {}),
                    ttl: epochSeconds(now) + config.IDEMPOTENCY_TTL_SECONDS,
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
                },
              },
            ]
          : []),
        {
          Put: {
            TableName: tableName,
            Item: {
              ...entityKeys.report(report.reportId),
              GSI1PK: unregistered.partition,
              GSI1SK: unregistered.sort(report.submittedAt, report.reportId),
              ...(input.acknowledgeBy
                ? {
                    GSI3PK: deadlines.due,
                    GSI3SK: deadlines.sort(input.acknowledgeBy, 'ACKNOWLEDGE', 'REPORT', report.reportId),
                  }
                : {}),
              ...reportItem,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: {
              ...entityKeys.receipt(input.receiptHash),
              entity: 'Receipt',
              receiptHash: input.receiptHash,
              reportId: report.reportId,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        outboxPut(tableName, input.event),
      ];
      try {
        // Concurrent submits with one key collide on the idempotency item; the losers retry and
        // then find the winner's record through the failed condition.
        await retryOnConflict(() => db.send(new TransactWriteCommand({ TransactItems: items })));
      } catch (error) {
        const existing = input.idempotency ? failedConditionAt(error, 0) : undefined;
        if (existing) throw new IdempotencyKeyUsed(existing as unknown as SubmissionRecord);
        throw error;
      }
    },

    /** Drops a stand-in idempotency record once its answer is on its way (idempotency.ts). */
    async forgetIdempotency(claim: IdempotencyClaim): Promise<void> {
      await db.send(
        new DeleteCommand({
          TableName: tableName,
          Key: entityKeys.idempotency(claim.operation, claim.keyHash),
        }),
      );
    },

    async findReceipt(receiptHash: string): Promise<{ reportId: string; receiptHash: string } | undefined> {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: entityKeys.receipt(receiptHash) }),
      );
      return out.Item as { reportId: string; receiptHash: string } | undefined;
    },

    async get(reportId: string): Promise<ReportItem | undefined> {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: entityKeys.report(reportId) }));
      return out.Item as ReportItem | undefined;
    },

    /** Up to 100 reports by id, in no particular order; missing ones are simply absent. */
    async getMany(reportIds: readonly string[]): Promise<ReportItem[]> {
      if (reportIds.length === 0) return [];
      const out = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: [...new Set(reportIds)].map((id) => entityKeys.report(id)),
              ConsistentRead: true,
            },
          },
        }),
      );
      const items = (out.Responses?.[tableName] ?? []) as ReportItem[];
      const unprocessed = out.UnprocessedKeys?.[tableName]?.Keys?.length ?? 0;
      // Throttled keys come back unprocessed: a transient fault, answered with 503.
      if (unprocessed > 0)
        throw Object.assign(new Error('Unprocessed keys'), {
          name: 'ProvisionedThroughputExceededException',
        });
      return items;
    },

    /**
     * The transaction item that registers a report into a clue: it leaves the intake queue and
     * its acknowledgement deadline, and the condition makes a report belong to one clue at most.
     */
    registration(reportId: string, clueId: string, at: string) {
      return {
        Update: {
          TableName: tableName,
          Key: entityKeys.report(reportId),
          UpdateExpression:
            'SET #status = :registered, clueId = :clueId, acceptedAt = :at, version = version + :one REMOVE GSI1PK, GSI1SK, GSI3PK, GSI3SK',
          ConditionExpression: '#status = :unregistered AND attribute_not_exists(clueId)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':registered': 'REGISTERED',
            ':unregistered': 'UNREGISTERED',
            ':clueId': clueId,
            ':at': at,
            ':one': 1,
          },
        },
      };
    },

    async listUnregistered(limit: number, cursor: string | undefined) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: unregistered.index,
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': unregistered.partition },
          ExclusiveStartKey: decodeCursor(cursor, {
            attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
            fixed: { GSI1PK: unregistered.partition },
          }),
          Limit: limit,
          ScanIndexForward: true, // the oldest report waits longest: serve it first
        }),
      );
      return { items: (out.Items ?? []) as ReportItem[], nextCursor: encodeCursor(out.LastEvaluatedKey) };
    },
  };
};

export type ReportStore = ReturnType<typeof reportStore>;
