/**
 * `npm run bench`: the service's speed and cost, measured as ratios against a floor taken in the
 * same run (these machines are shared and noisy). Prints tables and writes
 * bench/results/latest.json; `npm run bench:check` compares that file with the targets.
 *
 *   npm run bench                          all parts
 *   npm run bench -- --parts sizes,capacity --small-only --out bench/results/ci.json   (what CI runs)
 *   npm run bench -- --parts overhead --rounds 20 --ops 'submit report,counter intake'
 *
 * Parts: overhead, sizes (bundle sizes), coldstart (import times), capacity, load, uploads
 * (evidence: presigned PUT against PutObject to the same emulator), tenancy (units with 1 and with
 * 3,162 commissions, the busiest partition key, search at 100,000 clues; --small-only leaves the
 * search out).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalRuntime } from '../infra/local/runtime.ts';
import { type RecordedCall, recorder } from './lib/recorder.ts';

const { values } = parseArgs({
  options: {
    parts: { type: 'string', default: 'overhead,sizes,coldstart,capacity,load,uploads,tenancy' },
    rounds: { type: 'string', default: '30' },
    // The overhead part measures only these operations (comma-separated row names, e.g.
    // "submit report,counter intake"); every round still runs the whole scenario, unmeasured.
    ops: { type: 'string' },
    // Also replay each request's calls onto the items it created (the floor before 2026-12-02),
    // to show what the fresh-key floor changes.
    'overwrite-floor': { type: 'boolean', default: false },
    // 25 pairs rather than the 15 the issue asks for at least: one import varies by ±15 % here, and the
    // largest of 39 medians of 15 pairs came out about 0.1 above its usual ratio in both of two runs.
    'cold-runs': { type: 'string', default: '25' },
    'small-only': { type: 'boolean', default: false },
    'large-items': { type: 'string', default: '100000' },
    'search-clues': { type: 'string', default: '100000' },
    'tenancy-rounds': { type: 'string', default: '3' },
    // The tenancy part's search at --search-clues alone, without the rounds and the hierarchy.
    'search-only': { type: 'boolean', default: false },
    duration: { type: 'string', default: '8' },
    levels: { type: 'string', default: '1,8,32,64' },
    out: { type: 'string', default: 'bench/results/latest.json' },
  },
});
const parts = new Set((values.parts as string).split(','));
const started = new Date();
const results: Record<string, unknown> = {
  date: started.toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: process.platform },
  parts: [...parts],
};

console.log(
  `正名 Zhengming benchmarks — ${started.toISOString()}, ${cpus().length} cores, Node ${process.version}`,
);

if (parts.has('sizes') || parts.has('coldstart')) {
  const { benchBundles } = await import('./parts/bundles.ts');
  results.bundles = await benchBundles({
    coldStart: parts.has('coldstart'),
    runs: Number(values['cold-runs']),
  });
}

// One in-process runtime for the parts that measure handlers; the load test runs `npm start`
// as a child process of its own, after this one has stopped.
let submitTransaction: RecordedCall | undefined;
const needsRuntime =
  parts.has('overhead') ||
  parts.has('capacity') ||
  parts.has('load') ||
  parts.has('uploads') ||
  parts.has('tenancy');
if (needsRuntime) {
  const rec = recorder();
  const runtime = await startLocalRuntime({
    port: 0,
    sweepIntervalSeconds: 3600,
    outboxSweepIntervalSeconds: 3600,
    aroundHandler: rec.aroundHandler,
    aroundWorker: rec.aroundWorker,
    // Each measured step waits for the stream readers first; without a batching window they
    // settle at once (the load test runs `npm start` with the cloud's window).
    streamBatchingWindowMs: 0,
    // Every round looks a receipt up from the same address; the limit is not what is measured.
    // The registry cache is refreshed once a minute per container, not per request: left at 60 s,
    // a run that outlasts a minute (a busy machine) charged that read to whichever operation came
    // next, and the capacity part, which keeps each operation's highest round, saw a budget missed.
    env: { LOG_LEVEL: 'ERROR', LOOKUP_MISS_LIMIT: '1000000', REGISTRY_CACHE_SECONDS: '86400' },
  });
  try {
    if (parts.has('load')) {
      const { recordSubmitTransaction } = await import('./parts/load.ts');
      submitTransaction = await recordSubmitTransaction(runtime, rec);
    }
    // Capacity first: it needs the table at about 1,000 items before it grows it.
    if (parts.has('capacity')) {
      const { benchCapacity } = await import('./parts/capacity.ts');
      results.capacity = await benchCapacity(runtime, rec, {
        large: values['small-only'] ? undefined : Number(values['large-items']),
      });
    }
    if (parts.has('overhead')) {
      const { benchOverhead } = await import('./parts/overhead.ts');
      results.overhead = await benchOverhead(runtime, rec, {
        rounds: Number(values.rounds),
        warmup: 3,
        compareOverwrite: values['overwrite-floor'],
        only: values.ops ? (values.ops as string).split(',').map((op) => op.trim()) : undefined,
      });
    }
    if (parts.has('uploads')) {
      const { benchUploads } = await import('./parts/uploads.ts');
      results.uploads = await benchUploads(runtime, { rounds: Math.min(Number(values.rounds), 10) });
    }
    // Last: once it has registered 3,162 commissions, a report must name its commission, which the
    // other parts' rounds do not.
    if (parts.has('tenancy')) {
      const { benchTenancy } = await import('./parts/tenancy.ts');
      results.tenancy = await benchTenancy(runtime, rec, {
        rounds: Number(values['tenancy-rounds']),
        searchClues: values['small-only'] ? undefined : Number(values['search-clues']),
        searchOnly: values['search-only'] as boolean,
      });
    }
  } finally {
    await runtime.stop();
  }
}

if (parts.has('load') && submitTransaction) {
  const { benchLoad } = await import('./parts/load.ts');
  results.load = await benchLoad({
    levels: (values.levels as string).split(',').map(Number),
    durationSeconds: Number(values.duration),
    template: submitTransaction,
  });
}

const out = resolve(values.out as string);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nWrote ${out} in ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s.`);
