/**
 * Recusals (回避) and the cadre registry's declared relationships (shared/domain/recusal.ts).
 *
 * | entity        | PK               | SK                                |
 * |---------------|------------------|-----------------------------------|
 * | Recusal       | CLUE#<clueId>    | CLUE#RECUSAL#<userId>             |
 * | LiftedRecusal | CLUE#<clueId>    | CLUE#RECUSAL-LIFTED#<recusalId>   |
 * | Relationship  | CADRE#<cadreId>  | RELATION#<userId>                 |
 *
 * A recusal's sort key lies between the clue's (`CLUE`) and its audit head's (`HEAD`), so the one
 * Query that loads a clue with its head (clueStore.load) brings its recusals too: every route that
 * loads a clue knows who stepped aside without a further read. Their number per clue is bounded
 * (recusalLimits.perClue). Whether one member stepped aside from some clues (a flag resting on
 * several) is a BatchGetItem of keys; a cadre's relationship with a member is a key too.
 *
 * The member's key holds the recusal that bars them, and only that: lifting it (解除回避) moves the
 * recusal, with who lifted it, when and why, to its lifted key in the same transaction as the audit
 * entry. Nothing is lost, every keyed read of "is this member recused" stays one key, and the
 * member may step aside again later under their key. Lifted recusals sort in the same range, so
 * the clue's load brings them too, and count towards the bound.
 */
import { createHash } from 'node:crypto';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import { DomainError } from '../domain/errors.ts';
import type { Recusal, Relationship } from '../domain/recusal.ts';
import { defineEntity, type TransactItem } from './entity.ts';
import { entityKeys } from './keys.ts';

export const recusalSortPrefix = 'CLUE#RECUSAL#';

/**
 * Recusals recorded before they had ids get one from what identifies them (clue, member, time), in
 * the shape `newId('rcs')` makes, so the lift route can name them like any other.
 */
const recusalIdOf = (fields: Record<string, unknown>): string =>
  typeof fields.recusalId === 'string'
    ? fields.recusalId
    : `rcs_${createHash('sha256')
        .update(`${fields.clueId}|${fields.userId}|${fields.recordedAt}`)
        .digest('base64url')
        .slice(0, 22)}`;

const recusalOf = (fields: Record<string, unknown>): Recusal =>
  ({ ...fields, recusalId: recusalIdOf(fields) }) as Recusal;

export const recusalEntity = /* @__PURE__ */ defineEntity({
  name: 'Recusal',
  key: (clueId: string, userId: string) => ({
    PK: entityKeys.clue(clueId).PK,
    SK: `${recusalSortPrefix}${userId}`,
  }),
  keyOf: (r: Recusal): [string, string] => [r.clueId, r.userId],
  fromFields: recusalOf,
});

/** A recusal an approver lifted (解除回避): kept on the clue, barring nobody. */
export const liftedRecusalEntity = /* @__PURE__ */ defineEntity({
  name: 'LiftedRecusal',
  key: (clueId: string, recusalId: string) => ({
    PK: entityKeys.clue(clueId).PK,
    SK: `CLUE#RECUSAL-LIFTED#${recusalId}`,
  }),
  keyOf: (r: Recusal): [string, string] => [r.clueId, r.recusalId],
  fromFields: recusalOf,
});

export const relationshipEntity = /* @__PURE__ */ defineEntity({
  name: 'Relationship',
  key: (cadreId: string, userId: string) => ({ PK: `CADRE#${cadreId}`, SK: `RELATION#${userId}` }),
  keyOf: (r: Relationship): [string, string] => [r.cadreId, r.userId],
});

/** The recusals among the items of a clue's load Query (clueStore.load). */
export const recusalsAmong = (items: readonly Record<string, unknown>[]): Recusal[] =>
  items.filter((i) => i.entity === recusalEntity.name).map((i) => recusalEntity.fromItem(i));

/** The lifted recusals among the items of a clue's load Query, oldest lift first. */
export const liftedRecusalsAmong = (items: readonly Record<string, unknown>[]): Recusal[] =>
  items
    .filter((i) => i.entity === liftedRecusalEntity.name)
    .map((i) => liftedRecusalEntity.fromItem(i))
    .sort((a, b) => ((a.lifted?.at ?? '') < (b.lifted?.at ?? '') ? -1 : 1));

/** The transaction item that records a recusal once (a second for the same member fails its condition). */
export const recusalPut = (tableName: string, recusal: Recusal): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: recusalEntity.item(recusal),
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});

/**
 * The transaction items that lift a recusal: the member's key gives it up, on condition that it
 * still holds this very recusal (recorded at that time), and the recusal with its lift is put
 * under its lifted key, once. Either condition failing means someone lifted it first.
 */
export const recusalLift = (
  tableName: string,
  recusal: Recusal,
  lifted: Recusal,
): { released: TransactItem; kept: TransactItem } => ({
  released: {
    Delete: {
      TableName: tableName,
      Key: recusalEntity.key(recusal.clueId, recusal.userId),
      ConditionExpression: 'recordedAt = :recordedAt',
      ExpressionAttributeValues: { ':recordedAt': recusal.recordedAt },
    },
  },
  kept: {
    Put: {
      TableName: tableName,
      Item: liftedRecusalEntity.item(lifted),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  },
});

const relationExists = () =>
  new DomainError('INVALID_TRANSITION', {
    zh: '该人员与该干部的关系已经登记',
    en: 'This relationship is already declared',
  });

export const recusalStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const tableName = config.TABLE_NAME;

  const batchGet = async (keys: { PK: string; SK: string }[]) => {
    if (keys.length === 0) return [];
    const out = await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
    if ((out.UnprocessedKeys?.[tableName]?.Keys?.length ?? 0) > 0)
      throw Object.assign(new Error('Unprocessed keys'), { name: 'ProvisionedThroughputExceededException' });
    return out.Responses?.[tableName] ?? [];
  };

  return {
    /** The clues (of up to 100) from which the member stepped aside: one BatchGetItem of keys. */
    async recusedFrom(clueIds: readonly string[], userId: string): Promise<Recusal[]> {
      const keys = [...new Set(clueIds)].slice(0, 100).map((id) => recusalEntity.key(id, userId));
      return (await batchGet(keys)).map((item) => recusalEntity.fromItem(item));
    },

    /** The declared relationships between a cadre and the named members, by key. */
    async relationsOf(cadreId: string | undefined, userIds: readonly string[]): Promise<Relationship[]> {
      if (!cadreId) return [];
      const keys = [...new Set(userIds)].map((userId) => relationshipEntity.key(cadreId, userId));
      return (await batchGet(keys)).map((item) => relationshipEntity.fromItem(item));
    },

    async declareRelationship(relationship: Relationship): Promise<void> {
      try {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: relationshipEntity.item(relationship),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') throw relationExists();
        throw error;
      }
    },

    /** A cadre's declared relationships: one Query on the cadre's partition (bounded by the staff). */
    async relationshipsOf(cadreId: string): Promise<Relationship[]> {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :relation)',
          ExpressionAttributeValues: { ':pk': `CADRE#${cadreId}`, ':relation': 'RELATION#' },
          Limit: 100,
        }),
      );
      return (out.Items ?? []).map((item) => relationshipEntity.fromItem(item));
    },
  };
};

export type RecusalStore = ReturnType<typeof recusalStore>;
