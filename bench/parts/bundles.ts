/**
 * Part 2, cold start. Every function is bundled exactly as the CDK build bundles it (the same
 * esbuild settings, the AWS SDK left to the Lambda runtime), then:
 *   - its size, with the metafile's top contributors;
 *   - the median time to import it in a fresh Node process, against a baseline bundle that only
 *     constructs a DynamoDB client, imported just before it every time (the ratio is the median
 *     of those pairs).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { bundling, repoRoot } from '../../infra/constructs/service-function.ts';
import { type TopicKey, topicArnEnv, topics } from '../../shared/contract/resources.ts';
import { routeEntries } from '../../shared/contract/routes.ts';
import { workerEntries } from '../../shared/contract/workers.ts';
import { median, printTable, progress, round } from '../lib/stats.ts';

const run = promisify(execFile);

export const sizeTargetBytes = 250 * 1024;
export const importRatioTarget = 1.3;

const buildDir = resolve(repoRoot, 'bench', '.build');

/** Every Lambda of the stack: one per route, and the workers. */
export const functionEntries = (): { name: string; entry: string }[] => [
  ...routeEntries.map(([name, route]) => ({ name, entry: route.entry })),
  ...workerEntries.map(([name, worker]) => ({ name, entry: worker.entry })),
];

/** esbuild options as the CDK build bundles a function (NodejsFunction with `bundling`). */
export const lambdaBuildOptions = (entryPoint: string, outfile: string): BuildOptions => ({
  entryPoints: [entryPoint],
  outfile,
  bundle: true,
  platform: 'node',
  format: bundling.format,
  target: bundling.target,
  minify: bundling.minify,
  sourcemap: bundling.sourceMap,
  mainFields: [...bundling.mainFields],
  // NodejsFunction's default on Node.js 18+ runtimes: the runtime provides the AWS SDK v3.
  external: ['@aws-sdk/*'],
  metafile: true,
  logLevel: 'error',
});

const bundle = async (name: string, entryPoint: string) => {
  // .cjs: the repository's package.json says "type": "module", Lambda's asset folder does not.
  const outfile = join(buildDir, name, 'index.cjs');
  const result = await build(lambdaBuildOptions(entryPoint, outfile));
  return { outfile, bytes: statSync(outfile).size, metafile: result.metafile as Metafile };
};

/**
 * Whether the bundle loads the SNS client at module scope (the SDK stays external): a require in
 * a CommonJS bundle, an import statement in an ESM one; a dynamic import() waits for first use.
 */
const loadsSnsClient = (metafile: Metafile) =>
  Object.values(metafile.outputs).some((output) =>
    output.imports.some((i) => i.path === '@aws-sdk/client-sns' && i.kind !== 'dynamic-import'),
  );

/** Bytes in the output per npm package or project folder. */
const contributors = (metafile: Metafile, top = 5) => {
  const byOwner = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
      const owner = pkg ?? path.split('/').slice(0, 2).join('/');
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + bytesInOutput);
    }
  }
  return [...byOwner]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([owner, bytes]) => ({ owner, bytes }));
};

/** What the stack gives every function; values that only have to look right at import time. */
const lambdaEnvironment = () => ({
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TABLE_NAME: 'zhengming',
  SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:peppers',
  IDENTITY_KEY_ARN: 'arn:aws:kms:us-east-1:111111111111:key/identity',
  NOTICE_KEY_ARNS: 'arn:aws:kms:us-east-1:111111111111:key/signing',
  PUBLIC_BASE_URL: 'https://zhengming.example.gov.cn',
  ...Object.fromEntries(
    (Object.keys(topics) as TopicKey[]).map((key) => [
      topicArnEnv(key),
      `arn:aws:sns:us-east-1:111111111111:${key}`,
    ]),
  ),
});

/** Milliseconds to load a bundle in a fresh Node process, as Lambda's runtime loads a CommonJS handler. */
const importTime = async (file: string): Promise<number> => {
  const script = `const t=performance.now();require(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t));`;
  const { stdout } = await run(process.execPath, ['-e', script], {
    env: lambdaEnvironment(),
    cwd: repoRoot,
  });
  return Number(stdout);
};

export const benchBundles = async (options: { coldStart: boolean; runs: number }) => {
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  const baselineEntry = join(buildDir, 'baseline.mjs');
  writeFileSync(
    baselineEntry,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const client = new DynamoDBClient({});\nexport const handler = async () => ({ statusCode: 200 });\n",
  );
  // A second reference: the libraries every handler needs (the document client and zod) and
  // nothing of ours, so the table shows what our own code adds on top of them.
  const stackEntry = join(buildDir, 'stack.mjs');
  writeFileSync(
    stackEntry,
    [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
      "import * as z from 'zod';",
      'export const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      'export const schema = z.strictObject({ id: z.string().max(64) });',
      '',
    ].join('\n'),
  );
  // A third: the DynamoDB and SNS clients and nothing else, the floor of a function that must
  // publish on every invocation (the relay), which the baseline does not include.
  const publisherEntry = join(buildDir, 'publisher.mjs');
  writeFileSync(
    publisherEntry,
    [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { SNSClient } from '@aws-sdk/client-sns';",
      'export const db = new DynamoDBClient({});',
      'export const sns = new SNSClient({});',
      '',
    ].join('\n'),
  );
  const entries = functionEntries();
  progress(`bundling ${entries.length} functions and the baseline with esbuild`);
  const baseline = await bundle('baseline', baselineEntry);
  const stack = await bundle('stack', stackEntry);
  const publisher = await bundle('publisher', publisherEntry);
  const bundles = await Promise.all(
    entries.map(async ({ name, entry }) => ({
      name,
      entry,
      ...(await bundle(name, resolve(repoRoot, entry))),
    })),
  );

  // Every import is paired with a baseline import just before it, and the ratio is the median of
  // those pairs: the machine's speed drifts over the minutes a run takes, and a pair shares it.
  const importMs = new Map<string, number[]>();
  const ratios = new Map<string, number[]>();
  const record = (map: Map<string, number[]>, name: string, value: number) =>
    map.set(name, [...(map.get(name) ?? []), value]);
  const measured: [string, string][] = [
    ['stack', stack.outfile],
    ['publisher', publisher.outfile],
    ...bundles.map((b): [string, string] => [b.name, b.outfile]),
  ];
  if (options.coldStart) {
    for (let i = 0; i < options.runs; i++) {
      for (const [name, file] of measured) {
        const base = await importTime(baseline.outfile);
        const ms = await importTime(file);
        record(importMs, 'baseline', base);
        record(importMs, name, ms);
        record(ratios, name, ms / base);
      }
      progress(
        `cold start: run ${i + 1}/${options.runs} over ${measured.length} bundles, each after the baseline`,
      );
    }
  }
  const baselineMs = median(importMs.get('baseline') ?? []);
  const stackMs = median(importMs.get('stack') ?? []);
  const publisherMs = median(importMs.get('publisher') ?? []);
  const ratioOf = (name: string) => round(median(ratios.get(name) ?? []));
  const rows = bundles.map((b) => {
    const ms = median(importMs.get(b.name) ?? []);
    return {
      function: b.name,
      entry: b.entry,
      bytes: b.bytes,
      top: contributors(b.metafile),
      publishes: loadsSnsClient(b.metafile),
      ...(options.coldStart
        ? {
            importMedianMs: round(ms),
            importRatio: ratioOf(b.name),
            overStackRatio: round(ms / stackMs),
          }
        : {}),
    };
  });
  printTable(
    `2. Bundles (targets: ≤ ${sizeTargetBytes / 1024} KB each${options.coldStart ? `, import-time ratio ≤ ${importRatioTarget} against the baseline` : ''})`,
    rows.map((r) => ({
      function: r.function,
      KB: round(r.bytes / 1024, 1),
      ...(options.coldStart
        ? {
            'import ms': r.importMedianMs ?? '',
            ratio: r.importRatio ?? '',
            'vs libraries': r.overStackRatio ?? '',
          }
        : {}),
      'largest parts (KB)': r.top.map((t) => `${t.owner} ${round(t.bytes / 1024, 1)}`).join(', '),
      '':
        r.bytes <= sizeTargetBytes && (!options.coldStart || (r.importRatio ?? 0) <= importRatioTarget)
          ? 'ok'
          : 'MISS',
    })),
  );
  console.log(
    `  (baseline: a bundle that only constructs a DynamoDB client, ${round(baseline.bytes / 1024, 1)} KB${options.coldStart ? `, imports in ${round(baselineMs)} ms median, imported before every other bundle in each of ${options.runs} runs` : ''};`,
  );
  console.log(
    `   libraries: the document client and zod with no project code, ${round(stack.bytes / 1024, 1)} KB${options.coldStart ? `, ${round(stackMs)} ms = ${ratioOf('stack')}× the baseline` : ''};`,
  );
  if (options.coldStart) {
    console.log(
      `   the DynamoDB and SNS clients alone, which a function that publishes cannot do without: ${round(publisherMs)} ms = ${ratioOf('publisher')}× the baseline)`,
    );
  }
  return {
    targets: { maxBytes: sizeTargetBytes, importRatio: importRatioTarget },
    baseline: { bytes: baseline.bytes, ...(options.coldStart ? { importMedianMs: round(baselineMs) } : {}) },
    libraries: {
      bytes: stack.bytes,
      ...(options.coldStart ? { importMedianMs: round(stackMs), ratio: ratioOf('stack') } : {}),
    },
    publisherClients: {
      bytes: publisher.bytes,
      ...(options.coldStart ? { importMedianMs: round(publisherMs), ratio: ratioOf('publisher') } : {}),
    },
    runs: options.coldStart ? options.runs : 0,
    functions: rows,
  };
};
