/**
 * Accuser records and flags.
 *
 * | entity         | PK                         | SK        | GSI1PK / GSI1SK                                        |
 * |----------------|----------------------------|-----------|--------------------------------------------------------|
 * | AccuserRecord  | ACCUSER#<fingerprint>      | RECORD    | –                                                      |
 * | AccuserFlag    | FLAG#<flagId>              | FLAG      | FLAGS#STATUS#<status> / <proposedAt or expiresAt>#<id> |
 * | ProcessedEvent | PROCESSED#<consumer>#<id>  | PROCESSED | –                                                      |
 *
 * A record is keyed by the keyed fingerprint of the normalised ID number, never the ID itself.
 * Confirmed flags sort by expiry, so "live confirmed flags" is a key condition, not a filter.
 */

import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import { type AccuserFlag, extendEvidence, type FlagStatus, isLive } from '../domain/accuser-flag.ts';
import type { HistoryFacts } from '../domain/audit.ts';
import { DomainError } from '../domain/errors.ts';
import { type DomainEvent, domainEvent } from '../domain/events.ts';
import {
  type ConcludedReport,
  type FlagLevel,
  type FlagPolicy,
  proposalsFor,
  reporterRef,
  severity,
} from '../domain/flag-policy.ts';
import { newId } from '../domain/ids.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { TransactItem } from './entity.ts';
import { transactWithHistory } from './history.ts';
import { epochSeconds } from './keys.ts';
import { outboxPut } from './outbox.ts';
import { cancellationReasons } from './transactions.ts';

export const accuserKeys = {
  record: (fingerprint: string) => ({ PK: `ACCUSER#${fingerprint}`, SK: 'RECORD' }),
  flag: (flagId: string) => ({ PK: `FLAG#${flagId}`, SK: 'FLAG' }),
  processed: (consumer: string, eventId: string) => ({
    PK: `PROCESSED#${consumer}#${eventId}`,
    SK: 'PROCESSED',
  }),
  byStatus: (status: FlagStatus) => `FLAGS#STATUS#${status}`,
};

/** The flag's entry on the record: what triage of the next report needs. */
interface FlagPointer {
  flagId: string;
  status: FlagStatus;
  expiresAt?: string;
}

interface AccuserRecord {
  fingerprint: string;
  version: number;
  reports: ConcludedReport[];
  flags: Partial<Record<FlagLevel, FlagPointer>>;
}

export interface StoredFlag extends AccuserFlag {
  /** Internal: the record it belongs to. Never leaves the store in a response. */
  fingerprint: string;
}

const flagItem = (flag: StoredFlag) => ({
  ...accuserKeys.flag(flag.flagId),
  entity: 'AccuserFlag',
  ...flag,
  GSI1PK: accuserKeys.byStatus(flag.status),
  GSI1SK: `${flag.status === 'CONFIRMED' ? flag.expiresAt : flag.proposedAt}#${flag.flagId}`,
});

const strip = (item: Record<string, unknown>): StoredFlag => {
  const { PK: _p, SK: _s, entity: _e, GSI1PK: _1, GSI1SK: _2, ...flag } = item;
  return flag as unknown as StoredFlag;
};

/** What staff may see of a flag: the pseudonym, never the fingerprint. */
export const flagView = (flag: StoredFlag) => {
  const { fingerprint: _fingerprint, ...visible } = flag;
  return {
    ...visible,
    evidence: flag.evidence.map(({ reportId, clueId, outcome, concludedAt }) => ({
      reportId,
      clueId,
      finding: outcome,
      concludedAt,
    })),
  };
};

export const accuserStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const tableName = config.TABLE_NAME;
  const toOutbox = (events: DomainEvent[]) => events.map((event) => outboxPut(tableName, event));
  const get = async (key: { PK: string; SK: string }) =>
    (await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  const loadFlag = async (flagId: string): Promise<StoredFlag | undefined> => {
    const item = await get(accuserKeys.flag(flagId));
    return item ? strip(item) : undefined;
  };

  return {
    loadFlag,

    /**
     * Adds a concluded report to its reporter's record and writes what the policy proposes, once
     * per event: the processed marker is in the same transaction, so a redelivered or replayed
     * event changes nothing.
     */
    async recordConclusion(input: {
      fingerprint: string;
      entry: ConcludedReport;
      eventId: string;
      now: Date;
      policy: FlagPolicy;
    }) {
      const { fingerprint, entry, now } = input;
      const at = now.toISOString();
      const item = await get(accuserKeys.record(fingerprint));
      const record: AccuserRecord = item
        ? (item as unknown as AccuserRecord)
        : { fingerprint, version: 0, reports: [], flags: {} };
      if (record.reports.some((r) => r.reportId === entry.reportId)) return { proposals: 0 };
      const proposals = proposalsFor(record.reports, entry, input.policy);

      const flagWrites: Record<string, unknown>[] = [];
      const events: DomainEvent[] = [];
      const flags = { ...record.flags };
      for (const proposal of proposals) {
        const pointer = flags[proposal.level];
        const open = pointer?.status === 'PROPOSED' ? await loadFlag(pointer.flagId) : undefined;
        if (open) {
          const extended = { ...extendEvidence(open, proposal.evidence, at), fingerprint };
          if (extended.version === open.version) continue;
          flagWrites.push({
            Put: {
              TableName: tableName,
              Item: flagItem(extended),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': open.version },
            },
          });
          continue;
        }
        const flag: StoredFlag = {
          flagId: newId('flg'),
          level: proposal.level,
          status: 'PROPOSED',
          version: 1,
          reporterRef: reporterRef(fingerprint),
          evidence: proposal.evidence,
          proposedAt: at,
          steps: [{ at, by: 'flag-policy', step: 'PROPOSED' }],
          fingerprint,
        };
        flags[proposal.level] = { flagId: flag.flagId, status: 'PROPOSED' };
        flagWrites.push({
          Put: {
            TableName: tableName,
            Item: flagItem(flag),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        });
        events.push(domainEvent('FlagProposed', { flagId: flag.flagId, level: flag.level }, at));
        if (flag.level === 'FABRICATION') {
          events.push(
            domainEvent(
              'FabricationFlagProposed',
              { flagId: flag.flagId, reporterRef: flag.reporterRef },
              at,
            ),
          );
        }
      }
      const next: AccuserRecord = {
        fingerprint,
        version: record.version + 1,
        reports: [...record.reports, entry],
        flags,
      };
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...accuserKeys.processed('accusers', input.eventId),
                    entity: 'ProcessedEvent',
                    ttl: epochSeconds(now) + 400 * 24 * 3600,
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: { ...accuserKeys.record(fingerprint), entity: 'AccuserRecord', ...next },
                  ConditionExpression: record.version === 0 ? 'attribute_not_exists(PK)' : 'version = :v',
                  ...(record.version === 0 ? {} : { ExpressionAttributeValues: { ':v': record.version } }),
                },
              },
              ...flagWrites,
              ...toOutbox(events),
            ] as never,
          }),
        );
      } catch (error) {
        // Already processed: the redelivery is a no-op.
        if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') return { proposals: 0 };
        throw error;
      }
      return { proposals: proposals.length };
    },

    /** A decision or a contest: the flag at its version, the record's pointer, the audit entry, events. */
    async saveFlagStep(
      before: StoredFlag,
      after: StoredFlag,
      facts: HistoryFacts,
      pepper: Uint8Array,
      now: Date,
    ) {
      const at = now.toISOString();
      const { flagId, level, reporterRef } = after;
      const events: DomainEvent[] = [
        domainEvent(
          'FlagStatusChanged',
          { flagId, level, fromStatus: before.status, toStatus: after.status },
          at,
        ),
      ];
      if (after.status === 'CONFIRMED')
        events.push(domainEvent('FlagConfirmed', { flagId, level, reporterRef }, at));
      const failed = await transactWithHistory(db, {
        tableName,
        subjectPK: accuserKeys.flag(after.flagId).PK,
        facts,
        pepper,
        parts: {
          flag: {
            Put: {
              TableName: tableName,
              Item: flagItem(after),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': before.version },
            },
          },
          pointer: {
            Update: {
              TableName: tableName,
              Key: accuserKeys.record(after.fingerprint),
              UpdateExpression: 'SET flags.#level = :pointer',
              ExpressionAttributeNames: { '#level': after.level },
              ExpressionAttributeValues: {
                ':pointer': {
                  flagId: after.flagId,
                  status: after.status,
                  ...(after.expiresAt ? { expiresAt: after.expiresAt } : {}),
                },
              },
            },
          },
          outbox: toOutbox(events),
        },
      });
      if (failed?.part === 'flag') {
        throw new DomainError('VERSION_CONFLICT', {
          zh: '该标记已被他人处理，请刷新后重试',
          en: 'The flag was changed by someone else; reload and try again',
        });
      }
      if (failed) throw new Error(`flag step failed on ${failed.part}`);
    },

    /**
     * Appends an identity access to the flag's audit trail, spending the member's daily budget in
     * the same transaction; answers whether the budget was already spent (nothing recorded then).
     */
    recordAccess: async (flagId: string, facts: HistoryFacts, pepper: Uint8Array, budget: TransactItem) =>
      (
        await transactWithHistory(db, {
          tableName,
          subjectPK: accuserKeys.flag(flagId).PK,
          facts,
          pepper,
          parts: { budget },
        })
      )?.part === 'budget',

    /** The reporter's most serious live flag, for triage of a new report; never blocks it. */
    async liveFlagOf(
      fingerprint: string,
      now: Date,
    ): Promise<{ level: FlagLevel; status: FlagStatus; flagId: string } | undefined> {
      const item = await get(accuserKeys.record(fingerprint));
      const flags = (item?.flags ?? {}) as AccuserRecord['flags'];
      const live = (Object.entries(flags) as [FlagLevel, FlagPointer][])
        .filter(([, pointer]) => isLive(pointer, now))
        .sort(([a], [b]) => severity(b) - severity(a));
      const [level, pointer] = live[0] ?? [];
      return level && pointer ? { level, status: pointer.status, flagId: pointer.flagId } : undefined;
    },

    /** Flags by status; confirmed ones only while live (their sort key is the expiry). */
    async list(status: FlagStatus, limit: number, cursor: string | undefined, now: Date) {
      const partition = accuserKeys.byStatus(status);
      const out = await db.send(
        new QueryCommand({
          TableName: tableName,
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
      return { items: (out.Items ?? []).map(strip), nextCursor: encodeCursor(out.LastEvaluatedKey) };
    },
  };
};

export type AccuserStore = ReturnType<typeof accuserStore>;
