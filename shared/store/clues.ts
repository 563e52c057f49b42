/**
 * The clue repository. Every change to a clue is one transaction: the clue (conditioned on the
 * version that was read), the audit-trail append (conditioned on the chain head), any report
 * updates (conditioned on the report still being unregistered), and the outbox events.
 */

import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { ChainHead, HistoryEntry, HistoryFacts } from '../domain/audit.ts';
import { type Clue, isOpen, nextDeadline } from '../domain/clue.ts';
import { deadlineKey } from '../domain/deadlines.ts';
import { DomainError } from '../domain/errors.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { Accused } from '../domain/report.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { headOfItem, historyAppend } from './history.ts';
import { entityKeys, indexKeys } from './keys.ts';
import { outboxPut } from './outbox.ts';
import { cancellationReasons, retryOnConflict } from './transactions.ts';

/** Open clues about the same person in the same organisation are suggested for merging. */
export const accusedHash = (accused: Pick<Accused, 'name' | 'organization'>): string =>
  createHash('sha256')
    .update(`${accused.name.replace(/\s/g, '')}|${accused.organization.replace(/\s/g, '')}`)
    .digest('hex')
    .slice(0, 32);

export interface StoredClue {
  clue: Clue;
  head: ChainHead;
  /** The deadline already alerted (kind@at), so the sweep alerts once per clue and deadline. */
  alertedDeadline?: string | undefined;
}

/** The clue as an item, with the index keys its state calls for. */
export const clueItem = (clue: Clue, alertedDeadline?: string) => {
  const deadline = nextDeadline(clue);
  const alerted = deadline !== undefined && alertedDeadline === deadlineKey(deadline);
  const sort = `${clue.registeredAt}#${clue.clueId}`;
  return {
    ...entityKeys.clue(clue.clueId),
    entity: 'Clue',
    ...clue,
    GSI1PK: indexKeys.cluesByStatus.partition(clue.status),
    GSI1SK: sort,
    ...(clue.assignee ? { GSI2PK: indexKeys.cluesByAssignee.partition(clue.assignee), GSI2SK: sort } : {}),
    ...(deadline
      ? {
          GSI3PK: alerted ? indexKeys.deadlines.alerted : indexKeys.deadlines.due,
          GSI3SK: indexKeys.deadlines.sort(deadline.at, deadline.kind, 'CLUE', clue.clueId),
        }
      : {}),
    ...(isOpen(clue.status)
      ? { GSI4PK: indexKeys.openCluesByAccused.partition(accusedHash(clue.accused)), GSI4SK: sort }
      : {}),
    ...(alertedDeadline ? { alertedDeadline } : {}),
  };
};

const itemToClue = (item: Record<string, unknown>): Clue => {
  const {
    PK: _pk,
    SK: _sk,
    entity: _e,
    GSI1PK,
    GSI1SK,
    GSI2PK,
    GSI2SK,
    GSI3PK,
    GSI3SK,
    GSI4PK,
    GSI4SK,
    alertedDeadline,
    ...clue
  } = item;
  return clue as unknown as Clue;
};

export interface ClueChange {
  /** What was read; the write is conditioned on it. Absent for a new clue. */
  before?: StoredClue | undefined;
  clue: Clue;
  alertedDeadline?: string | undefined;
  facts: HistoryFacts;
  events: DomainEvent[];
  /** Further items in the same transaction (report updates); their failures are reported by index. */
  extra?: Record<string, unknown>[];
  now: Date;
  auditPepper: Uint8Array;
}

export type ChangeDecision = Omit<ClueChange, 'before' | 'now' | 'auditPepper'>;

/** Which part of a clue transaction failed its condition. */
export class ClueWriteConflict extends Error {
  constructor(
    readonly part: 'clue' | 'head' | 'extra',
    readonly extraIndex?: number,
  ) {
    super(`clue write conflict on ${part}`);
  }
}

export const clueStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const tableName = config.TABLE_NAME;

  const load = async (clueId: string): Promise<StoredClue | undefined> => {
    const { PK } = entityKeys.clue(clueId);
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :clue AND :head',
        ExpressionAttributeValues: { ':pk': PK, ':clue': 'CLUE', ':head': 'HEAD' },
        ConsistentRead: true,
      }),
    );
    const item = out.Items?.find((i) => i.SK === 'CLUE');
    if (!item) return undefined;
    return {
      clue: itemToClue(item),
      head: headOfItem(out.Items?.find((i) => i.SK === 'HEAD')),
      alertedDeadline: item.alertedDeadline as string | undefined,
    };
  };

  const commit = async (change: ClueChange): Promise<HistoryEntry> => {
    const { PK } = entityKeys.clue(change.clue.clueId);
    const head = change.before?.head ?? headOfItem(undefined);
    const history = historyAppend(tableName, PK, head, change.facts, change.auditPepper);
    const cluePut = {
      Put: {
        TableName: tableName,
        Item: clueItem(change.clue, change.alertedDeadline),
        ConditionExpression: change.before ? 'version = :version' : 'attribute_not_exists(PK)',
        ...(change.before ? { ExpressionAttributeValues: { ':version': change.before.clue.version } } : {}),
      },
    };
    const outbox = change.events.map((event) => outboxPut(tableName, event));
    const extra = change.extra ?? [];
    try {
      await retryOnConflict(() =>
        db.send(
          new TransactWriteCommand({
            TransactItems: [cluePut, ...history.items, ...extra, ...outbox] as never,
          }),
        ),
      );
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (failed === 0) throw new ClueWriteConflict('clue');
      if (failed === 1 || failed === 2) throw new ClueWriteConflict('head');
      if (failed >= 3 && failed < 3 + extra.length) throw new ClueWriteConflict('extra', failed - 3);
      throw error;
    }
    return history.entry;
  };

  /**
   * Read, decide, write; again when only the audit head moved underneath (an alert or an identity
   * access in between), never when the clue itself changed: that is the caller's VERSION_CONFLICT.
   */
  const mutate = async (
    clueId: string,
    decide: (stored: StoredClue) => ChangeDecision | Promise<ChangeDecision>,
    context: { now: () => Date; auditPepper: Uint8Array },
  ): Promise<Clue> => {
    for (let attempt = 1; ; attempt++) {
      const stored = await load(clueId);
      if (!stored) throw new DomainError('NOT_FOUND', { zh: '未找到该线索', en: 'No such clue' });
      const change = await decide(stored);
      try {
        await commit({ ...change, before: stored, now: context.now(), auditPepper: context.auditPepper });
        return change.clue;
      } catch (error) {
        const retry =
          error instanceof ClueWriteConflict &&
          attempt < 4 &&
          (error.part === 'head' || error.part === 'clue');
        if (!retry) throw error;
        // The clue changed under us: if the caller pinned a version, decide() now raises VERSION_CONFLICT.
      }
    }
  };

  const query = async (input: {
    index: string;
    pkAttr: string;
    skAttr: string;
    partition: string;
    limit: number;
    cursor?: string | undefined;
    skBelow?: string;
    filterStatus?: string | undefined;
    forward?: boolean;
  }) => {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: input.index,
        KeyConditionExpression: `${input.pkAttr} = :pk${input.skBelow ? ` AND ${input.skAttr} < :below` : ''}`,
        ...(input.filterStatus
          ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
          : {}),
        ExpressionAttributeValues: {
          ':pk': input.partition,
          ...(input.skBelow ? { ':below': input.skBelow } : {}),
          ...(input.filterStatus ? { ':status': input.filterStatus } : {}),
        },
        ExclusiveStartKey: decodeCursor(input.cursor, {
          attributes: ['PK', 'SK', input.pkAttr, input.skAttr],
          fixed: { [input.pkAttr]: input.partition },
        }),
        Limit: input.limit,
        ScanIndexForward: input.forward ?? true,
      }),
    );
    return {
      items: (out.Items ?? []).map((item) => ({ clue: itemToClue(item), entity: String(item.entity), item })),
      nextCursor: encodeCursor(out.LastEvaluatedKey),
    };
  };

  return {
    load,
    commit,
    mutate,

    listByStatus: (status: string, limit: number, cursor?: string) =>
      query({
        index: 'GSI1',
        pkAttr: 'GSI1PK',
        skAttr: 'GSI1SK',
        partition: indexKeys.cluesByStatus.partition(status),
        limit,
        cursor,
      }),

    listByAssignee: (userId: string, limit: number, cursor?: string, status?: string) =>
      query({
        index: 'GSI2',
        pkAttr: 'GSI2PK',
        skAttr: 'GSI2SK',
        partition: indexKeys.cluesByAssignee.partition(userId),
        limit,
        cursor,
        filterStatus: status,
      }),

    /** Deadlines that have passed and not yet been alerted (the sweep's work), oldest first. */
    dueDeadlines: (now: Date, limit: number, cursor?: string) =>
      query({
        index: 'GSI3',
        pkAttr: 'GSI3PK',
        skAttr: 'GSI3SK',
        partition: indexKeys.deadlines.due,
        skBelow: now.toISOString(),
        limit,
        cursor,
      }),

    /** Deadlines already alerted and still unmet. */
    alertedDeadlines: (limit: number, cursor?: string) =>
      query({
        index: 'GSI3',
        pkAttr: 'GSI3PK',
        skAttr: 'GSI3SK',
        partition: indexKeys.deadlines.alerted,
        limit,
        cursor,
      }),

    openCluesAbout: (accused: Pick<Accused, 'name' | 'organization'>, limit = 10) =>
      query({
        index: 'GSI4',
        pkAttr: 'GSI4PK',
        skAttr: 'GSI4SK',
        partition: indexKeys.openCluesByAccused.partition(accusedHash(accused)),
        limit,
        forward: false,
      }),
  };
};

export type ClueStore = ReturnType<typeof clueStore>;
