/**
 * Clearances, notices and follow-up visits. Every clearance step is one transaction with an
 * append to the clue's audit trail (conditioned on its chain head) and its outbox messages.
 *
 * | entity     | PK                 | SK         | GSI1PK / GSI1SK                                  |
 * |------------|--------------------|------------|--------------------------------------------------|
 * | Clearance  | CLEARANCE#<id>     | CLEARANCE  | CLEARANCES#STATUS#<status> / <proposedAt>#<id>   |
 * | Notice     | NOTICE#<id>        | NOTICE     | NOTICES#<yyyy-mm> / <publishedAt>#<id> (public)  |
 * | FollowUp   | FOLLOWUP#<id>      | FOLLOWUP   | FOLLOWUPS#PENDING / <dueAt>#<id> (while pending) |
 * | NoticeMonths | NOTICES          | MONTHS     | –                                                |
 * | ClearanceLock | ALLEGATION#<id>   | CLEARANCE  | –                                                |
 *
 * The notice board is sharded by month, so no partition key takes every publication forever; a
 * small item lists the months that have notices, newest first, for the board to walk.
 *
 * One live clearance per allegation: a proposal takes a lock item per allegation, conditioned on
 * its absence, in the proposal's own transaction, so of two racing proposals one wins; withdrawal
 * or refusal of consent releases them. A clearance records that it holds locks, so one proposed
 * before the locks existed releases nothing that belongs to another.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { Envelope } from '../crypto/vault.ts';
import type { HistoryFacts } from '../domain/audit.ts';
import { type Clearance, clearanceExists, isLiveClearance } from '../domain/clearance.ts';
import { deadlineKey } from '../domain/deadlines.ts';
import { DomainError, validationFailed } from '../domain/errors.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { Notice } from '../domain/notice.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { transactWithHistory } from './history.ts';
import { entityKeys, indexKeys } from './keys.ts';
import { outboxPut } from './outbox.ts';

export const clearanceKeys = {
  clearance: (id: string) => ({ PK: `CLEARANCE#${id}`, SK: 'CLEARANCE' }),
  notice: (id: string) => ({ PK: `NOTICE#${id}`, SK: 'NOTICE' }),
  followUp: (id: string) => ({ PK: `FOLLOWUP#${id}`, SK: 'FOLLOWUP' }),
  noticeMonths: () => ({ PK: 'NOTICES', SK: 'MONTHS' }),
  allegationLock: (allegationId: string) => ({ PK: `ALLEGATION#${allegationId}`, SK: 'CLEARANCE' }),
  byStatus: (status: string) => `CLEARANCES#STATUS#${status}`,
  noticeMonth: (publishedAt: string) => `NOTICES#${publishedAt.slice(0, 7)}`,
  pendingFollowUps: 'FOLLOWUPS#PENDING',
};

/** The consent credential: a hash of the token, when it expires, and whether it was used. */
export interface ConsentCredential {
  tokenHash: string;
  expiresAt: string;
  usedAt?: string;
}

export interface StoredClearance {
  clearance: Clearance;
  consentCredential: ConsentCredential;
  /** The cadre's contact, sealed: personal data of the cadre. */
  contact?: Envelope;
  alertedDeadline?: string;
  /** Set by the store: the clearance holds its allegations' locks (from its proposal until it ends). */
  holdsLocks?: boolean;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const tokenMatches = (token: string, credential: ConsentCredential): boolean => {
  const given = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(credential.tokenHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
};

const open = (status: Clearance['status']) => status === 'AWAITING_CONSENT' || status === 'CONSENTED';

const clearanceItem = (stored: StoredClearance) => {
  const { clearance } = stored;
  const deadline = { kind: 'DECIDE' as const, at: clearance.decideBy };
  const alerted = stored.alertedDeadline === deadlineKey(deadline);
  return {
    ...clearanceKeys.clearance(clearance.clearanceId),
    entity: 'Clearance',
    ...clearance,
    consentCredential: stored.consentCredential,
    ...(stored.contact ? { contact: stored.contact } : {}),
    ...(stored.alertedDeadline ? { alertedDeadline: stored.alertedDeadline } : {}),
    ...(stored.holdsLocks ? { holdsLocks: true } : {}),
    GSI1PK: clearanceKeys.byStatus(clearance.status),
    GSI1SK: `${clearance.proposedAt}#${clearance.clearanceId}`,
    ...(open(clearance.status)
      ? {
          GSI3PK: alerted ? indexKeys.deadlines.alerted : indexKeys.deadlines.due,
          GSI3SK: indexKeys.deadlines.sort(deadline.at, deadline.kind, 'CLEARANCE', clearance.clearanceId),
        }
      : {}),
  };
};

const fromItem = (item: Record<string, unknown>): StoredClearance => {
  const {
    PK: _p,
    SK: _s,
    entity: _e,
    GSI1PK: _1,
    GSI1SK: _2,
    GSI3PK: _3,
    GSI3SK: _4,
    consentCredential,
    contact,
    alertedDeadline,
    holdsLocks,
    ...clearance
  } = item;
  return {
    clearance: clearance as unknown as Clearance,
    consentCredential: consentCredential as ConsentCredential,
    ...(contact ? { contact: contact as Envelope } : {}),
    ...(alertedDeadline ? { alertedDeadline: alertedDeadline as string } : {}),
    ...(holdsLocks ? { holdsLocks: true } : {}),
  };
};

export interface OutboxMessage {
  event: DomainEvent;
  sealed?: Envelope;
  attributes?: Record<string, string>;
}

export interface ClearanceChange {
  before?: StoredClearance;
  after: StoredClearance;
  facts: HistoryFacts;
  messages: OutboxMessage[];
  /** Further Puts or Updates in the same transaction (the notice, the follow-up visit). */
  extra?: Record<string, unknown>[];
  now: Date;
  auditPepper: Uint8Array;
}

export const clearanceStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const tableName = config.TABLE_NAME;

  const load = async (clearanceId: string): Promise<StoredClearance | undefined> => {
    const out = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: clearanceKeys.clearance(clearanceId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  };

  /** Taking the locks of a new live clearance, or releasing them when it ends. */
  const lockItems = (change: ClearanceChange) => {
    const { clearance } = change.after;
    const allegationIds = clearance.allegations.map((a) => a.allegationId);
    if (!change.before && isLiveClearance(clearance.status)) {
      return {
        holdsLocks: true,
        taken: allegationIds,
        items: allegationIds.map((allegationId) => ({
          Put: {
            TableName: tableName,
            Item: {
              ...clearanceKeys.allegationLock(allegationId),
              entity: 'ClearanceLock',
              clearanceId: clearance.clearanceId,
              clueId: clearance.clueId,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        })),
      };
    }
    if (change.before?.holdsLocks && !isLiveClearance(clearance.status)) {
      return {
        holdsLocks: false,
        taken: [],
        items: allegationIds.map((allegationId) => ({
          Delete: {
            TableName: tableName,
            Key: clearanceKeys.allegationLock(allegationId),
            ConditionExpression: 'clearanceId = :id',
            ExpressionAttributeValues: { ':id': clearance.clearanceId },
          },
        })),
      };
    }
    return { holdsLocks: change.before?.holdsLocks ?? false, taken: [], items: [] };
  };

  /**
   * Writes a step with its audit entry; a changed clearance is a 409 VERSION_CONFLICT, an allegation
   * that already has a live clearance a 409 CLEARANCE_EXISTS.
   */
  const commit = async (change: ClearanceChange): Promise<void> => {
    const locks = lockItems(change);
    const put = {
      Put: {
        TableName: tableName,
        Item: clearanceItem({ ...change.after, holdsLocks: locks.holdsLocks }),
        ConditionExpression: change.before ? 'version = :version' : 'attribute_not_exists(PK)',
        ...(change.before
          ? { ExpressionAttributeValues: { ':version': change.before.clearance.version } }
          : {}),
      },
    };
    const outbox = change.messages.map((m) =>
      outboxPut(tableName, m.event, {
        ...(m.sealed ? { sealed: m.sealed } : {}),
        ...(m.attributes ? { attributes: m.attributes } : {}),
      }),
    );
    const failed = await transactWithHistory(db, {
      tableName,
      subjectPK: entityKeys.clue(change.after.clearance.clueId).PK,
      facts: change.facts,
      pepper: change.auditPepper,
      parts: { clearance: put, locks: locks.items, extra: change.extra, outbox },
    });
    // A lock that a proposal could not take: the allegation has a live clearance already. (A
    // release that fails is the clearance having changed underneath: a version conflict.)
    const taken = failed?.part === 'locks' ? locks.taken[failed.index] : undefined;
    if (taken !== undefined) throw clearanceExists(taken);
    if (failed) {
      throw new DomainError('VERSION_CONFLICT', {
        zh: '该澄清事项已被他人更新，请刷新后重试',
        en: 'The clearance was changed by someone else; reload and try again',
      });
    }
  };

  const noticeItem = (notice: Notice) => ({
    ...clearanceKeys.notice(notice.noticeId),
    entity: 'Notice',
    notice,
    ...(notice.public
      ? {
          GSI1PK: clearanceKeys.noticeMonth(notice.publishedAt),
          GSI1SK: `${notice.publishedAt}#${notice.noticeId}`,
        }
      : {}),
  });

  return {
    load,
    commit,

    /** Transaction items that publish a notice (and, when public, list its month on the board). */
    noticeItems: (notice: Notice) => [
      {
        Put: {
          TableName: tableName,
          Item: noticeItem(notice),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...(notice.public
        ? [
            {
              Update: {
                TableName: tableName,
                Key: clearanceKeys.noticeMonths(),
                UpdateExpression: 'ADD months :month SET entity = :entity',
                ExpressionAttributeValues: {
                  ':month': new Set([notice.publishedAt.slice(0, 7)]),
                  ':entity': 'NoticeMonths',
                },
              },
            },
          ]
        : []),
    ],

    async getPublicNotice(noticeId: string): Promise<Notice | undefined> {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: clearanceKeys.notice(noticeId) }),
      );
      const notice = out.Item?.notice as Notice | undefined;
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
      const meta = await db.send(new GetCommand({ TableName: tableName, Key: clearanceKeys.noticeMonths() }));
      const months = [...((meta.Item?.months as Set<string> | undefined) ?? [])].sort().reverse();
      const start = position.month ? months.indexOf(position.month) : 0;
      const items: Notice[] = [];
      let startKey = position.key;
      for (let i = Math.max(0, start); i < months.length && items.length < limit; i++) {
        const month = months[i] as string;
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': `NOTICES#${month}` },
            ScanIndexForward: false,
            Limit: limit - items.length,
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(out.Items ?? []).map((item) => item.notice as Notice));
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

    async listByStatus(status: string, limit: number, cursor: string | undefined) {
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': clearanceKeys.byStatus(status) },
          ExclusiveStartKey: decodeCursor(cursor, {
            attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
            fixed: { GSI1PK: clearanceKeys.byStatus(status) },
          }),
          Limit: limit,
          ScanIndexForward: false,
        }),
      );
      return { items: (out.Items ?? []).map(fromItem), nextCursor: encodeCursor(out.LastEvaluatedKey) };
    },
  };
};

export type ClearanceStore = ReturnType<typeof clearanceStore>;
