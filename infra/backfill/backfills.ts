/**
 * Backfills: one pass over the table that places items written before an index existed into it.
 *
 * - `retention`: each ended case's reports into the retention index (shared/store/retention.ts):
 *   the entries the retention-index worker would have written from the clue (or declined report).
 * - `clue-deadlines`: each clue's GSI5 keys (its status by deadline) and `categories`, as
 *   `clueEntity.item` places a clue written today.
 * - `search`: each report's and clue's search entries (shared/store/search-index.ts), as the
 *   search-index worker writes them (a transferred report's with the numbers its senders gave it).
 * - `notice-boards`: each public notice's copies on its commission's board and those above it
 *   (`BOARD#<commissionId>`), as the approval that publishes a notice writes them.
 *
 * Every decision is the one the workers and stores make (the same entity and domain functions);
 * this module only reads what is there and writes what is missing. Safe to rerun: a clue's keys
 * are set only on the version that was read, a retention entry only where no newer reading stands,
 * a search entry only where it is missing or its text is not what the worker writes today (a
 * transferred report's former numbers), so a second run writes nothing. Resumable: the Scan's
 * cursor after each page (every item of it handled) is reported, and `from` starts after it.
 * A dry run reads the same and writes nothing. How to run it: README ("Backfills").
 */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../../shared/config.ts';
import { commissionOf } from '../../shared/domain/commission.ts';
import {
  entriesOfClue,
  entryNeeded,
  entryOfDeclined,
  type RetentionEntry,
} from '../../shared/domain/retention.ts';
import { clueSearchable, reportSearchable, type Searchable } from '../../shared/domain/search.ts';
import { clearanceEntity, noticeBoardEntryEntity, noticeEntity } from '../../shared/store/clearances.ts';
import { clueEntity } from '../../shared/store/clues.ts';
import { commissionStore } from '../../shared/store/commissions.ts';
import { decodeCursor, encodeCursor } from '../../shared/store/cursor.ts';
import { reportEntity } from '../../shared/store/reports.ts';
import { retentionEntity, retentionStore } from '../../shared/store/retention.ts';
import {
  reportIndexer,
  searchEntriesOf,
  searchEntryEntity,
  searchIndexStore,
} from '../../shared/store/search-index.ts';

export const backfillNames = ['retention', 'clue-deadlines', 'search', 'notice-boards'] as const;
export type BackfillName = (typeof backfillNames)[number];

/** The entities each backfill reads (the Scan's filter on `entity`). */
const readsOf: Record<BackfillName, readonly string[]> = {
  retention: [clueEntity.name, reportEntity.name],
  'clue-deadlines': [clueEntity.name],
  search: [clueEntity.name, reportEntity.name],
  'notice-boards': [clearanceEntity.name],
};

/**
 * Per backfill: `written`, the subjects (a report's retention entry, a clue's keys, a report's or
 * clue's search entries, a notice's board copies) it completed (in a dry run: would complete); `skipped`, those already in
 * place, not needing an entry, or written since they were read; `items`, the table items written.
 */
export interface Tally {
  written: number;
  skipped: number;
  items: number;
}

export interface Progress {
  /** Pages read in this run. */
  pages: number;
  /** Items the Scan read (before its filter) and the reports, clues and clearances among them. */
  scanned: number;
  matched: number;
  tallies: Partial<Record<BackfillName, Tally>>;
  /** Where the next page starts (`from`); undefined once the table has been read to its end. */
  cursor: string | undefined;
}

export interface BackfillOptions {
  what: readonly BackfillName[];
  dryRun?: boolean;
  /** A cursor printed by an earlier run: go on after it. */
  from?: string | undefined;
  /** Items read a Scan page (DynamoDB's Limit, before the filter). */
  pageSize?: number;
  /** Stop after this many pages (the cursor says where to go on). */
  maxPages?: number | undefined;
  /** A parallel Scan's segment and segment count: each segment is its own run with its own cursor. */
  segment?: { index: number; of: number } | undefined;
  onPage?: (progress: Progress) => void;
}

type Item = Record<string, unknown>;

const isFailedCondition = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/** The cursor an earlier run printed, or an error that says it is not one. */
export const startOf = (from: string | undefined): Record<string, string> | undefined => {
  try {
    return decodeCursor(from, { attributes: ['PK', 'SK'] });
  } catch {
    throw new Error(`Not a cursor of this command: ${from}`);
  }
};

export const runBackfill = async (
  { db, tableName }: { db: DynamoDBDocumentClient; tableName: string },
  options: BackfillOptions,
): Promise<Progress> => {
  const config = { TABLE_NAME: tableName } as Config;
  const retention = retentionStore({ db, config });
  const search = searchIndexStore({ db, config });
  const indexReports = reportIndexer({ db, config });
  const commissions = commissionStore({ db, config });
  const dryRun = options.dryRun ?? false;
  const what = [...new Set(options.what)];
  const entities = [...new Set(what.flatMap((name) => readsOf[name]))];
  const progress: Progress = {
    pages: 0,
    scanned: 0,
    matched: 0,
    tallies: Object.fromEntries(what.map((name) => [name, { written: 0, skipped: 0, items: 0 }])),
    cursor: options.from,
  };
  const tally = (name: BackfillName) => progress.tallies[name] as Tally;

  /** Retention: an entry is written where `entryNeeded` says the index lacks it. */
  const placeEntry = async (entry: RetentionEntry, report?: Item) => {
    const t = tally('retention');
    const existing = await db.send(
      new GetCommand({
        TableName: tableName,
        Key: retentionEntity.key(entry.reportId),
        ProjectionExpression: 'basis',
        ConsistentRead: true,
      }),
    );
    // Only an entry about to be created needs to know whether its report was erased meanwhile.
    let reportNow = report;
    if (!existing.Item && entry.ended && !reportNow) {
      const out = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: reportEntity.key(entry.reportId),
          ProjectionExpression: 'PK, erasedAt',
          ConsistentRead: true,
        }),
      );
      reportNow = out.Item;
    }
    if (!entryNeeded(entry, existing.Item as Pick<RetentionEntry, 'basis'> | undefined, reportNow)) {
      t.skipped++;
      return;
    }
    const written = dryRun ? 1 : await retention.record([entry]);
    if (written) {
      t.written++;
      t.items += dryRun ? 0 : written;
    } else t.skipped++; // a newer reading got there first
  };

  const retentionOf = async (item: Item) => {
    if (item.entity === clueEntity.name) {
      const { clue } = clueEntity.fromItem(item);
      // The reading's time: when the clue last changed stage, as the worker's event would say.
      const at = clue.stageTimeline.at(-1)?.at ?? clue.registeredAt;
      for (const entry of entriesOfClue(clue, commissionOf(clue), at)) await placeEntry(entry);
      return;
    }
    const report = reportEntity.fromItem(item);
    const entry = entryOfDeclined(report, commissionOf(report));
    if (entry) await placeEntry(entry, item);
  };

  /** Clue deadlines: the GSI5 keys and categories `clueEntity.item` gives the clue as it stands. */
  const clueKeysOf = async (item: Item) => {
    const t = tally('clue-deadlines');
    const record = clueEntity.fromItem(item);
    const want = clueEntity.item(record);
    const same = (name: string) => JSON.stringify(item[name]) === JSON.stringify(want[name]);
    if (same('GSI5PK') && same('GSI5SK') && same('categories')) {
      t.skipped++;
      return;
    }
    if (dryRun) {
      t.written++;
      return;
    }
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: clueEntity.key(record.clue.clueId),
          UpdateExpression: `SET GSI5PK = :pk, GSI5SK = :sk${want.categories ? ', categories = :categories' : ' REMOVE categories'}`,
          // Only the version read: a clue written since was placed by its own write.
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: {
            ':pk': want.GSI5PK,
            ':sk': want.GSI5SK,
            ':version': record.clue.version,
            ...(want.categories ? { ':categories': want.categories } : {}),
          },
        }),
      );
      t.written++;
      t.items++;
    } catch (error) {
      if (!isFailedCondition(error)) throw error;
      t.skipped++;
    }
  };

  /**
   * Search: the subject's entries that are not in the index yet, or not with the text the worker
   * writes today (a report transferred before it was found by its former numbers has its entries
   * at the receiver without them: they are put again, with them, and the missing ones added).
   */
  const searchOf = async (item: Item) => {
    const t = tally('search');
    const searchable: Searchable =
      item.entity === clueEntity.name
        ? clueSearchable(clueEntity.fromItem(item).clue)
        : reportSearchable(reportEntity.fromItem(item));
    const entries = searchEntriesOf(searchable);
    const keyOf = (entry: (typeof entries)[number]) => {
      const { PK, SK } = searchEntryEntity.item(entry) as { PK: string; SK: string };
      return { PK, SK };
    };
    const present = await presentOf(entries.map(keyOf), 'text');
    const missing = entries.filter((entry) => {
      const { PK, SK } = keyOf(entry);
      return present.get(`${PK}\n${SK}`)?.text !== entry.text;
    });
    if (missing.length === 0) {
      t.skipped++;
      return;
    }
    t.written++;
    if (dryRun) return;
    if (item.entity === clueEntity.name) await search.put(missing);
    // A report is indexed as the worker does, from a fresh reading, putting and deleting: the
    // Scan's copy may be older than a transfer the worker has already indexed, and putting its
    // entries back would leave them in the sending commission's partitions.
    else await indexReports([reportEntity.fromItem(item).reportId]);
    t.items += missing.length;
  };

  /**
   * Which of these keys are in the table, by `PK\nSK`, with `also` (an attribute to compare) when
   * asked (BatchGetItem, 100 keys a call, unprocessed retried).
   */
  const presentOf = async (
    all: readonly { PK: string; SK: string }[],
    also?: string,
  ): Promise<Map<string, Item>> => {
    const present = new Map<string, Item>();
    for (let i = 0; i < all.length; i += 100) {
      let keys: Item[] = all.slice(i, i + 100);
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt >= 5) throw new Error(`backfill: ${keys.length} keys left unread`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        const out = await db.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: keys,
                ProjectionExpression: also ? 'PK, SK, #also' : 'PK, SK',
                ...(also ? { ExpressionAttributeNames: { '#also': also } } : {}),
              },
            },
          }),
        );
        for (const found of out.Responses?.[tableName] ?? []) present.set(`${found.PK}\n${found.SK}`, found);
        keys = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Item[];
      }
    }
    return present;
  };

  /** Notice boards: a public notice's copy on each board `boardsOf` names, where it is missing. */
  const boardsOf = async (item: Item) => {
    const t = tally('notice-boards');
    const { clearance } = clearanceEntity.fromItem(item);
    const noticeIds = new Set([
      ...(clearance.noticeId ? [clearance.noticeId] : []),
      ...(clearance.documents ?? []).map((d) => d.noticeId),
    ]);
    for (const noticeId of noticeIds) {
      const out = await db.send(new GetCommand({ TableName: tableName, Key: noticeEntity.key(noticeId) }));
      const notice = out.Item && noticeEntity.fromItem(out.Item);
      if (!notice?.public) continue;
      const copies = (await commissions.boardsOf(commissionOf(clearance))).map((commissionId) =>
        noticeBoardEntryEntity.item({ commissionId, notice }),
      );
      const present = await presentOf(copies.map(({ PK, SK }) => ({ PK: String(PK), SK: String(SK) })));
      const missing = copies.filter(({ PK, SK }) => !present.has(`${PK}\n${SK}`));
      if (missing.length === 0) {
        t.skipped++;
        continue;
      }
      t.written++;
      if (dryRun) continue;
      for (const copy of missing) {
        try {
          await db.send(
            new PutCommand({
              TableName: tableName,
              Item: copy,
              ConditionExpression: 'attribute_not_exists(PK)',
            }),
          );
          t.items++;
        } catch (error) {
          if (!isFailedCondition(error)) throw error;
        }
      }
    }
  };

  const handlers: Record<BackfillName, (item: Item) => Promise<void>> = {
    retention: retentionOf,
    'clue-deadlines': clueKeysOf,
    search: searchOf,
    'notice-boards': boardsOf,
  };

  let start = startOf(options.from);
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: `#entity IN (${entities.map((_, i) => `:e${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: Object.fromEntries(entities.map((name, i) => [`:e${i}`, name])),
        ExclusiveStartKey: start,
        Limit: options.pageSize ?? 500,
        ...(options.segment ? { Segment: options.segment.index, TotalSegments: options.segment.of } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      progress.matched++;
      for (const name of what) if (readsOf[name].includes(String(item.entity))) await handlers[name](item);
    }
    progress.pages++;
    progress.scanned += page.ScannedCount ?? 0;
    start = page.LastEvaluatedKey as Record<string, string> | undefined;
    progress.cursor = encodeCursor(start);
    options.onPage?.(progress);
  } while (start && (options.maxPages === undefined || progress.pages < options.maxPages));
  return progress;
};
