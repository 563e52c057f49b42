/**
 * Objections (异议): the Objection item (the reporter's reason, sealed; the approver's answer) and
 * the lock that makes an objection once per report and conclusion. Both are written in the same
 * transaction as the clue they concern (clueStore.update), so the clue, its audit trail, the
 * objection and its events change together or not at all. Keys: docs/architecture.md.
 *
 * | entity        | PK                      | SK                        | GSI1PK / GSI1SK                             |
 * |---------------|-------------------------|---------------------------|---------------------------------------------|
 * | Objection     | OBJECTION#<objectionId> | OBJECTION                 | [C#<commissionId>#]OBJECTIONS#STATUS#<status> / <lodgedAt>#<id> |
 * | ObjectionLock | REPORT#<reportId>       | OBJECTION#<conclusionAt>  | –                                           |
 *
 * An objection to a decline before registration (不予受理) has no clue: decline-objections.ts
 * writes the same two items with the report and its own trail instead.
 *
 * An objection carries its clue's (or declined report's) commission; its queue is that
 * commission's partition (`inCommission`), and `getFor` answers another commission's as missing.
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { Envelope } from '../crypto/vault.ts';
import type { Clue } from '../domain/clue.ts';
import { decideObjectionDecision, decideObjectionLodging } from '../domain/clue-decisions.ts';
import { visibleTo } from '../domain/commission.ts';
import type { DeadlinePolicy } from '../domain/deadlines.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import type { ObjectionDecision, ObjectionStatus } from '../domain/objection.ts';
import { refusalOf } from '../domain/objection.ts';
import type { Actor, Role } from '../domain/roles.ts';
import { type ClueChange, clueStore, type StoredClue } from './clues.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { defineEntity } from './entity.ts';
import { entityKeys, inCommission } from './keys.ts';

export interface Objection {
  objectionId: string;
  /** What is objected to: a clue's conclusion (the default), or a decline before registration. */
  against?: 'CONCLUSION' | 'NOT_ACCEPTED';
  /** The clue whose conclusion is objected to; none for a decline (不予受理), which has no clue. */
  clueId?: string;
  /** The clue's case number when it has one (shown instead of the id). */
  clueCaseNumber?: string | undefined;
  reportId: string;
  /** Its clue's (or declined report's) commission; none on objections from before commissions. */
  commissionId?: string | undefined;
  conclusionAt: string;
  lodgedAt: string;
  windowEndsAt: string;
  status: ObjectionStatus;
  /** The reporter's reason, sealed with the identity key, bound to the objection's id; gone once erased (保存期限). */
  reason?: Envelope | undefined;
  reasonErasedAt?: string | undefined;
  decision?: { decision: ObjectionDecision; reason: string; decidedBy: string; decidedAt: string };
}

/** The approvers' queue of a status, in one commission (the single commission keeps the old partition). */
export const byStatus = (status: ObjectionStatus, commissionId?: string | undefined) =>
  inCommission(commissionId, `OBJECTIONS#STATUS#${status}`);

export const objectionEntity = /* @__PURE__ */ defineEntity({
  name: 'Objection',
  key: (objectionId: string) => ({ PK: `OBJECTION#${objectionId}`, SK: 'OBJECTION' }),
  keyOf: (objection: Objection): [string] => [objection.objectionId],
  indexes: (objection) => ({
    GSI1PK: byStatus(objection.status, objection.commissionId),
    GSI1SK: `${objection.lodgedAt}#${objection.objectionId}`,
  }),
});

/** One per report and conclusion: the conditional put that settles a race between two objections. */
export const objectionLockEntity = /* @__PURE__ */ defineEntity({
  name: 'ObjectionLock',
  key: (reportId: string, conclusionAt: string) => ({
    PK: entityKeys.report(reportId).PK,
    SK: `OBJECTION#${conclusionAt}`,
  }),
  keyOf: (lock: { reportId: string; conclusionAt: string; objectionId: string }): [string, string] => [
    lock.reportId,
    lock.conclusionAt,
  ],
});

export const alreadyDecided = () =>
  new DomainError('INVALID_TRANSITION', {
    zh: '该异议已作出复核决定',
    en: 'This objection has already been decided',
  });

export const objectionStore = (services: { db: DynamoDBDocumentClient; config: Config }) => {
  const { db, config } = services;
  const TableName = config.TABLE_NAME;
  const clues = clueStore(services);

  const get = async (objectionId: string): Promise<Objection | undefined> => {
    const { Item } = await db.send(
      new GetCommand({ TableName, Key: objectionEntity.key(objectionId), ConsistentRead: true }),
    );
    return Item && (objectionEntity.fromItem(Item) as Objection);
  };

  return {
    get,

    /** The objection if it is the member's commission's; another commission's reads as missing. */
    getFor: async (member: { commissionId: string }, objectionId: string) =>
      visibleTo(await get(objectionId), member),

    /** Lodges an objection on the clue; a second one for the same conclusion is OBJECTION_EXISTS. */
    async lodge(
      stored: StoredClue,
      input: { objectionId: string; reportId: string; reason: Envelope; windowDays: number; now: Date },
      auditPepper: Uint8Array,
    ): Promise<Objection> {
      let objection: Objection | undefined;
      await clues.update(
        stored,
        (latest): ClueChange => {
          const decided = decideObjectionLodging(latest.clue, input, input.now);
          const { objectionId, reportId, conclusionAt, lodgedAt } = decided.objection;
          objection = {
            objectionId,
            clueId: latest.clue.clueId,
            ...(latest.clue.commissionId ? { commissionId: latest.clue.commissionId } : {}),
            ...(latest.clue.caseNumber ? { clueCaseNumber: latest.clue.caseNumber } : {}),
            reportId,
            conclusionAt,
            lodgedAt,
            windowEndsAt: decided.windowEndsAt,
            status: 'OPEN',
            reason: input.reason,
          };
          const exists = () => refusalOf({ kind: 'LODGED', objection: decided.objection }) as DomainError;
          const created = (Item: Record<string, unknown>) => ({
            Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(PK)' },
          });
          return {
            ...decided,
            also: {
              lock: {
                item: created(objectionLockEntity.item({ reportId, conclusionAt, objectionId })),
                refused: exists,
              },
              objection: { item: created(objectionEntity.item(objection)), refused: exists },
            },
          };
        },
        auditPepper,
      );
      return objection as Objection;
    },

    /** An approver's answer: the clue (reopened or not), its audit entry, each objection answered. */
    async decide(
      objection: Objection,
      input: { decision: ObjectionDecision; reason: string; policy: DeadlinePolicy },
      acting: { actor: Actor; role: Role; now: Date },
      auditPepper: Uint8Array,
    ): Promise<{ objection: Objection; clue: Clue }> {
      if (!objection.clueId) throw new Error(`objection ${objection.objectionId} has no clue`);
      const stored = await clues.existing(objection.clueId);
      const decidedAt = acting.now.toISOString();
      const answer = { ...input, decidedBy: acting.actor.userId, decidedAt };
      const { policy: _policy, ...decision } = answer;
      const { clue } = await clues.update(
        stored,
        (latest): ClueChange => {
          const decided = decideObjectionDecision(
            latest.clue,
            { ...input, objectionId: objection.objectionId, conflicts: latest },
            acting,
          );
          const answered = decided.settled.map((o) => ({
            item: {
              Update: {
                TableName,
                Key: objectionEntity.key(o.objectionId),
                UpdateExpression: 'SET #status = :status, GSI1PK = :pk, decision = :decision',
                ConditionExpression: '#status = :open',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':status': o.status,
                  // Every objection to a clue is in the clue's commission.
                  ':pk': byStatus(o.status, latest.clue.commissionId),
                  ':decision': decision,
                  ':open': 'OPEN',
                },
              },
            },
            refused: alreadyDecided,
          }));
          return { ...decided, also: Object.fromEntries(answered.map((part, i) => [`objection${i}`, part])) };
        },
        auditPepper,
      );
      const status = input.decision === 'REOPEN' ? 'REOPENED' : 'UPHELD';
      return { objection: { ...objection, status, decision }, clue };
    },

    /** A commission's objections of a status, oldest first: the approvers' queue. One Query on GSI1. */
    async list(commissionId: string, status: ObjectionStatus, limit: number, cursor: string | undefined) {
      const partition = byStatus(status, commissionId);
      const out = await db.send(
        new QueryCommand({
          TableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': partition },
          ExclusiveStartKey: decodeCursor(cursor, {
            attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
            fixed: { GSI1PK: partition },
          }),
          Limit: limit,
          ScanIndexForward: true,
        }),
      );
      return {
        items: (out.Items ?? []).map((item) => objectionEntity.fromItem(item) as Objection),
        nextCursor: encodeCursor(out.LastEvaluatedKey),
      };
    },
  };
};

export const noSuchObjection = () => notFound({ zh: '未找到该异议', en: 'No such objection' });
