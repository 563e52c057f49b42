/**
 * The busiest-key model (issue 16): from the DynamoDB calls a report's lifecycle makes (every call
 * the recorder saw, the stream readers' included), which partition keys take how many writes and
 * reads, and so how many units a second each takes when the whole country submits at a burst rate.
 * Pure: the tenancy part feeds it recorded call inputs; the unit tests feed it by hand.
 *
 * A key is either the lifecycle's own (it holds an id minted for this report or clue, so only this
 * lifecycle ever writes it, and its rate is that of one person's clicks) or shared by lifecycles:
 * a commission's (it names the commission: `C#<commission>#…`, `SEARCH#<commission>#…`, and the
 * single commission's unprefixed lists) or the country's (`DEADLINES#DUE`, `OUTBOX#UNPUBLISHED`,
 * `STATS`). Shared keys are found by measurement: a key value written in two different rounds.
 */

/** DynamoDB's per-partition ceilings (units a second). */
export const partitionLimits = { write: 1_000, read: 3_000 } as const;

export const secondsPerYear = 365 * 24 * 3600;

/** Keys whose one item or partition every commission's traffic reaches: named, never averaged away. */
export const globalKeyNames = /^(DEADLINES#|OUTBOX#UNPUBLISHED|STATS|NOTICES#|COMMISSIONS$)/;

/**
 * A partition key with its ids replaced by placeholders, so that every report's `REPORT#<id>` is
 * one row: upper-case words stay (they are the key's kind, a status, an index name), a commission
 * becomes `<commission>`, a member's user id `<member>`, a search partition's bigram `<bigram>`, a date `<date>`/`<month>`, and
 * anything else `<id>`.
 */
export const normaliseKey = (
  key: string,
  commissionIds: readonly string[] = [],
  memberIds: readonly string[] = [],
): string => {
  const parts = key.split('#');
  return parts
    .map((part, i) => {
      const before = parts[i - 1];
      if (before === 'C' || (before === 'SEARCH' && i === 1) || commissionIds.includes(part))
        return '<commission>';
      if (memberIds.includes(part)) return '<member>';
      if (parts[0] === 'SEARCH' && i === 2) return '<bigram>';
      if (/^[A-Z][A-Z_]*$/.test(part)) return part;
      if (/^\d{4}-\d{2}-\d{2}$/.test(part)) return '<date>';
      if (/^\d{4}-\d{2}$/.test(part)) return '<month>';
      return '<id>';
    })
    .join('#');
};

/** What a recorded call did to which partition keys, with the units each is estimated to take. */
export interface KeyTouch {
  key: string;
  kind: 'write' | 'read';
  units: number;
}

type Item = Record<string, unknown>;
const indexKeyAttribute = /^GSI\d+PK$/;

const sizeUnits = (item: Item | undefined, per: number) =>
  item ? Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(item)) / per)) : 1;

/**
 * Follows the calls of a recording in order and says which keys each writes or reads. The index
 * keys an Update or Delete leaves or removes are taken from the item as an earlier Put in the same
 * sequence wrote it (`known`), so an outbox event's removal from `OUTBOX#UNPUBLISHED` counts there.
 * Write units: 1 KB of item (the Put's, or the last one known) per write, twice in a transaction
 * on the table (an index's copy is a standard write, once, as DynamoDB bills it); read units: the call's consumed capacity, shared between the keys it read.
 */
export const keyTouches = (
  calls: { name: string; input: any; consumedUnits?: number }[],
  known = new Map<string, Item>(),
): KeyTouch[] => {
  const out: KeyTouch[] = [];
  const itemKey = (k: Item) => `${k.PK}\u0000${k.SK}`;
  const indexValuesOf = (item: Item | undefined) =>
    Object.entries(item ?? {})
      .filter(([name, value]) => indexKeyAttribute.test(name) && typeof value === 'string')
      .map(([, value]) => value as string);
  const write = (key: string, units: number) => out.push({ key, kind: 'write', units });

  const put = (item: Item, factor: number) => {
    const before = known.get(itemKey(item));
    const units = sizeUnits(item, 1024);
    write(String(item.PK), units * factor);
    const now = indexValuesOf(item);
    for (const value of now) write(value, units);
    // A Put that replaces an item moves it out of the index partitions it no longer names.
    for (const value of indexValuesOf(before)) if (!now.includes(value)) write(value, units);
    known.set(itemKey(item), item);
  };
  const update = (op: any, factor: number) => {
    const key = op.Key as Item;
    const before = known.get(itemKey(key));
    const units = sizeUnits(before, 1024);
    write(String(key.PK), units * factor);
    const expression = String(op.UpdateExpression ?? '');
    const values = (op.ExpressionAttributeValues ?? {}) as Item;
    const names = (op.ExpressionAttributeNames ?? {}) as Record<string, string>;
    const attribute = (token: string) => names[token] ?? token;
    const after: Item = { ...(before ?? key) };
    const set = /SET\s+(.*?)(?=\s+(?:REMOVE|ADD|DELETE)\s|$)/is.exec(expression)?.[1] ?? '';
    for (const [, name, value] of set.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
      const attr = attribute(name as string);
      if (indexKeyAttribute.test(attr)) after[attr] = values[value as string];
    }
    const remove = /REMOVE\s+(.*?)(?=\s+(?:SET|ADD|DELETE)\s|$)/is.exec(expression)?.[1] ?? '';
    for (const name of remove.split(',').map((s) => s.trim())) {
      const attr = attribute(name);
      if (indexKeyAttribute.test(attr)) delete after[attr];
    }
    const was = indexValuesOf(before);
    const now = indexValuesOf(after);
    // An index partition takes a write when the item enters, stays (its copy is rewritten) or leaves.
    for (const value of new Set([...was, ...now])) write(value, units);
    known.set(itemKey(key), after);
  };
  const remove = (key: Item, factor: number) => {
    const before = known.get(itemKey(key));
    const units = sizeUnits(before, 1024);
    write(String(key.PK), units * factor);
    for (const value of indexValuesOf(before)) write(value, units);
    known.delete(itemKey(key));
  };
  const read = (keys: string[], consumed: number | undefined) => {
    const each = (consumed ?? 0.5 * keys.length) / Math.max(1, keys.length);
    for (const key of keys) out.push({ key, kind: 'read', units: each });
  };

  for (const call of calls) {
    const input = call.input ?? {};
    switch (call.name) {
      case 'PutCommand':
        put(input.Item, 1);
        break;
      case 'UpdateCommand':
        update(input, 1);
        break;
      case 'DeleteCommand':
        remove(input.Key, 1);
        break;
      case 'TransactWriteCommand':
        for (const op of input.TransactItems ?? []) {
          if (op.Put) put(op.Put.Item, 2);
          else if (op.Update) update(op.Update, 2);
          else if (op.Delete) remove(op.Delete.Key, 2);
          // A ConditionCheck is billed as a write but writes nothing to the partition.
        }
        break;
      case 'BatchWriteCommand':
        for (const requests of Object.values(input.RequestItems ?? {}) as any[][]) {
          for (const r of requests) {
            if (r.PutRequest) put(r.PutRequest.Item, 1);
            else if (r.DeleteRequest) remove(r.DeleteRequest.Key, 1);
          }
        }
        break;
      case 'GetCommand':
        read([String(input.Key?.PK)], call.consumedUnits);
        break;
      case 'QueryCommand': {
        // The partition a Query reads: the value its key condition gives the partition key.
        const condition = String(input.KeyConditionExpression ?? '');
        const token = /(?:^|\s|\()([#\w]+)\s*=\s*(:\w+)/.exec(condition);
        const value = token ? input.ExpressionAttributeValues?.[token[2] as string] : undefined;
        if (typeof value === 'string') read([value], call.consumedUnits);
        break;
      }
      case 'BatchGetCommand': {
        const keys = (Object.values(input.RequestItems ?? {}) as any[]).flatMap((r) =>
          (r.Keys ?? []).map((k: Item) => String(k.PK)),
        );
        read(keys, call.consumedUnits);
        break;
      }
      case 'TransactGetCommand':
        read(
          (input.TransactItems ?? []).map((t: any) => String(t.Get?.Key?.PK)),
          call.consumedUnits,
        );
        break;
    }
  }
  return out;
};

/** Units per key value over one round of lifecycles. */
export const unitsPerKey = (touches: KeyTouch[]) => {
  const perKey = new Map<string, { write: number; read: number }>();
  for (const t of touches) {
    const entry = perKey.get(t.key) ?? { write: 0, read: 0 };
    entry[t.kind] += t.units;
    perKey.set(t.key, entry);
  }
  return perKey;
};

export type KeyScope = 'lifecycle' | 'commission' | 'global';

export interface Traffic {
  /** Reports a year in the whole country. */
  reportsPerYear: number;
  /** A burst is this many times the average rate. */
  burst: number;
  /** Commissions the reports spread over (the counties) and the largest one's multiple of the average. */
  commissions: number;
  largestCommission: number;
}

export const nationalTraffic: Traffic = {
  reportsPerYear: 1_000_000,
  burst: 100,
  commissions: 2_800,
  largestCommission: 10,
};

/** Reports a second: the country's average and burst, and the largest commission's in a burst. */
export const reportRates = (t: Traffic) => {
  const average = t.reportsPerYear / secondsPerYear;
  const burst = average * t.burst;
  return { average, burst, largestCommissionBurst: (burst * t.largestCommission) / t.commissions };
};

export interface KeyRow {
  pattern: string;
  scope: KeyScope;
  /** Whether every commission's traffic reaches the same partition. */
  global: boolean;
  /** Units per report lifecycle on one key value of the pattern (the busiest one seen). */
  writeUnitsPerReport: number;
  readUnitsPerReport: number;
  /** Units a second on that key at the largest commission's burst share, and at the national burst. */
  commissionWrites: number;
  nationalWrites: number;
  commissionReads: number;
  nationalReads: number;
  /** How many times the national burst the key stands before it reaches a partition's limit. */
  headroom: number;
}

/**
 * The table: for each normalised key, the busiest value's units per report, and what that makes a
 * second. A lifecycle's own keys take one report's units (at most a transaction's worth within a
 * request, never a rate that grows with the country); a commission's keys take its share, or the
 * whole burst if the whole burst were one commission's; the country's keys take the national burst.
 *
 * `rounds` are the per-key units of separate rounds (lifecycles of different reports): a key value
 * seen in two of them is shared; `reportsPerRound` turns a round's units into units per report.
 */
export const keyModel = (
  rounds: Map<string, { write: number; read: number }>[],
  options: {
    reportsPerRound: number;
    commissionIds: readonly string[];
    /** The members acting in the rounds: keys naming one are their commission's. */
    memberIds?: readonly string[];
    traffic?: Traffic;
  },
): KeyRow[] => {
  const rates = reportRates(options.traffic ?? nationalTraffic);
  const seenIn = new Map<string, number>();
  for (const round of rounds) for (const key of round.keys()) seenIn.set(key, (seenIn.get(key) ?? 0) + 1);
  const roundsSeen = rounds.length;
  const rows = new Map<string, KeyRow>();
  for (const [key, count] of seenIn) {
    const total = { write: 0, read: 0 };
    for (const round of rounds) {
      const units = round.get(key);
      if (units) {
        total.write += units.write;
        total.read += units.read;
      }
    }
    const memberIds = options.memberIds ?? [];
    const pattern = normaliseKey(key, options.commissionIds, memberIds);
    const shared = count > 1 || roundsSeen < 2;
    const names = [...options.commissionIds, ...memberIds].some((id) => key.split('#').includes(id));
    const isGlobal = globalKeyNames.test(key) || (shared && !names && !/^(C#|SEARCH#|STAFF#)/.test(key));
    const scope: KeyScope = isGlobal ? 'global' : shared ? 'commission' : 'lifecycle';
    const perReport = {
      write: total.write / count / options.reportsPerRound,
      read: total.read / count / options.reportsPerRound,
    };
    // A lifecycle's own key: what one report writes to it, over the lifecycle (no rate of its own
    // beyond the person acting); shown at one report a second so it sorts below the shared ones.
    const commissionRate = scope === 'lifecycle' ? 0 : rates.largestCommissionBurst;
    const nationalRate = scope === 'lifecycle' ? 0 : rates.burst;
    const row: KeyRow = {
      pattern,
      scope,
      global: scope === 'global',
      writeUnitsPerReport: perReport.write,
      readUnitsPerReport: perReport.read,
      commissionWrites: perReport.write * commissionRate,
      nationalWrites: perReport.write * nationalRate,
      commissionReads: perReport.read * commissionRate,
      nationalReads: perReport.read * nationalRate,
      headroom: 0,
    };
    const busiest = Math.max(
      row.nationalWrites / partitionLimits.write,
      row.nationalReads / partitionLimits.read,
    );
    row.headroom = busiest === 0 ? Number.POSITIVE_INFINITY : 1 / busiest;
    const previous = rows.get(`${scope} ${pattern}`);
    if (
      !previous ||
      previous.writeUnitsPerReport + previous.readUnitsPerReport < perReport.write + perReport.read
    )
      rows.set(`${scope} ${pattern}`, row);
  }
  return [...rows.values()].sort(
    (a, b) =>
      b.nationalWrites - a.nationalWrites ||
      b.nationalReads - a.nationalReads ||
      b.writeUnitsPerReport - a.writeUnitsPerReport,
  );
};

/** The rows over a partition's limit at the national burst (the check fails on any). */
export const overLimit = (rows: KeyRow[]) =>
  rows.filter((r) => r.nationalWrites > partitionLimits.write || r.nationalReads > partitionLimits.read);
