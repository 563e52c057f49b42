/**
 * `npm run bench:check [-- results.json]`: compares benchmark results with the targets and exits
 * non-zero when one is missed, naming each miss. Only the parts present in the file are checked,
 * so CI can run the cheap parts (bundle sizes, capacity at the small size) and check just those.
 *
 * Tenancy: every operation's units the same with one commission and with the whole hierarchy, and
 * no partition key over DynamoDB's per-partition limits at a national burst.
 *
 * Capacity has a budget per operation as well (bench/capacity-budget.json): an operation that
 * starts consuming more units than it does today fails the check, whatever the table size.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const file = resolve(process.argv[2] ?? 'bench/results/latest.json');
const results = JSON.parse(readFileSync(file, 'utf8'));
const budget: Record<string, { read: number; write: number }> = JSON.parse(
  readFileSync(resolve(import.meta.dirname, 'capacity-budget.json'), 'utf8'),
);

const misses: string[] = [];
const checked: string[] = [];

if (results.bundles) {
  const { targets, functions } = results.bundles;
  checked.push(`${functions.length} bundle sizes`);
  for (const f of functions) {
    if (f.bytes > targets.maxBytes)
      misses.push(`bundle ${f.function}: ${f.bytes} bytes > ${targets.maxBytes}`);
    if (f.importRatio !== undefined && f.importRatio > targets.importRatio) {
      const floor = results.bundles.publisherClients?.ratio;
      const bound = f.publishes && floor ? ` (the DynamoDB and SNS clients alone are ${floor})` : '';
      misses.push(
        `cold start ${f.function}: import-time ratio ${f.importRatio} > ${targets.importRatio}${bound}`,
      );
    }
  }
  if (results.bundles.runs) checked.push('import-time ratios');
}

if (results.overhead) {
  const { target, rows } = results.overhead;
  checked.push(`${rows.length} overhead ratios`);
  for (const r of rows) {
    // With no DynamoDB call there is no floor of "the same calls": the row compares the handler's
    // own work (verifying a signature) with the bare gateway, which is information, not a target.
    if (r.dynamoDbCalls === 0) continue;
    // The handler's own work against the floor (bench/parts/overhead.ts); results written before
    // 2026-12-03 have only the full path's ratio.
    const own = r.ownRatio ?? r.ratio;
    if (!(own <= target)) {
      misses.push(
        `overhead ${r.operation}: own work ${own} > ${target} (full path ${r.ratio}, its calls ${r.callsRatio})`,
      );
    }
  }
}

if (results.uploads) {
  const { target, rows } = results.uploads as {
    target: number;
    rows: { sizeBytes: number; ratio: number }[];
  };
  checked.push(`${rows.length} upload throughput ratios`);
  for (const r of rows) {
    if (r.ratio < target)
      misses.push(`uploads of ${r.sizeBytes} bytes: presigned/PutObject ${r.ratio} < ${target}`);
  }
}

if (results.capacity) {
  const { rows, items } = results.capacity;
  checked.push(
    `capacity of ${rows.length} operations at ${items.small}${items.large ? ` and ${items.large}` : ''} items`,
  );
  for (const r of rows) {
    if (!r.same) {
      misses.push(
        `capacity ${r.operation}: ${JSON.stringify(r.small)} at ${items.small} items but ${JSON.stringify(r.large)} at ${items.large}` +
          ` (stream readers: ${JSON.stringify(r.streamSmall)} and ${JSON.stringify(r.streamLarge)})`,
      );
    }
    const allowed = budget[r.operation];
    if (!allowed) {
      misses.push(`capacity ${r.operation}: no budget in bench/capacity-budget.json`);
      continue;
    }
    for (const units of [r.small, r.large].filter(Boolean)) {
      if (units.read > allowed.read || units.write > allowed.write) {
        misses.push(
          `capacity ${r.operation}: ${units.read} RRU / ${units.write} WRU over its budget of ${allowed.read} / ${allowed.write}`,
        );
      }
    }
  }
}

if (results.tenancy) {
  const { rows, keys, commissions, search } = results.tenancy as {
    rows: {
      operation: string;
      same: boolean;
      single: object;
      defaultAmongAll: object;
      county: object;
      countyAmongAll: object;
      stream: object[];
    }[];
    keys: {
      busiest: { pattern: string; nationalWrites: number };
      over: string[];
      limits: { write: number; read: number };
    };
    commissions: { registered: number };
    search?: { rows: unknown[] };
  };
  checked.push(
    `tenancy: ${rows.length} operations with 1 and ${commissions.registered} commissions, the busiest key (${keys.busiest.pattern})${search ? `, ${search.rows.length} searches` : ''}`,
  );
  for (const r of rows) {
    if (!r.same) {
      misses.push(
        `tenancy ${r.operation}: default alone ${JSON.stringify(r.single)} but among all ${JSON.stringify(r.defaultAmongAll)}; county alone ${JSON.stringify(r.county)} but among all ${JSON.stringify(r.countyAmongAll)} (stream readers: ${JSON.stringify(r.stream)})`,
      );
    }
  }
  for (const pattern of keys.over) {
    misses.push(
      `tenancy: partition key ${pattern} over ${keys.limits.write} write or ${keys.limits.read} read units a second at a national burst (shard it)`,
    );
  }
}

if (results.load) {
  const { target, levels, loss } = results.load;
  checked.push(`load at ${levels.map((l: { connections: number }) => l.connections).join(', ')} connections`);
  for (const l of levels) {
    if (!(l.ratio >= target.ratio)) {
      misses.push(`load at ${l.connections} connections: ${l.ratio}× raw transactions < ${target.ratio}×`);
    }
    const backlog = l.outboxBacklog;
    if (backlog && backlog.count > backlog.bound) {
      misses.push(
        `load at ${l.connections} connections: ${backlog.count} outbox events unpublished at the end > ${backlog.bound}`,
      );
    }
  }
  // unknownEvents are reports whose answer was still on the wire when autocannon stopped: never
  // acknowledged to a client, so not a loss (a real client would retry with its key).
  for (const key of ['lostReceipts', 'missingEvents', 'duplicateEvents', 'replaysThatForked']) {
    if (loss[key] !== 0) misses.push(`load: ${key} = ${loss[key]} (must be 0)`);
  }
}

if (checked.length === 0) misses.push(`${file} holds no benchmark results`);
console.log(`Checked ${checked.join('; ')} from ${file}.`);
if (misses.length) {
  console.error(`\n${misses.length} target(s) missed:\n${misses.map((m) => `  ✗ ${m}`).join('\n')}`);
  process.exit(1);
}
console.log('Every target met.');
