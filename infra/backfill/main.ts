/**
 * `npm run --silent backfill -- --what retention,clue-deadlines,search,notice-boards [--dry-run]
 *   [--table NAME] [--endpoint URL] [--from CURSOR] [--page-size N] [--pages N] [--segment I/N]`
 *
 * Fills the indexes that items written before them lack (infra/backfill/backfills.ts), printing a
 * line a page (counts and the cursor to go on from) and a summary. Locally: `--endpoint` is the
 * DynamoDB Local address `npm start` prints (table `zhengming` unless `--table`). In the cloud: no
 * endpoint, the operator's AWS credentials and region (AWS_PROFILE / AWS_REGION) and `--table`, the
 * table's physical name (README, "Backfills").
 */

import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localClientConfig } from '../local/aws-env.ts';
import { type BackfillName, backfillNames, type Progress, runBackfill, startOf } from './backfills.ts';

const usage = `usage: npm run --silent backfill -- --what <${backfillNames.join(',')}> [--dry-run]
  [--table <name>] [--endpoint <DynamoDB Local URL>] [--from <cursor>] [--page-size <n>] [--pages <n>]
  [--segment <i>/<n>]
Locally: --endpoint is the DynamoDB Local address npm start prints (the table is "zhengming").
In the cloud: --table <the table's physical name>, with your AWS credentials and AWS_REGION.`;

const fail = (message: string): never => {
  console.error(`${message}\n${usage}`);
  process.exit(2);
};

let values: {
  what?: string;
  'dry-run'?: boolean;
  table?: string;
  endpoint?: string;
  from?: string;
  'page-size'?: string;
  pages?: string;
  segment?: string;
  help?: boolean;
} = {};
try {
  ({ values } = parseArgs({
    options: {
      what: { type: 'string' },
      'dry-run': { type: 'boolean' },
      table: { type: 'string' },
      endpoint: { type: 'string' },
      from: { type: 'string' },
      'page-size': { type: 'string' },
      pages: { type: 'string' },
      segment: { type: 'string' },
      help: { type: 'boolean' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const what = (values.what ?? '').split(',').filter(Boolean);
const unknown = what.filter((name) => !(backfillNames as readonly string[]).includes(name));
if (what.length === 0 || unknown.length > 0) fail(`--what takes ${backfillNames.join(', ')}`);

const count = (name: string, text: string | undefined, max: number): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  return /^\d+$/.test(text) && n >= 1 && n <= max ? n : fail(`--${name} takes a number from 1 to ${max}`);
};
const pageSize = count('page-size', values['page-size'], 10_000);
const maxPages = count('pages', values.pages, 1_000_000_000);
const segmentMatch = values.segment?.match(/^(\d+)\/(\d+)$/);
if (values.segment !== undefined && !segmentMatch) fail('--segment takes <index>/<count>, e.g. 0/4');
const segment = segmentMatch && { index: Number(segmentMatch[1]), of: Number(segmentMatch[2]) };
if (segment && (segment.of < 1 || segment.of > 1_000_000 || segment.index >= segment.of))
  fail('--segment: the index counts from 0 and is below the count');
try {
  startOf(values.from);
} catch (error) {
  fail((error as Error).message);
}

const tableName = values.table ?? process.env.TABLE_NAME ?? (values.endpoint ? 'zhengming' : undefined);
if (!tableName) fail('--table is needed without --endpoint (the table in the cloud)');

const client = new DynamoDBClient(values.endpoint ? localClientConfig(values.endpoint) : {});
const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

const dryRun = values['dry-run'] ?? false;
const line = (p: Progress) =>
  Object.entries(p.tallies)
    .map(
      ([name, t]) =>
        `${name}: ${t.written} ${dryRun ? 'to write' : 'written'} (${t.items} items), ${t.skipped} skipped`,
    )
    .join('; ');

console.log(
  `Backfill ${what.join(', ')} on table "${tableName}"${values.endpoint ? ` at ${values.endpoint}` : ''}${dryRun ? ' (dry run: nothing is written)' : ''}${values.from ? ', from the cursor given' : ''}${segment ? `, segment ${segment.index} of ${segment.of}` : ''}`,
);
try {
  const done = await runBackfill(
    { db, tableName: tableName as string },
    {
      what: what as BackfillName[],
      dryRun,
      from: values.from,
      pageSize,
      maxPages,
      segment: segment ?? undefined,
      onPage: (p) =>
        console.log(
          `page ${p.pages}: scanned ${p.scanned}, reports, clues and clearances ${p.matched}; ${line(p)}; cursor ${p.cursor ?? '(end)'}`,
        ),
    },
  );
  console.log(
    `\nSummary${dryRun ? ' (dry run)' : ''}: ${done.pages} pages, ${done.scanned} items scanned, ${done.matched} reports, clues and clearances`,
  );
  for (const [name, t] of Object.entries(done.tallies))
    console.log(
      `  ${name}: ${t.written} ${dryRun ? 'to write' : 'written'}, ${t.skipped} skipped, ${t.items} items written`,
    );
  console.log(
    done.cursor
      ? `Stopped before the end; go on with: --from ${done.cursor}`
      : 'The table was read to its end.',
  );
} catch (error) {
  console.error(`The backfill stopped: ${(error as Error).message}`);
  console.error('Rerun it with --from and the last cursor printed (every write is idempotent).');
  process.exitCode = 1;
} finally {
  client.destroy();
}
