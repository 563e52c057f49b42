/**
 * 异议 to a decline before registration (不予受理): the report, its own audit trail (REPORT#id),
 * the Objection item, the lock that makes it once per decline and the event, in one transaction.
 * The decisions are shared/domain/decline-objection.ts; the entities are objections.ts's.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { Envelope } from '../crypto/vault.ts';
import { decideDeclineObjection, decideDeclineObjectionLodging } from '../domain/decline-objection.ts';
import { DomainError } from '../domain/errors.ts';
import type { ObjectionDecision } from '../domain/objection.ts';
import { refusalOf } from '../domain/objection.ts';
import type { Actor } from '../domain/roles.ts';
import { transactWithHistory } from './history.ts';
import { inCommission, indexKeys } from './keys.ts';
import {
  alreadyDecided,
  byStatus,
  type Objection,
  objectionEntity,
  objectionLockEntity,
} from './objections.ts';
import { outboxPut } from './outbox.ts';
import { type ReportItem, reportEntity } from './reports.ts';

const changedMeanwhile = () =>
  new DomainError('INVALID_TRANSITION', {
    zh: '该举报的处理状态已发生变化，请刷新后重试',
    en: 'The report has changed meanwhile',
  });

export const declineObjectionStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const TableName = config.TABLE_NAME;
  const created = (Item: Record<string, unknown>) => ({
    Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(PK)' },
  });

  return {
    /** Lodges the reporter's objection to the decline; the loser of a race is OBJECTION_EXISTS. */
    async lodge(
      report: ReportItem,
      input: { objectionId: string; reason: Envelope; windowDays: number; now: Date },
      auditPepper: Uint8Array,
    ): Promise<Objection> {
      const decided = decideDeclineObjectionLodging(report, input, input.now);
      const { objectionId, reportId, conclusionAt, lodgedAt } = decided.objection;
      const objection: Objection = {
        objectionId,
        against: 'NOT_ACCEPTED',
        reportId,
        ...(report.commissionId ? { commissionId: report.commissionId } : {}),
        conclusionAt,
        lodgedAt,
        windowEndsAt: decided.windowEndsAt,
        status: 'OPEN',
        reason: input.reason,
      };
      const failed = await transactWithHistory(db, {
        tableName: TableName,
        subjectPK: reportEntity.key(reportId).PK,
        facts: decided.facts,
        pepper: auditPepper,
        parts: {
          lock: created(objectionLockEntity.item({ reportId, conclusionAt, objectionId })),
          report: {
            Update: {
              TableName,
              Key: reportEntity.key(reportId),
              UpdateExpression:
                'SET objections = list_append(if_not_exists(objections, :none), :objection), version = version + :one',
              ConditionExpression: '#status = :declined AND declinedAt = :at',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':none': [],
                ':objection': [decided.objection],
                ':one': 1,
                ':declined': 'DECLINED',
                ':at': conclusionAt,
              },
            },
          },
          objection: created(objectionEntity.item(objection)),
          outbox: outboxPut(TableName, decided.event, { commissionId: report.commissionId }),
        },
      });
      if (failed?.part === 'lock' || failed?.part === 'objection')
        throw refusalOf({ kind: 'LODGED', objection: decided.objection });
      if (failed?.part === 'report') throw changedMeanwhile();
      if (failed) throw new Error(`objection ${objectionId}: the ${failed.part} condition failed`);
      return objection;
    },

    /** UPHOLD keeps the decline; REOPEN puts the report back in the intake queue, unregistered. */
    async decide(
      objection: Objection,
      report: ReportItem,
      input: { decision: ObjectionDecision; reason: string },
      acting: { actor: Actor; now: Date },
      auditPepper: Uint8Array,
    ): Promise<Objection> {
      const decided = decideDeclineObjection(
        report,
        { ...input, objectionId: objection.objectionId },
        acting,
      );
      const decision = { ...input, decidedBy: acting.actor.userId, decidedAt: acting.now.toISOString() };
      const queue = indexKeys.unregisteredReports;
      const reopen = decided.reopened
        ? {
            set: ', #status = :unregistered, GSI1PK = :queue, GSI1SK = :place, timeline = list_append(timeline, :entry)',
            remove: ' REMOVE declinedAt, declineReason',
            values: {
              ':unregistered': 'UNREGISTERED',
              // Back into its own commission's intake queue (as reports.ts files it).
              ':queue': inCommission(report.commissionId, queue.partition),
              ':place': queue.sort(report.submittedAt, report.reportId),
              ':entry': [decided.reopened],
            },
          }
        : { set: '', remove: '', values: {} };
      const failed = await transactWithHistory(db, {
        tableName: TableName,
        subjectPK: reportEntity.key(report.reportId).PK,
        facts: decided.facts,
        pepper: auditPepper,
        parts: {
          report: {
            Update: {
              TableName,
              Key: reportEntity.key(report.reportId),
              UpdateExpression: `SET objections = :objections, version = version + :one${reopen.set}${reopen.remove}`,
              ConditionExpression: 'version = :version AND #status = :declined',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':objections': decided.objections,
                ':one': 1,
                ':version': report.version,
                ':declined': 'DECLINED',
                ...reopen.values,
              },
            },
          },
          objection: {
            Update: {
              TableName,
              Key: objectionEntity.key(objection.objectionId),
              UpdateExpression: 'SET #status = :status, GSI1PK = :pk, decision = :decision',
              ConditionExpression: '#status = :open',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':status': decided.objection.status,
                ':pk': byStatus(decided.objection.status, report.commissionId),
                ':decision': decision,
                ':open': 'OPEN',
              },
            },
          },
          outbox: outboxPut(TableName, decided.event, { commissionId: report.commissionId }),
        },
      });
      if (failed?.part === 'objection') throw alreadyDecided();
      if (failed?.part === 'report') throw changedMeanwhile();
      if (failed) throw new Error(`objection ${objection.objectionId}: the ${failed.part} condition failed`);
      return { ...objection, status: decided.objection.status, decision };
    },
  };
};
