/**
 * The search index (shared/domain/search.ts): one item per (commission, bigram, subject), written
 * by the searchIndex worker from the outbox events, read by GET /search. Its own partitions of the
 * table (no new GSI): PK `SEARCH#<commissionId>#<bigram>`, SK `<at>#<kind>#<subjectId>`, so a
 * commission's items are never in another's partition and a query is newest first. Writes are
 * idempotent Puts (the same subject gives the same items), so a redelivered event is harmless; a
 * report transferred to another commission has its entries put there and its former ones deleted.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import {
  indexBigramsOf,
  reportSearchablesOf,
  type Searchable,
  type SearchKind,
  type SearchQuery,
  searchTextOf,
} from '../domain/search.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { defineEntity } from './entity.ts';
import { entityKeys } from './keys.ts';
import { type ReportItem, reportStore } from './reports.ts';

export interface SearchEntry extends Searchable {
  bigram: string;
  /** The normalised fields, `|`-joined: what a query must be a substring of. */
  text: string;
}

const partitionOf = (commissionId: string, bigram: string) => `SEARCH#${commissionId}#${bigram}`;

export const searchEntryEntity = /* @__PURE__ */ defineEntity({
  name: 'SearchEntry',
  key: (commissionId: string, bigram: string, at: string, kind: SearchKind, subjectId: string) => ({
    PK: partitionOf(commissionId, bigram),
    SK: `${at}#${kind}#${subjectId}`,
  }),
  keyOf: (e: SearchEntry): [string, string, string, SearchKind, string] => [
    e.commissionId,
    e.bigram,
    e.at,
    e.kind,
    e.subjectId,
  ],
});

/** The entries of one subject: one per distinct bigram of its fields. */
export const searchEntriesOf = (item: Searchable): SearchEntry[] => {
  const text = searchTextOf(item);
  return indexBigramsOf(item).map((bigram) => ({ ...item, bigram, text }));
};

/** Queries per request at most, and items each reads: a page never reads more than 500 entries. */
const maxQueries = 5;
const readPerQuery = 100;

export interface SubjectState {
  status: string;
  clueId?: string | undefined;
  commissionId?: string | undefined;
  caseNumber?: string | undefined;
}

export const searchIndexStore = ({ db, config }: { db: DynamoDBDocumentClient; config: Config }) => {
  const TableName = config.TABLE_NAME;

  /** Writes the requests 25 to a BatchWriteItem, retrying what DynamoDB hands back unprocessed. */
  const write = async (all: Record<string, unknown>[]): Promise<void> => {
    for (let i = 0; i < all.length; i += 25) {
      let requests = all.slice(i, i + 25);
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt >= 5) throw new Error(`search index: ${requests.length} entries left unprocessed`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [TableName]: requests } }));
        requests = (out.UnprocessedItems?.[TableName] ?? []) as typeof requests;
      }
    }
  };

  const put = (entries: SearchEntry[]): Promise<void> =>
    write(entries.map((entry) => ({ PutRequest: { Item: searchEntryEntity.item(entry) } })));

  /**
   * The subject's entries become `current`: each is put, and each of `former` that is not among
   * them is deleted (deleting what is already gone is no error). Puts first: a subject is never
   * missing from the index it belongs to while its old entries go.
   */
  const replace = async (current: SearchEntry[], former: SearchEntry[]): Promise<void> => {
    const keyOf = (entry: SearchEntry) => {
      const { PK, SK } = searchEntryEntity.item(entry);
      return { PK, SK };
    };
    const kept = new Set(current.map((entry) => JSON.stringify(keyOf(entry))));
    const stale = new Map(former.map((entry) => [JSON.stringify(keyOf(entry)), keyOf(entry)] as const));
    await put(current);
    await write([...stale].filter(([id]) => !kept.has(id)).map(([, Key]) => ({ DeleteRequest: { Key } })));
  };

  /**
   * Up to `limit` entries of the commission containing the query, newest first: Queries on the
   * query's bigram partition, each keeping what holds the whole query (a filter, so a page may take
   * several Queries; at most `maxQueries`, then the page is shorter and a cursor goes on).
   */
  const search = async (commissionId: string, query: SearchQuery, limit: number, cursor?: string) => {
    const partition = partitionOf(commissionId, query.bigram);
    let start = decodeCursor(cursor, { attributes: ['PK', 'SK'], fixed: { PK: partition } });
    const found: SearchEntry[] = [];
    for (let n = 0; n < maxQueries; n++) {
      const out = await db.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'PK = :pk',
          FilterExpression: 'contains(#text, :q)',
          ExpressionAttributeNames: { '#text': 'text' },
          ExpressionAttributeValues: { ':pk': partition, ':q': query.text },
          ExclusiveStartKey: start,
          Limit: readPerQuery,
          ScanIndexForward: false,
        }),
      );
      for (const item of out.Items ?? []) {
        found.push(searchEntryEntity.fromItem(item) as SearchEntry);
        if (found.length === limit) {
          // The page ends at this entry: the next starts after it.
          const more = item !== out.Items?.at(-1) || out.LastEvaluatedKey !== undefined;
          return { items: found, nextCursor: more ? encodeCursor({ PK: item.PK, SK: item.SK }) : undefined };
        }
      }
      start = out.LastEvaluatedKey as Record<string, string> | undefined;
      if (!start) break;
    }
    return { items: found, nextCursor: encodeCursor(start) };
  };

  /** The current status of each subject (its report or clue item), for the page's rows. */
  const statesOf = async (entries: SearchEntry[]): Promise<Map<string, SubjectState>> => {
    const states = new Map<string, SubjectState>();
    if (entries.length === 0) return states;
    const keys = [
      ...new Map(
        entries.map((e) => {
          const key = e.kind === 'CLUE' ? entityKeys.clue(e.subjectId) : entityKeys.report(e.subjectId);
          return [key.PK, key];
        }),
      ).values(),
    ];
    let pending: Record<string, unknown>[] = keys;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 5)
        throw Object.assign(new Error('Unprocessed keys'), {
          name: 'ProvisionedThroughputExceededException',
        });
      const out = await db.send(
        new BatchGetCommand({
          RequestItems: {
            [TableName]: {
              Keys: pending,
              ProjectionExpression: 'PK, #status, clueId, commissionId, caseNumber',
              ExpressionAttributeNames: { '#status': 'status' },
            },
          },
        }),
      );
      for (const item of out.Responses?.[TableName] ?? []) {
        states.set(String(item.PK), {
          status: String(item.status),
          clueId: item.clueId as string | undefined,
          commissionId: item.commissionId as string | undefined,
          caseNumber: item.caseNumber as string | undefined,
        });
      }
      pending = (out.UnprocessedKeys?.[TableName]?.Keys ?? []) as Record<string, unknown>[];
    }
    return states;
  };

  return { put, replace, search, statesOf };
};

/** Readings of one report at most, should transfers keep committing while it is indexed. */
const maxReadings = 3;

/** What the index depends on: where the report is and its number (a transfer changes both). */
const placeOf = (report: ReportItem) => `${report.commissionId ?? ''}|${report.caseNumber ?? ''}`;

/**
 * The worker's indexing of reports (functions/workers/search-index.ts): each report as it stands,
 * under its commission now with its number now, its entries under each commission it was
 * transferred from removed; read again after writing, until a reading finds them unmoved.
 */
export const reportIndexer = (services: { db: DynamoDBDocumentClient; config: Config }) => {
  const reports = reportStore(services);
  const index = searchIndexStore(services);
  const indexReport = async (report: ReportItem) => {
    const { current, former } = reportSearchablesOf(report);
    await index.replace(searchEntriesOf(current), former.flatMap(searchEntriesOf));
  };

  /** Indexes the reports as they stand, until a reading after the writes finds them unmoved. */
  const indexReports = async (reportIds: readonly string[]) => {
    let pending = await reports.getMany(reportIds);
    for (let reading = 1; pending.length > 0; reading++) {
      // Left to the stream's retry, which reads them again.
      if (reading > maxReadings) throw new Error('search index: reports still moving as they are indexed');
      for (const report of pending) await indexReport(report);
      const written = new Map(pending.map((r) => [r.reportId, placeOf(r)]));
      pending = (await reports.getMany([...written.keys()])).filter(
        (r) => written.get(r.reportId) !== placeOf(r),
      );
    }
  };
  return indexReports;
};
