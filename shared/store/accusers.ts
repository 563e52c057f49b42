/**
 * Accuser records and flags: loading them, and committing what the domain decided
 * (shared/domain/accuser-record.ts, shared/domain/accuser-flag.ts) in one transaction each. Keys:
 * docs/architecture.md. A record is keyed by the keyed fingerprint of the normalised ID number,
 * never the ID itself, and counts findings from every commission; a flag belongs to the
 * commission whose finding raised it, so its review list is one Query on that commission's
 * partition (`inCommission`), and `loadFlagFor` answers another commission's flag as missing.
 * Confirmed flags sort by expiry, so "live confirmed flags" is a key condition, not a filter.
 */

import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import {
  type AccuserFlag,
  type FlagEvent,
  type FlagStepOutcome,
  flagChanged,
  pointerOf,
} from '../domain/accuser-flag.ts';
import {
  type AccuserRecord,
  type ConclusionForRecord,
  emptyRecord,
  flagsToReview,
  mostSeriousLiveFlag,
  proposalsToExtend,
  type RecordedConclusion,
  recordConclusion,
  recordReopening,
} from '../domain/accuser-record.ts';
import type { HistoryFacts } from '../domain/audit.ts';
import { visibleTo } from '../domain/commission.ts';
import type { FlagPolicy } from '../domain/flag-policy.ts';
import type { FlagStatus } from '../domain/vocabulary.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { defineEntity, type Entity, type TransactItem, type TransactionParts, transact } from './entity.ts';
import { transactWithHistory } from './history.ts';
import { epochSeconds, inCommission } from './keys.ts';
import { outboxPut } from './outbox.ts';

export const accuserRecordEntity = defineEntity({
  name: 'AccuserRecord',
  key: (fingerprint: string) => ({ PK: `ACCUSER#${fingerprint}`, SK: 'RECORD' }),
  keyOf: (record: AccuserRecord): [string] => [record.fingerprint],
});

const flagsByStatus = (status: FlagStatus) => `FLAGS#STATUS#${status}`;

/** A commission's review list of a status; the single commission keeps the partition of old flags. */
const flagsOf = (commissionId: string | undefined, status: FlagStatus) =>
  inCommission(commissionId, flagsByStatus(status));

export const accuserFlagEntity = defineEntity({
  name: 'AccuserFlag',
  key: (flagId: string) => ({ PK: `FLAG#${flagId}`, SK: 'FLAG' }),
  keyOf: (flag: AccuserFlag): [string] => [flag.flagId],
  indexes: (flag) => ({
    GSI1PK: flagsOf(flag.commissionId, flag.status),
    GSI1SK: `${flag.status === 'CONFIRMED' ? flag.expiresAt : flag.proposedAt}#${flag.flagId}`,
  }),
});

interface ProcessedEvent {
  consumer: string;
  eventId: string;
  ttl: number;
}

/** A consumer's mark that it processed an event, written with what the event changed. */
export const processedEventEntity = defineEntity({
  name: 'ProcessedEvent',
  key: (consumer: string, eventId: string) => ({ PK: `PROCESSED#${consumer}#${eventId}`, SK: 'PROCESSED' }),
  keyOf: (marker: ProcessedEvent): [string, string] => [marker.consumer, marker.eventId],
  fields: (marker) => ({ ttl: marker.ttl }),
});

/** How long a processed mark is kept: far longer than the stream keeps a record (24 hours). */
const processedForSeconds = 400 * 24 * 3600;

export const accuserStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const TableName = config.TABLE_NAME;
  /**
   * A flag's events count in the statistics of the commission the flag belongs to (the relay reads
   * `commissionId` off the outbox item); a flag from before commissions has none: `default`.
   */
  const toOutbox = (events: readonly FlagEvent[], flags: readonly AccuserFlag[]) =>
    events.map((event) =>
      outboxPut(TableName, event, {
        commissionId: flags.find((flag) => flag.flagId === event.flagId)?.commissionId,
      }),
    );

  const load = async <T>(entity: Entity<string, [string], T>, id: string): Promise<T | undefined> => {
    const { Item } = await db.send(new GetCommand({ TableName, Key: entity.key(id), ConsistentRead: true }));
    return Item ? entity.fromItem(Item) : undefined;
  };

  /**
   * The write of a record or flag that a decision moved on by one version: version 1 is created,
   * any later one replaces only the version it was decided on, so a concurrent step loses cleanly.
   */
  const putDecided = (item: Record<string, unknown>, version: number): TransactItem => ({
    Put: {
      TableName,
      Item: item,
      ...(version === 1
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': version - 1 } }),
    },
  });
  const putRecord = (record: AccuserRecord) => putDecided(accuserRecordEntity.item(record), record.version);
  const putFlag = (flag: AccuserFlag) => putDecided(accuserFlagEntity.item(flag), flag.version);

  /** A transaction on a flag's audit trail: the facts first, then the named parts. */
  const onFlagHistory = <P extends TransactionParts>(
    flagId: string,
    facts: HistoryFacts,
    pepper: Uint8Array,
    parts: P,
  ) =>
    transactWithHistory(db, {
      tableName: TableName,
      subjectPK: accuserFlagEntity.key(flagId).PK,
      facts,
      pepper,
      parts,
    });

  /**
   * One commission's flags by status, a page at a time; confirmed ones only while live (their sort
   * key is the expiry).
   */
  const list = async (
    commissionId: string,
    status: FlagStatus,
    limit: number,
    cursor: string | undefined,
    now: Date,
  ) => {
    const partition = flagsOf(commissionId, status);
    const out = await db.send(
      new QueryCommand({
        TableName,
        IndexName: 'GSI1',
        KeyConditionExpression: status === 'CONFIRMED' ? 'GSI1PK = :pk AND GSI1SK > :now' : 'GSI1PK = :pk',
        ExpressionAttributeValues: {
          ':pk': partition,
          ...(status === 'CONFIRMED' ? { ':now': now.toISOString() } : {}),
        },
        ExclusiveStartKey: decodeCursor(cursor, {
          attributes: ['PK', 'SK', 'GSI1PK', 'GSI1SK'],
          fixed: { GSI1PK: partition },
        }),
        Limit: limit,
      }),
    );
    return {
      items: (out.Items ?? []).map(accuserFlagEntity.fromItem),
      nextCursor: encodeCursor(out.LastEvaluatedKey),
    };
  };

  /** The reporter's record; an empty one (version 0) if they have none yet. */
  const loadRecord = async (fingerprint: string) =>
    (await load(accuserRecordEntity, fingerprint)) ?? emptyRecord(fingerprint);

  /** The flags of these ids that exist. */
  const loadFlags = async (flagIds: readonly string[]) =>
    (await Promise.all(flagIds.map((id) => load(accuserFlagEntity, id)))).filter(
      (flag): flag is AccuserFlag => flag !== undefined,
    );

  const store = {
    /** The flag if it is the member's commission's: another commission's reads as missing (404). */
    loadFlagFor: async (member: { commissionId: string }, flagId: string) =>
      visibleTo(await load(accuserFlagEntity, flagId), member),

    loadRecord,
    loadFlags,

    /**
     * Puts a concluded report on its reporter's record with what the policy proposes, once per
     * `eventKey`: loads the record and the open proposals it would extend, decides, commits.
     */
    async recordConclusionOnce(
      { fingerprint, entry }: ConclusionForRecord,
      eventKey: string,
      policy: FlagPolicy,
      now: Date,
    ) {
      const existing = await loadRecord(fingerprint);
      const open = await loadFlags(proposalsToExtend(existing, entry, policy));
      const decided = recordConclusion({ record: existing, open }, entry, policy, now);
      if (decided) await store.commitConclusion(decided, eventKey, now);
    },

    /**
     * Takes a reopened report off its reporter's record and withdraws the flags resting on it
     * (each withdrawal on its flag's audit trail), then commits the record once per `eventKey`.
     */
    async takeOffRecord(
      { fingerprint, reportId }: { fingerprint: string; reportId: string },
      eventKey: string,
      now: Date,
      pepper: Uint8Array,
    ) {
      const existing = await loadRecord(fingerprint);
      const flags = await loadFlags(flagsToReview(existing));
      const decided = recordReopening({ record: existing, flags }, reportId, now);
      if (!decided) return;
      for (const step of decided.withdrawn) await store.saveFlagStep(step, pepper);
      await store.commitConclusion({ record: decided.record, flags: [], events: [] }, eventKey, now);
    },

    /**
     * Commits a recorded conclusion once per event: the processed mark is in the same transaction,
     * so a redelivered or replayed event changes nothing (answers false then).
     */
    async commitConclusion(decided: RecordedConclusion, eventId: string, now: Date): Promise<boolean> {
      const marker = { consumer: 'accusers', eventId, ttl: epochSeconds(now) + processedForSeconds };
      const failed = await transact(db, {
        processed: {
          Put: {
            TableName,
            Item: processedEventEntity.item(marker),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        record: putRecord(decided.record),
        flags: decided.flags.map(putFlag),
        outbox: toOutbox(decided.events, decided.flags),
      });
      if (failed?.part === 'processed') return false;
      // The record or a flag moved underneath (another event of this reporter): the stream retries.
      if (failed) throw new Error(`recording a conclusion failed on ${failed.part}`);
      return true;
    },

    /** A decision or a contest: the flag at its version, the record's pointer, the audit entry, events. */
    async saveFlagStep({ flag, facts, events }: FlagStepOutcome, pepper: Uint8Array) {
      const failed = await onFlagHistory(flag.flagId, facts, pepper, {
        flag: putFlag(flag),
        pointer: {
          Update: {
            TableName,
            Key: accuserRecordEntity.key(flag.fingerprint),
            UpdateExpression: 'SET flags.#level = :pointer',
            ExpressionAttributeNames: { '#level': flag.level },
            ExpressionAttributeValues: { ':pointer': pointerOf(flag) },
          },
        },
        outbox: toOutbox(events, [flag]),
      });
      if (failed?.part === 'flag') throw flagChanged();
      if (failed) throw new Error(`flag step failed on ${failed.part}`);
    },

    /**
     * Appends an identity access to the flag's audit trail, spending the member's daily budget in
     * the same transaction; answers whether the budget was already spent (nothing recorded then).
     */
    recordAccess: async (flagId: string, facts: HistoryFacts, pepper: Uint8Array, budget: TransactItem) =>
      (await onFlagHistory(flagId, facts, pepper, { budget }))?.part === 'budget',

    /** The reporter's most serious live flag, for triage of a new report; never blocks it. */
    liveFlagOf: async (fingerprint: string, now: Date) =>
      mostSeriousLiveFlag((await load(accuserRecordEntity, fingerprint)) ?? emptyRecord(fingerprint), now),

    list,

    /** Every flag of a commission's of a status, page by page, for as long as the caller reads on. */
    async *each(commissionId: string, status: FlagStatus, now: Date): AsyncGenerator<AccuserFlag> {
      let cursor: string | undefined;
      do {
        const page = await list(commissionId, status, 100, cursor, now);
        yield* page.items;
        cursor = page.nextCursor;
      } while (cursor);
    },
  };
  return store;
};

export type AccuserStore = ReturnType<typeof accuserStore>;
