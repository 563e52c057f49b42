/**
 * The report repository: intake's writes and reads. A submission is one TransactWriteItems of
 * the report, its receipt index, its ReportSubmitted outbox event and (with an Idempotency-Key)
 * the idempotency record, each guarded by attribute_not_exists so nothing is ever overwritten.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand, DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { Envelope } from '../crypto/vault.ts';
import { genesis, type HistoryFacts } from '../domain/audit.ts';
import { sameCommission, visibleTo } from '../domain/commission.ts';
import { DomainError } from '../domain/errors.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { IdentityStatus, PhoneCode } from '../domain/identity-verification.ts';
import type { ClueObjection } from '../domain/objection.ts';
import type { Report, ReportSubmitted, TimelineEntry } from '../domain/report.ts';
import type { ReportHandOver } from '../domain/transfer.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { defineEntity, transact } from './entity.ts';
import { historyAppend, transactWithHistory } from './history.ts';
import { type IdempotencyClaim, type IdempotencyRecord, idempotencyEntity } from './idempotency.ts';
import { entityKeys, epochSeconds, inCommission, indexKeys } from './keys.ts';
import { outboxPut } from './outbox.ts';

export interface ReporterFlag {
  level: string;
  status: string;
  flagId: string;
}

export interface ReportItem extends Report {
  /** DECLINED: 不予受理, never registered (its reason and time are on the report's own trail). */
  status: 'UNREGISTERED' | 'REGISTERED' | 'DECLINED';
  /** Sealed reporter identity (name, ID number, phone, email); absent for a bare anonymous report. */
  identity?: Envelope;
  /**
   * Where news may be sent (shared/domain/reporter.ts NewsContact), sealed apart from the identity
   * under the reporterNews purpose: only the reporter-news worker may open it.
   */
  newsContact?: Envelope;
  /** Keyed fingerprint of the normalised ID number, real-name reports only. */
  reporterFingerprint?: string;
  clueId?: string;
  acceptedAt?: string;
  /** 不予受理: when, and why (the reason is also on the report's trail); gone when reopened. */
  declinedAt?: string;
  declineReason?: string;
  /** 异议 to its declines (shared/domain/decline-objection.ts), oldest first. */
  objections?: ClueObjection[];
  /** Set when the reporter had a live accuser flag at submission: for staff triage only. */
  reporterFlag?: ReporterFlag;
  /** 案件编号, e.g. 〔2026〕某县纪委信访第0123号 (case-number.ts); absent on reports stored before numbers. */
  caseNumber?: string;
  /** The commission the report went to; absent on reports stored before there were several. */
  commissionId?: string;
  /** When a real-name reporter must have been told whether the report was accepted. */
  acknowledgeBy?: string;
  /** Transferred in (shared/domain/transfer.ts): when this commission must take it up. */
  takeUpBy?: string;
  alertedDeadline?: string;
  /** The reporter's answers no handler has read yet (shared/store/messages.ts). */
  unreadAnswers?: Set<string>;
  /** Real-name reports only: whether the reporter's identity was confirmed (identity-verification.ts). */
  identityStatus?: IdentityStatus;
  /** The live one-time phone code, hashed. */
  phoneCode?: PhoneCode;
  identityVerifiedAt?: string;
  /** The phone, sealed for texting only (smsPhoneContext): what a code is sent to. */
  smsPhone?: Envelope;
  /** 保存期限: when the personal data was erased (shared/store/retention.ts), and what went. */
  erasedAt?: string;
  erasure?: Record<string, unknown>;
  version: number;
}

const unregistered = indexKeys.unregisteredReports;
const deadlines = indexKeys.deadlines;

/**
 * A report waits in the intake queue (GSI1) until a clue takes it in, and while it waits for a
 * real-name reporter's acknowledgement, on the deadline index (GSI3). Registration removes both
 * (`reportRegistration`).
 */
export const reportEntity = /* @__PURE__ */ defineEntity({
  name: 'Report',
  key: entityKeys.report,
  keyOf: (report: ReportItem): [string] => [report.reportId],
  indexes: (report) => {
    if (report.status !== 'UNREGISTERED') return {};
    const { submittedAt, reportId, acknowledgeBy, takeUpBy } = report;
    // A report transferred in keeps the take-up deadline instead of the acknowledgement (overdue.ts).
    const deadline = takeUpBy
      ? deadlines.sort(takeUpBy, 'TAKE_UP', 'REPORT', reportId)
      : acknowledgeBy && deadlines.sort(acknowledgeBy, 'ACKNOWLEDGE', 'REPORT', reportId);
    return {
      GSI1PK: inCommission(report.commissionId, unregistered.partition),
      GSI1SK: unregistered.sort(submittedAt, reportId),
      ...(deadline
        ? { GSI3PK: report.alertedDeadline ? deadlines.alerted : deadlines.due, GSI3SK: deadline }
        : {}),
    };
  },
});

/** The receipt code's index: its keyed hash leads to the report, and nothing else does. */
export interface Receipt {
  receiptHash: string;
  reportId: string;
}

export const receiptEntity = /* @__PURE__ */ defineEntity({
  name: 'Receipt',
  key: (receiptHash: string) => ({ PK: `RECEIPT#${receiptHash}`, SK: 'RECEIPT' }),
  keyOf: (receipt: Receipt): [string] => [receipt.receiptHash],
});

export interface NewReport {
  report: Report;
  caseNumber?: string | undefined;
  commissionId?: string | undefined;
  identity?: Envelope | undefined;
  newsContact?: Envelope | undefined;
  reporterFingerprint?: string | undefined;
  receiptHash: string;
  /** A report taken at the counter: the first entry of its audit trail (who recorded it, how). */
  recorded?: { facts: HistoryFacts; pepper: Uint8Array } | undefined;
  event: ReportSubmitted;
  acknowledgeBy?: string | undefined;
  reporterFlag?: ReporterFlag | undefined;
  identityStatus?: IdentityStatus | undefined;
  phoneCode?: PhoneCode | undefined;
  smsPhone?: Envelope | undefined;
  /** Further outbox events of the submission (the phone code's SMS), with their sealed parts. */
  messages?:
    | { event: DomainEvent; sealed?: Envelope; smsTo?: { reportId: string; phone: Envelope } }[]
    | undefined;
  /** The record of the request, without its expiry, which the store sets. */
  idempotency?: Omit<IdempotencyRecord, 'ttl'> | undefined;
}

const created = (tableName: string, item: Record<string, unknown>) => ({
  Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' },
});

/**
 * The transaction item that registers a report into a clue: it leaves the intake queue and its
 * acknowledgement deadline, and the condition makes a report belong to one clue at most.
 */
export const reportRegistration = (tableName: string, reportId: string, clueId: string, at: string) => ({
  Update: {
    TableName: tableName,
    Key: reportEntity.key(reportId),
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
});

/**
 * The transaction item that hands a report to another commission (shared/domain/transfer.ts): it
 * takes the receiving commission, its case number and its intake queue, waits there on the
 * take-up deadline (in place of the acknowledgement, which the hand-over message answers), and
 * leaves its clue. `guard` is what must still hold: the clue still holds it, or (a report not yet
 * registered) the version it was read at. The sealed identity and contact stay as they are.
 */
export const reportHandOverItem = (
  tableName: string,
  moved: ReportHandOver,
  { submittedAt, caseNumber }: { submittedAt: string; caseNumber?: string | undefined },
  guard: { clueId: string } | { version: number },
) => {
  const { reportId, transfer } = moved;
  const queue = inCommission(transfer.toCommissionId, unregistered.partition);
  const set = [
    'commissionId = :to',
    '#status = :unregistered',
    'timeline = list_append(timeline, :entries)',
    'transfers = list_append(if_not_exists(transfers, :none), :transfer)',
    'takeUpBy = :due',
    'GSI1PK = :queue',
    'GSI1SK = :queued',
    'GSI3PK = :duePartition',
    'GSI3SK = :deadline',
    'version = version + :one',
    ...(caseNumber ? ['caseNumber = :caseNumber'] : []),
  ];
  return {
    Update: {
      TableName: tableName,
      Key: reportEntity.key(reportId),
      UpdateExpression: `SET ${set.join(', ')} REMOVE clueId, acceptedAt, acknowledgeBy, alertedDeadline${caseNumber ? '' : ', caseNumber'}`,
      ConditionExpression:
        'clueId' in guard
          ? 'clueId = :clueId'
          : '#status = :unregistered AND attribute_not_exists(clueId) AND version = :version',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':to': transfer.toCommissionId,
        ':unregistered': 'UNREGISTERED',
        ':entries': moved.entries,
        ':none': [],
        ':transfer': [transfer],
        ':due': moved.takeUpBy,
        ':queue': queue,
        // As the entity keys it: the queue is oldest first, and a report transferred in has waited.
        ':queued': unregistered.sort(submittedAt, reportId),
        ':duePartition': deadlines.due,
        ':deadline': deadlines.sort(moved.takeUpBy, 'TAKE_UP', 'REPORT', reportId),
        ':one': 1,
        ...(caseNumber ? { ':caseNumber': caseNumber } : {}),
        ...('clueId' in guard ? { ':clueId': guard.clueId } : { ':version': guard.version }),
      },
    },
  };
};

export const reportStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const tableName = config.TABLE_NAME;

  /**
   * One transaction: the idempotency record (first, so that is the condition that names an
   * earlier request), the report, its receipt and its ReportSubmitted event. Resolves to the
   * earlier request's record when the claim was taken, and writes nothing then.
   */
  const submit = async (input: NewReport, now: Date): Promise<IdempotencyRecord | undefined> => {
    const { report, idempotency } = input;
    const ttl = epochSeconds(now) + config.IDEMPOTENCY_TTL_SECONDS;
    const parts = {
      idempotency: idempotency && {
        Put: {
          ...created(tableName, idempotencyEntity.item({ ...idempotency, ttl })).Put,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      },
      report: created(
        tableName,
        reportEntity.item({
          ...report,
          status: 'UNREGISTERED',
          ...(input.caseNumber ? { caseNumber: input.caseNumber } : {}),
          ...(input.commissionId ? { commissionId: input.commissionId } : {}),
          ...(input.identity ? { identity: input.identity } : {}),
          ...(input.newsContact ? { newsContact: input.newsContact } : {}),
          ...(input.reporterFingerprint ? { reporterFingerprint: input.reporterFingerprint } : {}),
          ...(input.acknowledgeBy ? { acknowledgeBy: input.acknowledgeBy } : {}),
          ...(input.reporterFlag ? { reporterFlag: input.reporterFlag } : {}),
          ...(input.identityStatus ? { identityStatus: input.identityStatus } : {}),
          ...(input.phoneCode ? { phoneCode: input.phoneCode } : {}),
          ...(input.smsPhone ? { smsPhone: input.smsPhone } : {}),
          version: 1,
        }),
      ),
      receipt: created(
        tableName,
        receiptEntity.item({ receiptHash: input.receiptHash, reportId: report.reportId }),
      ),
      outbox: outboxPut(tableName, input.event, { commissionId: input.commissionId }),
      // A new report's trail starts here: its head cannot exist yet, so it is appended after genesis.
      history:
        input.recorded &&
        historyAppend(
          tableName,
          reportEntity.key(report.reportId).PK,
          genesis,
          input.recorded.facts,
          input.recorded.pepper,
        ).items,
      messages: (input.messages ?? []).map(({ event, ...extras }) =>
        outboxPut(tableName, event, { ...extras, commissionId: input.commissionId }),
      ),
    };
    // Concurrent submits with one key collide on the idempotency item; the losers retry and then
    // find the winner's record through the failed condition.
    const failed = await transact(db, parts);
    if (failed?.part === 'idempotency' && failed.item) return idempotencyEntity.fromItem(failed.item);
    // A report id or a receipt code drawn twice: as good as never, and then nothing is written.
    if (failed) throw new Error(`report ${report.reportId}: the ${failed.part} condition failed`);
    return undefined;
  };

  /** Drops a stand-in idempotency record once its answer is on its way (idempotency.ts). */
  const forgetIdempotency = async (claim: IdempotencyClaim): Promise<void> => {
    await db.send(
      new DeleteCommand({
        TableName: tableName,
        Key: idempotencyEntity.key(claim.operation, claim.keyHash),
      }),
    );
  };

  /**
   * 不予受理: the report leaves the intake queue and its acknowledgement deadline (the reporter is
   * told, which is the acknowledgement), its timeline gains NOT_ACCEPTED, and the decision goes on
   * the report's own audit trail (it has no clue), with the event, in one transaction.
   */
  const decline = async (
    reportId: string,
    decision: { entry: TimelineEntry; facts: HistoryFacts; event: DomainEvent<'ReportDeclined'> },
    pepper: Uint8Array,
    /** The report's commission: the decline counts in its statistics. */
    commissionId?: string,
  ): Promise<void> => {
    const failed = await transactWithHistory(db, {
      tableName,
      subjectPK: reportEntity.key(reportId).PK,
      facts: decision.facts,
      pepper,
      parts: {
        report: {
          Update: {
            TableName: tableName,
            Key: reportEntity.key(reportId),
            UpdateExpression:
              'SET #status = :declined, declinedAt = :at, declineReason = :reason, timeline = list_append(timeline, :entry), version = version + :one REMOVE GSI1PK, GSI1SK, GSI3PK, GSI3SK',
            ConditionExpression: '#status = :unregistered AND attribute_not_exists(clueId)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':declined': 'DECLINED',
              ':unregistered': 'UNREGISTERED',
              ':at': decision.entry.at,
              ':reason': decision.facts.reason ?? '',
              ':entry': [decision.entry],
              ':one': 1,
            },
          },
        },
        outbox: outboxPut(tableName, decision.event, { commissionId }),
      },
    });
    if (failed?.part === 'report') {
      throw new DomainError('INVALID_TRANSITION', {
        zh: '该举报已受理或已决定不予受理',
        en: 'This report was registered or declined meanwhile',
      });
    }
    if (failed) throw new Error(`decline ${reportId}: the ${failed.part} condition failed`);
  };

  const store = {
    submit,
    forgetIdempotency,
    decline,

    async findReceipt(receiptHash: string): Promise<Receipt | undefined> {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: receiptEntity.key(receiptHash) }),
      );
      return out.Item && receiptEntity.fromItem(out.Item);
    },

    async get(reportId: string): Promise<ReportItem | undefined> {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: reportEntity.key(reportId) }));
      return out.Item && reportEntity.fromItem(out.Item);
    },

    /** The report if the member's commission holds it (shared/domain/commission.ts). */
    async getFor(member: { commissionId: string }, reportId: string): Promise<ReportItem | undefined> {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: reportEntity.key(reportId) }));
      return visibleTo(out.Item && reportEntity.fromItem(out.Item), member);
    },

    /** Up to 100 reports by id, in no particular order; missing ones are simply absent. */
    async getMany(reportIds: readonly string[]): Promise<ReportItem[]> {
      if (reportIds.length === 0) return [];
      const out = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: [...new Set(reportIds)].map((id) => reportEntity.key(id)),
              ConsistentRead: true,
            },
          },
        }),
      );
      const items = (out.Responses?.[tableName] ?? []).map(reportEntity.fromItem);
      const unprocessed = out.UnprocessedKeys?.[tableName]?.Keys?.length ?? 0;
      // Throttled keys come back unprocessed: a transient fault, answered with 503.
      if (unprocessed > 0)
        throw Object.assign(new Error('Unprocessed keys'), {
          name: 'ProvisionedThroughputExceededException',
        });
      return items;
    },

    /** A commission's intake queue. */
    async listUnregistered(
      commissionId: string,
      limit: number,
      cursor: string | undefined,
      newestFirst = false,
    ) {
      const partition = inCommission(commissionId, unregistered.partition);
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: unregistered.index,
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': partition },
          ExclusiveStartKey: decodeCursor(cursor, {
            attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
            fixed: { GSI1PK: partition },
          }),
          Limit: limit,
          // By default the oldest report, which waits longest, is served first.
          ScanIndexForward: !newestFirst,
        }),
      );
      return {
        items: (out.Items ?? []).map(reportEntity.fromItem),
        nextCursor: encodeCursor(out.LastEvaluatedKey),
      };
    },

    /** The member's commission's reports among these; the others are absent, as missing ones are. */
    getManyFor: async (member: { commissionId: string }, reportIds: readonly string[]) =>
      (await store.getMany(reportIds)).filter((report) => sameCommission(report, member)),
  };
  return store;
};

export type ReportStore = ReturnType<typeof reportStore>;

/** The identity status of each of these reports (any number of ids, read 100 at a time). */
export const identityStatusesOf = async (reports: ReportStore, reportIds: readonly string[]) => {
  const ids = [...new Set(reportIds)];
  const statuses = new Map<string, IdentityStatus | undefined>();
  for (let i = 0; i < ids.length; i += 100) {
    for (const report of await reports.getMany(ids.slice(i, i + 100)))
      statuses.set(report.reportId, report.identityStatus);
  }
  return (reportId: string) => statuses.get(reportId);
};
