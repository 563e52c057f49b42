/**
 * The clue repository. Every change to a clue is one transaction of named parts: the clue
 * (conditioned on the version that was read), the audit-trail append (conditioned on the chain
 * head), the reports it registers (conditioned on each being still unregistered), any further
 * part the use case names, and the outbox events. A failed part is a domain error by its name.
 */

import { createHash } from 'node:crypto';
import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { HistoryEntry } from '../domain/audit.ts';
import { alreadyRegistered, type Clue, categoriesOf, isOpen, nextDeadline } from '../domain/clue.ts';
import type { ClueDecision } from '../domain/clue-decisions.ts';
import type { ClueListFilters } from '../domain/clue-lists.ts';
import { sameCommission } from '../domain/commission.ts';
import { deadlineKey } from '../domain/deadlines.ts';
import { DomainError, validationFailed } from '../domain/errors.ts';
import type { Recusal } from '../domain/recusal.ts';
import type { Accused } from '../domain/report.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { defineEntity, type TransactItem, transact } from './entity.ts';
import { headOfItem, historyAppend } from './history.ts';
import { entityKeys, inCommission, indexKeys } from './keys.ts';
import { outboxPut } from './outbox.ts';
import { liftedRecusalsAmong, recusalsAmong } from './recusals.ts';
import { reportRegistration } from './reports.ts';

/** Open clues about the same person in the same organisation are suggested for merging. */
export const accusedHash = (accused: Pick<Accused, 'name' | 'organization'>): string =>
  createHash('sha256')
    .update(`${accused.name.replace(/\s/g, '')}|${accused.organization.replace(/\s/g, '')}`)
    .digest('hex')
    .slice(0, 32);

/** A clue as stored: with the deadline already alerted (kind@at), so the sweep alerts it once. */
export interface ClueRecord {
  clue: Clue;
  alertedDeadline?: string | undefined;
}

/**
 * A clue sits in its status queue (GSI1), its assignee's list (GSI2), the deadline index while a
 * deadline runs (GSI3: due, or alerted once the sweep has alerted that deadline), while open,
 * among the open clues about its accused (GSI4), and in its status by deadline (GSI5, keys only).
 * `categories` repeats its reports' categories as a top-level list for the list's filter.
 */
export const clueEntity = /* @__PURE__ */ defineEntity({
  name: 'Clue',
  key: entityKeys.clue,
  keyOf: (record: ClueRecord): [string] => [record.clue.clueId],
  indexes: ({ clue, alertedDeadline }) => {
    const deadline = nextDeadline(clue);
    const alerted = deadline !== undefined && alertedDeadline === deadlineKey(deadline);
    const sort = `${clue.registeredAt}#${clue.clueId}`;
    return {
      GSI1PK: inCommission(clue.commissionId, indexKeys.cluesByStatus.partition(clue.status)),
      GSI1SK: sort,
      ...(clue.assignee
        ? {
            GSI2PK: inCommission(clue.commissionId, indexKeys.cluesByAssignee.partition(clue.assignee)),
            GSI2SK: sort,
          }
        : {}),
      ...(deadline
        ? {
            GSI3PK: alerted ? indexKeys.deadlines.alerted : indexKeys.deadlines.due,
            GSI3SK: indexKeys.deadlines.sort(deadline.at, deadline.kind, 'CLUE', clue.clueId),
          }
        : {}),
      ...(isOpen(clue.status)
        ? {
            GSI4PK: inCommission(
              clue.commissionId,
              indexKeys.openCluesByAccused.partition(accusedHash(clue.accused)),
            ),
            GSI4SK: sort,
          }
        : {}),
      GSI5PK: inCommission(clue.commissionId, indexKeys.cluesByDeadline.partition(clue.status)),
      GSI5SK: indexKeys.cluesByDeadline.sort(deadline?.at, clue.clueId),
    };
  },
  fields: ({ clue, alertedDeadline }) => ({
    ...clue,
    ...(alertedDeadline ? { alertedDeadline } : {}),
    ...(categoriesOf(clue).length ? { categories: categoriesOf(clue) } : {}),
  }),
  fromFields: ({ alertedDeadline, categories: _categories, ...clue }): ClueRecord => ({
    clue: clue as unknown as Clue,
    alertedDeadline: alertedDeadline as string | undefined,
  }),
});

export interface StoredClue extends ClueRecord {
  head: ReturnType<typeof headOfItem>;
  /** Who stepped aside (回避): their items sort between the clue's and the head's, so one Query reads all. */
  recusals: Recusal[];
  /** Recusals an approver lifted (解除回避): kept, barring nobody; read by the same Query. */
  liftedRecusals: Recusal[];
}

/** A decision as the store commits it: the sweep also moves the clue's alerted deadline. */
export interface ClueChange extends ClueDecision {
  alertedDeadline?: string | undefined;
  /** Further items of the same transaction, each with the domain error its failed condition means. */
  also?: Record<string, { item: TransactItem; refused: () => Error } | undefined>;
}

/** A page of a list: its size, where it continues, its order and what is filtered on the Query. */
export interface ListPage {
  limit: number;
  cursor?: string | undefined;
  forward?: boolean;
  filters?: ClueListFilters | undefined;
}

/**
 * The FilterExpression for what the list's index does not key. DynamoDB applies it after `Limit`
 * items are read, so a page may hold fewer rows than asked while the cursor goes on.
 */
const filterOf = (filters: ClueListFilters) => {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, string> = {};
  if (filters.status) {
    parts.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filters.status;
  }
  if (filters.assignee) {
    parts.push('#assignee = :assignee');
    names['#assignee'] = 'assignee';
    values[':assignee'] = filters.assignee;
  }
  if (filters.category) {
    parts.push('contains(#categories, :category)');
    names['#categories'] = 'categories';
    values[':category'] = filters.category;
  }
  return parts.length ? { expression: parts.join(' AND '), names, values } : undefined;
};

/** The filters a FilterExpression would apply, for what is read from the keys-only index. */
const matches = (filters: ClueListFilters, clue: Clue) =>
  (!filters.status || clue.status === filters.status) &&
  (!filters.assignee || clue.assignee === filters.assignee) &&
  (!filters.category || categoriesOf(clue).includes(filters.category));

/** Retried by the store: the clue or its audit head moved between the read and the write. */
class ClueMoved extends Error {}

const noSuchClue = () => new DomainError('NOT_FOUND', { zh: '未找到该线索', en: 'No such clue' });

export const clueStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const tableName = config.TABLE_NAME;

  /** The clue, its recusals and its audit head, in one read. */
  const load = async (clueId: string): Promise<StoredClue | undefined> => {
    const { PK } = clueEntity.key(clueId);
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :clue AND :head',
        ExpressionAttributeValues: { ':pk': PK, ':clue': 'CLUE', ':head': 'HEAD' },
        ConsistentRead: true,
      }),
    );
    const item = out.Items?.find((i) => i.SK === 'CLUE');
    const head = out.Items?.find((i) => i.SK === 'HEAD');
    return (
      item && {
        ...clueEntity.fromItem(item),
        head: headOfItem(PK, head),
        recusals: recusalsAmong(out.Items ?? []),
        liftedRecusals: liftedRecusalsAmong(out.Items ?? []),
      }
    );
  };

  /** The clue, or NOT_FOUND. */
  const existing = async (clueId: string): Promise<StoredClue> => {
    const stored = await load(clueId);
    if (!stored) throw noSuchClue();
    return stored;
  };

  /**
   * The clue if the member's commission holds it: another commission's clue is not there for
   * them (shared/domain/commission.ts `sameCommission`). Every staff route loads through these.
   */
  const loadFor = async (member: { commissionId: string }, clueId: string) => {
    const stored = await load(clueId);
    return stored && sameCommission(stored.clue, member) ? stored : undefined;
  };

  /** The member's commission's clue, or NOT_FOUND exactly as for a clue that does not exist. */
  const existingFor = async (member: { commissionId: string }, clueId: string): Promise<StoredClue> => {
    const stored = await loadFor(member, clueId);
    if (!stored) throw noSuchClue();
    return stored;
  };

  /** Writes a change after `before` (none for a new clue); a failed part is named as its error. */
  const commit = async (change: ClueChange, before: StoredClue | undefined, auditPepper: Uint8Array) => {
    const { clue, registers = [] } = change;
    const { PK } = clueEntity.key(clue.clueId);
    const head = before?.head ?? headOfItem(PK, undefined);
    const history = historyAppend(tableName, PK, head, change.facts, auditPepper);
    const alertedDeadline = change.alertedDeadline ?? before?.alertedDeadline;
    const also = Object.entries(change.also ?? {});
    const failed = await transact(db, {
      clue: {
        Put: {
          TableName: tableName,
          Item: clueEntity.item({ clue, alertedDeadline }),
          ...(before
            ? {
                ConditionExpression: 'version = :version',
                ExpressionAttributeValues: { ':version': before.clue.version },
              }
            : { ConditionExpression: 'attribute_not_exists(PK)' }),
        },
      },
      history: history.items,
      reports: registers.map((id) => reportRegistration(tableName, id, clue.clueId, change.facts.at)),
      ...Object.fromEntries(also.map(([part, further]) => [part, further?.item])),
      // Each event counts in the statistics of the clue's commission (and those above it).
      outbox: change.events.map((event) => outboxPut(tableName, event, { commissionId: clue.commissionId })),
    });
    if (!failed) return history.entry;
    // Lost a race: another registration or merge took the report first.
    if (failed.part === 'reports') throw alreadyRegistered([registers[failed.index] as string]);
    const refused = change.also?.[failed.part]?.refused;
    if (refused) throw refused();
    if (before && (failed.part === 'clue' || failed.part === 'history')) throw new ClueMoved();
    // A new clue whose id is taken, or an event id written twice: neither should ever happen.
    throw new Error(`clue ${clue.clueId}: the ${failed.part} condition failed`);
  };

  /**
   * Decides on the clue as loaded and commits; when the clue or only its audit head moved
   * underneath (an alert or an identity opening in between), loads again and decides again. A
   * decision pinned to a version then raises VERSION_CONFLICT; one that is not decides anew.
   */
  const update = async (
    loaded: StoredClue,
    // May read or draw what only a decided change needs (a transfer's case numbers, transfers.ts).
    decide: (stored: StoredClue) => ClueChange | Promise<ClueChange>,
    auditPepper: Uint8Array,
  ): Promise<{ clue: Clue; entry: HistoryEntry }> => {
    for (let attempt = 1, stored = loaded; ; attempt++) {
      const change = await decide(stored);
      try {
        return { clue: change.clue, entry: await commit(change, stored, auditPepper) };
      } catch (error) {
        if (!(error instanceof ClueMoved) || attempt >= 4) throw error;
        stored = await existing(stored.clue.clueId);
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
    skBelow?: string | undefined;
    filters?: ClueListFilters | undefined;
    forward?: boolean;
  }) => {
    const filter = filterOf(input.filters ?? {});
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: input.index,
        KeyConditionExpression: `${input.pkAttr} = :pk${input.skBelow ? ` AND ${input.skAttr} < :below` : ''}`,
        ...(filter ? { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names } : {}),
        ExpressionAttributeValues: {
          ':pk': input.partition,
          ...(input.skBelow ? { ':below': input.skBelow } : {}),
          ...filter?.values,
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
      items: (out.Items ?? []).map((item) => ({
        clue: clueEntity.fromItem(item).clue,
        entity: String(item.entity),
        item,
      })),
      nextCursor: encodeCursor(out.LastEvaluatedKey),
    };
  };

  /**
   * The by-deadline index holds keys only: the page's clues are then read by key, one
   * BatchGetItem, in the index's order. A clue that went away in between is left out.
   */
  const withClues = async (page: Awaited<ReturnType<typeof query>>) => {
    if (page.items.length === 0) return page;
    const keys = page.items.map(({ item }) => ({ PK: item.PK, SK: item.SK }));
    const found = new Map<string, Record<string, unknown>>();
    for (let pending = keys, round = 0; pending.length > 0; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** round));
      if (round > 5)
        throw Object.assign(new Error('Unprocessed keys'), {
          name: 'ProvisionedThroughputExceededException',
        });
      const out = await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending } } }));
      for (const item of out.Responses?.[tableName] ?? []) found.set(String(item.PK), item);
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as typeof keys;
    }
    const items = keys.flatMap(({ PK }) => {
      const item = found.get(String(PK));
      return item ? [{ clue: clueEntity.fromItem(item).clue, entity: String(item.entity), item }] : [];
    });
    return { ...page, items };
  };

  /** Deadlines that have passed and not yet been alerted (the sweep's work), oldest first. */
  const dueIn = (now: Date) => ({
    index: 'GSI3',
    pkAttr: 'GSI3PK',
    skAttr: 'GSI3SK',
    partition: indexKeys.deadlines.due,
    skBelow: now.toISOString(),
  });
  /** Deadlines already alerted and still unmet. */
  const alertedIn = () => ({
    index: 'GSI3',
    pkAttr: 'GSI3PK',
    skAttr: 'GSI3SK',
    partition: indexKeys.deadlines.alerted,
  });

  return {
    load,
    existing,
    loadFor,
    existingFor,
    /** A new clue (受理); a report it takes in that another clue took first is ALREADY registered. */
    create: (decision: ClueDecision, auditPepper: Uint8Array) => commit(decision, undefined, auditPepper),
    update,
    /**
     * Load, decide, commit: the overdue sweep's way in (functions/workers/overdue-sweep.ts).
     * `decide` must be pure; it runs again on what is read when the clue moved underneath.
     */
    mutate: async (
      clueId: string,
      decide: (stored: StoredClue) => ClueChange,
      context: { auditPepper: Uint8Array; now?: () => Date },
    ): Promise<Clue> => (await update(await existing(clueId), decide, context.auditPepper)).clue,

    /** A commission's clues in one status, by registration time. */
    listByStatus: (commissionId: string, status: string, page: ListPage) =>
      query({
        index: 'GSI1',
        pkAttr: 'GSI1PK',
        skAttr: 'GSI1SK',
        partition: inCommission(commissionId, indexKeys.cluesByStatus.partition(status)),
        ...page,
      }),

    /** A commission's clues in one status, by running deadline; `dueBefore` keys the overdue ones. */
    listByDeadline: async (commissionId: string, status: string, page: ListPage & { dueBefore?: Date }) => {
      const { filters, ...keyed } = page;
      const read = await withClues(
        await query({
          index: 'GSI5',
          pkAttr: 'GSI5PK',
          skAttr: 'GSI5SK',
          partition: inCommission(commissionId, indexKeys.cluesByDeadline.partition(status)),
          skBelow: page.dueBefore?.toISOString(),
          ...keyed,
        }),
      );
      // A keys-only index cannot filter on what it does not hold: the page's clues are filtered
      // once read, with the same effect as a FilterExpression (a short page, the cursor goes on).
      return { ...read, items: read.items.filter((i) => matches(filters ?? {}, i.clue)) };
    },

    /** A member's clues, by registration time. */
    listByAssignee: (commissionId: string, userId: string, page: ListPage) =>
      query({
        index: 'GSI2',
        pkAttr: 'GSI2PK',
        skAttr: 'GSI2SK',
        partition: inCommission(commissionId, indexKeys.cluesByAssignee.partition(userId)),
        ...page,
      }),

    /**
     * Overdue clues of every status, in two phases: those past their deadline and not yet
     * alerted, then those alerted; the cursor says which phase it continues. The deadline index
     * is the sweep's, across commissions: the member's own clues are kept (a page may be short).
     */
    overdue: async (commissionId: string, now: Date, page: ListPage) => {
      const [phase, inner] = (page.cursor ?? 'due.').split(/\.(.*)/s) as [string, string | undefined];
      if (phase !== 'due' && phase !== 'alerted')
        throw validationFailed([{ path: 'query.cursor', message: 'cursor is not valid for this list' }]);
      const read =
        phase === 'due'
          ? await query({ ...dueIn(now), ...page, cursor: inner || undefined })
          : await query({ ...alertedIn(), ...page, cursor: inner || undefined });
      const nextCursor = read.nextCursor
        ? `${phase}.${read.nextCursor}`
        : phase === 'due'
          ? 'alerted.'
          : undefined;
      const items = read.items.filter((i) => i.entity === 'Clue' && sameCommission(i.clue, { commissionId }));
      return { items, nextCursor };
    },

    /** A commission's open clues about this accused (another commission's are its own business). */
    openCluesAbout: (commissionId: string, accused: Pick<Accused, 'name' | 'organization'>, limit = 10) =>
      query({
        index: 'GSI4',
        pkAttr: 'GSI4PK',
        skAttr: 'GSI4SK',
        partition: inCommission(commissionId, indexKeys.openCluesByAccused.partition(accusedHash(accused))),
        limit,
        forward: false,
      }),
  };
};

export type ClueStore = ReturnType<typeof clueStore>;
