/**
 * Clearances, their notices, the follow-up visit a publication schedules, and the locks that keep
 * one live clearance per allegation: each declared once below (keys and lists in
 * docs/architecture.md, "Clearance entities"). A clearance step is one transaction of named parts:
 * the append to the clue's audit trail, the clearance (conditioned on its version), its locks, the
 * notice and follow-up when it is published, and its outbox messages.
 *
 * The notice board is sharded by month, so no partition key takes every publication forever; a
 * small item lists the months that have notices, newest first, for the board to walk.
 *
 * This module is also the edge for the clearance's secrets: it draws the consent token and seals
 * the cadre's contact and each message's secret part with the vault, in `commit` and nowhere else.
 */

import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { Envelope, IdentityVault } from '../crypto/vault.ts';
import { type Clearance, clearanceExists } from '../domain/clearance.ts';
import type {
  CadreContact,
  ClearanceDecision,
  ClearanceState,
  FollowUp,
  Outgoing,
} from '../domain/clearance-steps.ts';
import { sameCommission } from '../domain/commission.ts';
import { deadlineKey } from '../domain/deadlines.ts';
import { DomainError, notFound, validationFailed } from '../domain/errors.ts';
import type { Notice, NoticeSignature, UnsignedNotice } from '../domain/notice.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { defineEntity } from './entity.ts';
import { followUpEntity } from './follow-ups.ts';
import { transactWithHistory } from './history.ts';
import { entityKeys, inCommission, indexKeys } from './keys.ts';
import { outboxContext, outboxPut } from './outbox.ts';

/** A clearance as stored: its state, the cadre's sealed contact, and its deadline alert. */
export interface StoredClearance extends ClearanceState {
  /** The cadre's contact, sealed: personal data of the cadre. */
  contact?: Envelope | undefined;
  alertedDeadline?: string | undefined;
}

/** The GSI1 lists of these entities. */
const lists = {
  byStatus: (status: string) => `CLEARANCES#STATUS#${status}`,
  /** The board's partition for a month, `yyyy-mm`. */
  noticeMonth: (month: string) => `NOTICES#${month}`,
};

const open = (status: Clearance['status']) => status === 'AWAITING_CONSENT' || status === 'CONSENTED';

export const clearanceEntity = defineEntity({
  name: 'Clearance',
  key: (clearanceId: string) => ({ PK: `CLEARANCE#${clearanceId}`, SK: 'CLEARANCE' }),
  keyOf: (stored: StoredClearance): [string] => [stored.clearance.clearanceId],
  indexes: ({ clearance, alertedDeadline }) => {
    const deadline = { kind: 'DECIDE' as const, at: clearance.decideBy };
    const alerted = alertedDeadline === deadlineKey(deadline);
    return {
      GSI1PK: inCommission(clearance.commissionId, lists.byStatus(clearance.status)),
      GSI1SK: `${clearance.proposedAt}#${clearance.clearanceId}`,
      // In the deadline index while the decision is open.
      ...(open(clearance.status)
        ? {
            GSI3PK: alerted ? indexKeys.deadlines.alerted : indexKeys.deadlines.due,
            GSI3SK: indexKeys.deadlines.sort(deadline.at, deadline.kind, 'CLEARANCE', clearance.clearanceId),
          }
        : {}),
    };
  },
  fields: (stored) => ({
    ...stored.clearance,
    consentCredential: stored.consentCredential,
    ...(stored.contact ? { contact: stored.contact } : {}),
    ...(stored.alertedDeadline ? { alertedDeadline: stored.alertedDeadline } : {}),
    ...(stored.holdsLocks ? { holdsLocks: true } : {}),
  }),
  fromFields: ({
    consentCredential,
    contact,
    alertedDeadline,
    holdsLocks,
    ...clearance
  }): StoredClearance => ({
    clearance: clearance as unknown as Clearance,
    consentCredential: consentCredential as StoredClearance['consentCredential'],
    ...(contact ? { contact: contact as Envelope } : {}),
    ...(alertedDeadline ? { alertedDeadline: alertedDeadline as string } : {}),
    ...(holdsLocks ? { holdsLocks: true } : {}),
  }),
});

/** A signed notice; public ones are on the board, in their month's partition. */
export const noticeEntity = defineEntity({
  name: 'Notice',
  key: (noticeId: string) => ({ PK: `NOTICE#${noticeId}`, SK: 'NOTICE' }),
  keyOf: (notice: Notice): [string] => [notice.noticeId],
  indexes: (notice): Record<string, string> =>
    notice.public
      ? {
          GSI1PK: lists.noticeMonth(notice.publishedAt.slice(0, 7)),
          GSI1SK: `${notice.publishedAt}#${notice.noticeId}`,
        }
      : {},
  fields: (notice) => ({ notice }),
  fromFields: (fields) => fields.notice as Notice,
});

/** The months that have public notices (`yyyy-mm`), one item, added to by each publication. */
export const noticeMonthsEntity = defineEntity({
  name: 'NoticeMonths',
  key: () => ({ PK: 'NOTICES', SK: 'MONTHS' }),
  keyOf: (_months: string[]): [] => [],
  fields: (months) => ({ months: new Set(months) }),
  fromFields: (fields) => [...((fields.months as Set<string> | undefined) ?? [])],
});

/**
 * A public notice on one commission's board (澄清正名公告栏): a copy under the board's own
 * partition, newest first, so a board page is one Query. A notice is put on the board of its
 * commission and of each commission above it, in the transaction that publishes it; a city's board
 * so shows its counties' notices without reading theirs. Notices published before boards existed
 * are on the whole board (`NOTICES#<month>`) only until `npm run backfill -- --what notice-boards`.
 */
export const noticeBoardEntryEntity = defineEntity({
  name: 'NoticeBoardEntry',
  key: (commissionId: string, publishedAt: string, noticeId: string) => ({
    PK: `BOARD#${commissionId}`,
    SK: `${publishedAt}#${noticeId}`,
  }),
  keyOf: ({ commissionId, notice }: { commissionId: string; notice: Notice }): [string, string, string] => [
    commissionId,
    notice.publishedAt,
    notice.noticeId,
  ],
  fields: ({ notice }) => ({ notice }),
  fromFields: (fields) => ({ commissionId: '', notice: fields.notice as Notice }),
});

/** An allegation's lock, held by its one live clearance. */
export interface ClearanceLock {
  allegationId: string;
  clearanceId: string;
  clueId: string;
}

export const clearanceLockEntity = defineEntity({
  name: 'ClearanceLock',
  key: (allegationId: string) => ({ PK: `ALLEGATION#${allegationId}`, SK: 'CLEARANCE' }),
  keyOf: (lock: ClearanceLock): [string] => [lock.allegationId],
  // The allegation is in the key only, as the locks have always been stored.
  fields: ({ clearanceId, clueId }) => ({ clearanceId, clueId }),
  fromFields: (fields) => fields as unknown as ClearanceLock,
});

/** A one-time consent token: 256 random bits, only its hash is stored. */
export const newConsentToken = (): string => randomBytes(32).toString('base64url');

/** A step to write: the clearance as loaded (none for a proposal), and the decision on it. */
export interface ClearanceChange {
  before?: StoredClearance | undefined;
  decision: ClearanceDecision & {
    /** A proposal's: the cadre's contact, sealed here and stored with the clearance. */
    contact?: CadreContact;
    /** An approval's: the notice and the other forms' documents, each written with its signature, and the follow-up visit. */
    notice?: UnsignedNotice;
    documents?: UnsignedNotice[];
    followUp?: FollowUp;
  };
  /** The signature of each document, by its noticeId. */
  signatures?: Record<string, NoticeSignature>;
  /** The boards a public notice goes on: its commission's and those above (`boardsOf`). */
  boards?: readonly string[] | undefined;
}

type Vault = Pick<IdentityVault, 'seal'>;

export const clearanceStore = ({
  db,
  config,
  vault,
  peppers,
}: {
  db: DynamoDBDocumentClient;
  config: Config;
  vault: Vault;
  peppers: () => Promise<{ audit: Uint8Array }>;
}) => {
  const tableName = config.TABLE_NAME;

  const load = async (clearanceId: string): Promise<StoredClearance | undefined> => {
    const out = await db.send(
      new GetCommand({ TableName: tableName, Key: clearanceEntity.key(clearanceId), ConsistentRead: true }),
    );
    return out.Item ? clearanceEntity.fromItem(out.Item) : undefined;
  };

  /** A page of a GSI1 list, newest first. */
  const newestFirst = (partition: string, limit: number, startKey: Record<string, unknown> | undefined) =>
    db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );

  /** The outbox items of the messages, each secret part sealed to its event. */
  const outbox = (messages: Outgoing[], commissionId: string | undefined) =>
    Promise.all(
      messages.map(async ({ event, secret, attributes }) =>
        outboxPut(tableName, event, {
          commissionId,
          ...(secret ? { sealed: await vault.seal(secret, outboxContext(event.eventId)) } : {}),
          ...(attributes ? { attributes } : {}),
        }),
      ),
    );

  const lockItems = ({ state, locks }: ClearanceDecision) => {
    const { clearanceId, clueId } = state.clearance;
    return (locks?.allegationIds ?? []).map((allegationId) =>
      locks?.change === 'take'
        ? {
            Put: {
              TableName: tableName,
              Item: clearanceLockEntity.item({ allegationId, clearanceId, clueId }),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          }
        : {
            // Only its own: a lock another clearance took since is not this one's to release.
            Delete: {
              TableName: tableName,
              Key: clearanceLockEntity.key(allegationId),
              ConditionExpression: 'clearanceId = :id',
              ExpressionAttributeValues: { ':id': clearanceId },
            },
          },
    );
  };

  /** The notice, and when it is public its month on the whole board and an entry on each commission's. */
  const noticeItems = (notice: Notice, boards: readonly string[]) => [
    {
      Put: {
        TableName: tableName,
        Item: noticeEntity.item(notice),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    ...(notice.public
      ? [
          {
            Update: {
              TableName: tableName,
              Key: noticeMonthsEntity.key(),
              UpdateExpression: 'ADD months :month SET entity = :entity',
              ExpressionAttributeValues: {
                ':month': new Set([notice.publishedAt.slice(0, 7)]),
                ':entity': noticeMonthsEntity.name,
              },
            },
          },
          ...boards.map((commissionId) => create(noticeBoardEntryEntity.item({ commissionId, notice }))),
        ]
      : []),
  ];

  const signed = (
    notice: UnsignedNotice,
    signatures: Record<string, NoticeSignature> | undefined,
  ): Notice => {
    const signature = signatures?.[notice.noticeId];
    if (!signature) throw new Error('A notice is published signed');
    return { ...notice, signature };
  };

  const create = (item: Record<string, unknown>) => ({
    Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' },
  });

  /**
   * Writes a step with its audit entry and returns the clearance as stored; a changed clearance
   * is a 409 VERSION_CONFLICT, an allegation that already has a live clearance a 409
   * CLEARANCE_EXISTS.
   */
  const commit = async ({
    before,
    decision,
    signatures,
    boards = [],
  }: ClearanceChange): Promise<StoredClearance> => {
    const { clearance } = decision.state;
    const after: StoredClearance = {
      ...before,
      ...decision.state,
      ...(decision.contact
        ? { contact: await vault.seal(decision.contact, { clearanceId: clearance.clearanceId }) }
        : {}),
    };
    const locks = lockItems(decision);
    const failed = await transactWithHistory(db, {
      tableName,
      subjectPK: entityKeys.clue(clearance.clueId).PK,
      facts: decision.facts,
      pepper: (await peppers()).audit,
      parts: {
        clearance: before
          ? {
              Put: {
                TableName: tableName,
                Item: clearanceEntity.item(after),
                ConditionExpression: 'version = :version',
                ExpressionAttributeValues: { ':version': before.clearance.version },
              },
            }
          : create(clearanceEntity.item(after)),
        locks,
        notice: decision.notice ? noticeItems(signed(decision.notice, signatures), boards) : undefined,
        documents: decision.documents?.flatMap((document) =>
          noticeItems(signed(document, signatures), boards),
        ),
        followUp: decision.followUp ? create(followUpEntity.item(decision.followUp)) : undefined,
        outbox: await outbox(decision.messages, clearance.commissionId),
      },
    });
    // A lock that a proposal could not take: the allegation has a live clearance already. (A
    // release that fails is the clearance having changed underneath: a version conflict.)
    if (failed?.part === 'locks' && decision.locks?.change === 'take')
      throw clearanceExists(decision.locks.allegationIds[failed.index] as string);
    if (failed) {
      throw new DomainError('VERSION_CONFLICT', {
        zh: '该澄清事项已被他人更新，请刷新后重试',
        en: 'The clearance was changed by someone else; reload and try again',
      });
    }
    return after;
  };

  return {
    /** The clearance, or a 404. */
    async get(clearanceId: string): Promise<StoredClearance> {
      const stored = await load(clearanceId);
      if (!stored) throw notFound({ zh: '未找到该澄清事项', en: 'No such clearance' });
      return stored;
    },

    /** The member's commission's clearance, or NOT_FOUND exactly as for one that does not exist. */
    async getFor(member: { commissionId: string }, clearanceId: string): Promise<StoredClearance> {
      const stored = await load(clearanceId);
      if (!stored || !sameCommission(stored.clearance, member))
        throw notFound({ zh: '未找到该澄清事项', en: 'No such clearance' });
      return stored;
    },

    commit,

    async getPublicNotice(noticeId: string): Promise<Notice | undefined> {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: noticeEntity.key(noticeId) }));
      const notice = out.Item ? noticeEntity.fromItem(out.Item) : undefined;
      return notice?.public ? notice : undefined;
    },

    /** Public notices, newest first, walking the months that have any. */
    async listPublicNotices(limit: number, cursor: string | undefined) {
      let position: { month?: string; key?: Record<string, string> } = {};
      if (cursor) {
        try {
          position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
          if (typeof position.month !== 'string' || !/^\d{4}-\d{2}$/.test(position.month))
            throw new Error('month');
        } catch {
          throw validationFailed([{ path: 'query.cursor', message: 'cursor is not valid for this list' }]);
        }
      }
      const meta = await db.send(new GetCommand({ TableName: tableName, Key: noticeMonthsEntity.key() }));
      const months = (meta.Item ? noticeMonthsEntity.fromItem(meta.Item) : []).sort().reverse();
      const start = position.month ? months.indexOf(position.month) : 0;
      const items: Notice[] = [];
      let startKey = position.key;
      for (let i = Math.max(0, start); i < months.length && items.length < limit; i++) {
        const month = months[i] as string;
        const out = await newestFirst(lists.noticeMonth(month), limit - items.length, startKey);
        items.push(...(out.Items ?? []).map(noticeEntity.fromItem));
        startKey = undefined;
        if (out.LastEvaluatedKey && items.length >= limit) {
          const next = { month, key: out.LastEvaluatedKey };
          return { items, nextCursor: Buffer.from(JSON.stringify(next)).toString('base64url') };
        }
        if (items.length >= limit && months[i + 1]) {
          return {
            items,
            nextCursor: Buffer.from(JSON.stringify({ month: months[i + 1] })).toString('base64url'),
          };
        }
      }
      return { items, nextCursor: undefined };
    },

    /** One commission's board: its notices and those under it, newest first, one Query a page. */
    async listBoard(commissionId: string, limit: number, cursor: string | undefined) {
      const PK = `BOARD#${commissionId}`;
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': PK },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor, { attributes: ['PK', 'SK'], fixed: { PK } }),
        }),
      );
      return {
        items: (out.Items ?? []).map((item) => noticeBoardEntryEntity.fromItem(item).notice),
        nextCursor: encodeCursor(out.LastEvaluatedKey),
      };
    },

    /** A commission's clearances in one status. */
    async listByStatus(commissionId: string, status: string, limit: number, cursor: string | undefined) {
      const partition = inCommission(commissionId, lists.byStatus(status));
      const startKey = decodeCursor(cursor, {
        attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
        fixed: { GSI1PK: partition },
      });
      const out = await newestFirst(partition, limit, startKey);
      return {
        items: (out.Items ?? []).map(clearanceEntity.fromItem),
        nextCursor: encodeCursor(out.LastEvaluatedKey),
      };
    },
  };
};

export type ClearanceStore = ReturnType<typeof clearanceStore>;
