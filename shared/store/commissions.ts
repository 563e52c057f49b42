/**
 * The commission registry: one item per commission, all in one partition (`COMMISSIONS`), so the
 * list is a Query and a commission is a GetItem. 2,800 county, 330 city and 31 provincial
 * commissions are about 3,200 items of under 1 KB; the registry changes a few times a year and is
 * read through a per-container cache, so the partition is never hot.
 *
 * `settingsOf(commissionId)` is the one way the service reads a commission's settings, each gap
 * filled from configuration (shared/domain/commission.ts `effectiveSettings`).
 */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { HistoryFacts } from '../domain/audit.ts';
import type { ClearanceSettings } from '../domain/clearance-steps.ts';
import {
  type Commission,
  type CommissionSettings,
  destinationOf,
  type EffectiveSettings,
  type Escalation,
  effectiveSettings,
  noticeBoardsOf,
  routeReport,
  singleCommissionId,
} from '../domain/commission.ts';
import { DomainError, validationFailed } from '../domain/errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { defineEntity, transact } from './entity.ts';
import { transactWithHistory } from './history.ts';

const registryPK = 'COMMISSIONS';

export const commissionEntity = /* @__PURE__ */ defineEntity({
  name: 'Commission',
  key: (commissionId: string) => ({ PK: registryPK, SK: `COMMISSION#${commissionId}` }),
  keyOf: (commission: Commission): [string] => [commission.commissionId],
});

/** A commission's own audit trail (who changed its settings), apart from the registry item. */
export const commissionTrailPK = (commissionId: string) => `COMMISSION#${commissionId}`;

/** What this container read of the registry, trusted for REGISTRY_CACHE_SECONDS (60 by default). */
const cache = new Map<string, { at: number; value: Promise<unknown> }>();

const cached = <T>(key: string, now: number, cacheMs: number, load: () => Promise<T>): Promise<T> => {
  const hit = cache.get(key);
  if (hit && now - hit.at < cacheMs) return hit.value as Promise<T>;
  const value = load().catch((error: unknown) => {
    cache.delete(key); // a failed read is retried by the next request, not cached
    throw error;
  });
  cache.set(key, { at: now, value });
  return value;
};

/** Forgets what this container read of the registry (after its own write, and in tests). */
export const forgetRegistry = () => cache.clear();

export const commissionStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const tableName = config.TABLE_NAME;
  const cacheMs = config.REGISTRY_CACHE_SECONDS * 1000;

  const get = async (commissionId: string): Promise<Commission | undefined> => {
    const out = await db.send(
      new GetCommand({ TableName: tableName, Key: commissionEntity.key(commissionId) }),
    );
    return out.Item && commissionEntity.fromItem(out.Item);
  };

  const list = async (limit: number, cursor: string | undefined) => {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': registryPK },
        ExclusiveStartKey: decodeCursor(cursor, { attributes: ['PK', 'SK'], fixed: { PK: registryPK } }),
        Limit: limit,
      }),
    );
    return {
      items: (out.Items ?? []).map(commissionEntity.fromItem),
      nextCursor: encodeCursor(out.LastEvaluatedKey),
    };
  };

  /** A commission, through the container's cache. */
  const cachedGet = (commissionId: string, now = Date.now()) =>
    cached(`${tableName}#${commissionId}`, now, cacheMs, () => get(commissionId));

  /**
   * Whether the registry is empty (a deployment that never registered any commission), and its
   * only commission when it holds exactly one.
   */
  const onlyCommission = (now = Date.now()) =>
    cached(`${tableName}#only`, now, cacheMs, async () => {
      const { items } = await list(2, undefined);
      return { empty: items.length === 0, only: items.length === 1 ? items[0]?.commissionId : undefined };
    });

  /** Every registered commission's id, page by page (about 3,200 in the whole country). */
  const allIds = async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(1000, cursor);
      ids.push(...page.items.map((c) => c.commissionId));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  };

  /** What `destinationOf` needs to know of the registry about a request. */
  const registryFor = async (requested: string | undefined) => {
    const registry = await onlyCommission();
    const exists = async (id: string) =>
      registry.empty ? id === singleCommissionId : (await cachedGet(id)) !== undefined;
    const known = requested !== undefined && (await exists(requested));
    const own = config.DEFAULT_COMMISSION_ID ?? singleCommissionId;
    const fallback = (await exists(own)) ? own : registry.empty ? singleCommissionId : registry.only;
    return { known, fallback };
  };

  return {
    get,
    list,
    allIds,
    cachedGet,
    onlyCommission,

    /**
     * The commission a report goes to: the one it names, which must exist, or the deployment's
     * own (`DEFAULT_COMMISSION_ID`, else the registry's only one); and, for a report about that
     * commission's own leadership, the commission above it (`routeReport`). A client mistake
     * either way (400), never a guess.
     */
    async destination(
      requested: string | undefined,
      aboutLeadership = false,
    ): Promise<{ commissionId: string; escalation?: Escalation | undefined }> {
      const decided = destinationOf(requested, await registryFor(requested));
      if (!decided.ok) throw unknownOrUnnamed(decided.reason);
      const addressed = aboutLeadership ? await cachedGet(decided.commissionId) : undefined;
      const routed = routeReport(decided.commissionId, aboutLeadership, () => addressed?.parentId);
      if (routed.ok) return { commissionId: routed.commissionId, escalation: routed.escalation };
      throw validationFailed(
        [
          {
            path: 'aboutCommissionLeadership',
            code: 'no_commission_above',
            message: 'no commission above this one in this deployment',
          },
        ],
        {
          zh: '反映本级纪委监委领导班子成员的问题，应向上一级纪委监委举报；本平台没有该机关的上一级机关，请通过中央纪委国家监委举报网站或举报电话12388反映',
          en: "A report about this commission's own leadership goes to the commission above it, which this service does not serve; report it to the CCDI and NSC (website or phone 12388)",
        },
      );
    },

    /**
     * The notice boards a notice of this commission goes on: its own and each above it
     * (`noticeBoardsOf`), read through the cache; a commission not registered has its own only.
     */
    async boardsOf(commissionId: string): Promise<string[]> {
      const byId = new Map<string, Commission>();
      let id: string | undefined = commissionId;
      while (id !== undefined && !byId.has(id) && byId.size < 4) {
        const found = await cachedGet(id);
        if (!found) break;
        byId.set(id, found);
        id = found.parentId;
      }
      return noticeBoardsOf(commissionId, byId);
    },

    /** Whether a commission exists: registered, or the single commission of an empty registry. */
    async exists(commissionId: string): Promise<boolean> {
      const registry = await onlyCommission();
      return registry.empty
        ? commissionId === singleCommissionId
        : (await cachedGet(commissionId)) !== undefined;
    },

    /** Where a report that names no commission goes, if anywhere (the portal preselects it). */
    async defaultDestination(): Promise<string | undefined> {
      const decided = destinationOf(undefined, await registryFor(undefined));
      return decided.ok ? decided.commissionId : undefined;
    },

    /** A new commission (seeding, or a new one joining); never overwrites one. */
    async create(commission: Commission): Promise<boolean> {
      const failed = await transact(db, {
        commission: {
          Put: {
            TableName: tableName,
            Item: commissionEntity.item(commission),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      });
      return failed === undefined;
    },

    /** Replaces a commission's settings, if it is still at `expectedVersion`, with its audit entry. */
    async updateSettings(
      commissionId: string,
      settings: CommissionSettings,
      expectedVersion: number,
      audit: { facts: HistoryFacts; pepper: Uint8Array },
    ): Promise<void> {
      const failed = await transactWithHistory(db, {
        tableName,
        subjectPK: commissionTrailPK(commissionId),
        facts: audit.facts,
        pepper: audit.pepper,
        parts: {
          commission: {
            Update: {
              TableName: tableName,
              Key: commissionEntity.key(commissionId),
              UpdateExpression: 'SET settings = :settings, version = version + :one',
              ConditionExpression: 'attribute_exists(PK) AND version = :v',
              ExpressionAttributeValues: { ':settings': settings, ':v': expectedVersion, ':one': 1 },
            },
          },
        },
      });
      if (failed?.part === 'commission') {
        throw new DomainError('VERSION_CONFLICT', {
          zh: '本机关的设置已被他人修改，请刷新后重试',
          en: "The commission's settings were changed by someone else; reload and try again",
        });
      }
      if (failed) throw new Error(`commission ${commissionId}: the ${failed.part} condition failed`);
      forgetRegistry();
    },
  };
};

export type CommissionStore = ReturnType<typeof commissionStore>;

const unknownOrUnnamed = (reason: 'UNKNOWN' | 'CHOOSE') =>
  validationFailed(
    [
      reason === 'UNKNOWN'
        ? {
            path: 'commissionId',
            code: 'unknown_commission',
            message: 'no such commission (GET /commissions)',
          }
        : { path: 'commissionId', code: 'required', message: 'name the commission (GET /commissions)' },
    ],
    reason === 'UNKNOWN'
      ? {
          zh: '未找到所选的纪检监察机关，请重新选择',
          en: 'The commission chosen does not exist; choose again',
        }
      : { zh: '请选择受理举报的纪检监察机关', en: 'Choose the commission the report goes to' },
  );

/** A commission's settings as the service acts on them: its own, each gap filled from configuration. */
export const settingsOf = async (
  services: { db: DynamoDBDocumentClient; config: Config },
  commissionId: string,
): Promise<EffectiveSettings> =>
  effectiveSettings(commissionId, await commissionStore(services).cachedGet(commissionId), services.config);

/**
 * What the clearance steps read for a clearance of `commissionId`: the commission's own name and
 * contact (its notices are issued under them, and the consent preview's hash covers them, so the
 * preview, the consent and the approval must all read them from here) and its portal for the
 * consent link; the periods are the deployment's.
 */
export const clearanceSettingsOf = async (
  services: { db: DynamoDBDocumentClient; config: Config },
  commissionId: string,
): Promise<ClearanceSettings> => {
  const own = await settingsOf(services, commissionId);
  return {
    COMMISSION_NAME: own.name,
    COMMISSION_CONTACT: own.contact,
    PUBLIC_BASE_URL: own.publicBaseUrl,
    CONSENT_TTL_DAYS: services.config.CONSENT_TTL_DAYS,
    FOLLOW_UP_DAYS: services.config.FOLLOW_UP_DAYS,
  };
};

/**
 * The commissions above one, nearest first, read up the registry through the container's cache
 * (a GetItem a level at most once a minute): where the relay adds an event's counts besides the
 * commission's own. One the registry does not know has none; the deployment's own commission
 * (`default`) has the ancestors it is registered with, like any other.
 */
export const ancestorsLookup = (db: DynamoDBDocumentClient, tableName: string) => {
  const store = commissionStore({ db, config: { TABLE_NAME: tableName } as Config });
  return async (commissionId: string): Promise<string[]> => {
    const up: string[] = [];
    // The deployment's own commission too: registered under a city, its cases count there.
    let parent = (await store.cachedGet(commissionId))?.parentId;
    while (parent !== undefined && !up.includes(parent) && parent !== commissionId && up.length < 3) {
      up.push(parent);
      parent = (await store.cachedGet(parent))?.parentId;
    }
    return up;
  };
};

/** Every registered commission, through the container's cache (the hierarchy for statistics). */
export const allCommissions = (services: { db: DynamoDBDocumentClient; config: Config }, now = Date.now()) =>
  cached(
    `${services.config.TABLE_NAME}#all`,
    now,
    services.config.REGISTRY_CACHE_SECONDS * 1000,
    async () => {
      const store = commissionStore(services);
      const all: Commission[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list(1000, cursor);
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    },
  );
