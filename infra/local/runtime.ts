/**
 * The local runtime, assembled: DynamoDB Local and the SNS emulator (started here unless given),
 * the table and topics of shared/contract/resources.ts, every handler of the route table behind the local
 * gateway, and the stream poller feeding the outbox relay. `npm start`, the integration tests and
 * the benchmarks all run this same assembly.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { streamReaders, type TopicKey, topicArnEnv } from '../../shared/contract/resources.ts';
import { routeEntries } from '../../shared/contract/routes.ts';
import { localClientConfig, localCredentials, localRegion } from './aws-env.ts';
import { createTable, startDynamoDbLocal } from './dynamodb.ts';
import { type AroundHandler, loadHandlers, startGateway } from './gateway.ts';
import { localSecrets, localTokenVerifier } from './keys.ts';
import { localConsoleRoute } from './sign-in.ts';
import { attachLocalSns, startSnsEmulator } from './sns.ts';
import { startStreamPoller } from './stream-poller.ts';
import { staticSite } from './web.ts';

export interface LocalRuntimeOptions {
  host?: string;
  port?: number;
  /** Keep DynamoDB data in this directory between runs (default: in memory). */
  dataDir?: string | undefined;
  /** Use an already running DynamoDB Local instead of starting one. */
  dynamoDbEndpoint?: string;
  /** Use an already running SNS emulator instead of starting one. */
  snsEndpoint?: string;
  tableName?: string;
  /** How often the local timer runs the overdue sweep (EventBridge's schedule in the cloud). */
  sweepIntervalSeconds?: number;
  /** How often the local timer runs the outbox sweep (default 60, as in the cloud). */
  outboxSweepIntervalSeconds?: number;
  /** Retries of a failing stream batch before the on-failure destination (default: the cloud's). */
  streamMaxRetries?: number;
  /** Extra environment for the handlers (limits, log level). */
  env?: Record<string, string>;
  /** Serve the built web pages from this directory beside the API (npm start: web/dist). */
  webDir?: string;
  /** Wraps every handler invocation of the gateway (used by the benchmarks). */
  aroundHandler?: AroundHandler;
  /** Wraps every invocation of the stream readers, named `relay` and `accuser-records` (benchmarks). */
  aroundWorker?: AroundHandler;
  /**
   * The stream readers' batching window (default: the cloud's, shared/contract/resources.ts). Tests that
   * wait for the readers after each step set 0, so that a single record is handled at once.
   */
  streamBatchingWindowMs?: number;
}

export const startLocalRuntime = async (options: LocalRuntimeOptions = {}) => {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse())
      await fn().catch((e: unknown) => console.error('[local] stop failed', e));
  };
  try {
    // Both stand-ins start at once; each registers its stop as soon as it is up.
    const started = <T extends { stop(): Promise<void> }>(service: T): T => {
      stops.push(service.stop);
      return service;
    };
    const [dynamo, emulator] = await Promise.all([
      options.dynamoDbEndpoint ? undefined : startDynamoDbLocal({ dataDir: options.dataDir }).then(started),
      options.snsEndpoint ? undefined : startSnsEmulator().then(started),
    ]);
    const dynamoDbEndpoint = options.dynamoDbEndpoint ?? (dynamo?.endpoint as string);
    const tableName = options.tableName ?? 'zhengming';
    const admin = new DynamoDBClient(localClientConfig(dynamoDbEndpoint));
    const streamArn = await createTable(admin, tableName);
    admin.destroy();

    const sns = await attachLocalSns(options.snsEndpoint ?? (emulator?.endpoint as string));
    stops.push(sns.stop);

    // The handlers run in this process and read their configuration as a Lambda would: from env.
    const secrets = localSecrets();
    Object.assign(process.env, {
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
      AWS_ENDPOINT_URL_SNS: sns.endpoint,
      TABLE_NAME: tableName,
      LOCAL_MASTER_SECRET: secrets.masterSecret,
      LOCAL_IDENTITY_KEY: secrets.identityKey,
      LOCAL_NOTICE_KEY: secrets.noticeKey,
      PUBLIC_BASE_URL: `http://${options.host ?? '127.0.0.1'}:${options.port ?? 3000}`,
      ...Object.fromEntries(
        Object.entries(sns.topicArns).map(([key, arn]) => [topicArnEnv(key as TopicKey), arn]),
      ),
      ...options.env,
    });

    const handlers = await loadHandlers(routeEntries);
    const around = <E, R>(name: string, handler: (event: E) => Promise<R>) =>
      options.aroundWorker
        ? (event: E) => (options.aroundWorker as AroundHandler)(name, () => handler(event))
        : handler;
    const relay = (await import('../../functions/workers/relay.ts')).handler as (
      event: DynamoDBStreamEvent,
    ) => Promise<DynamoDBBatchResponse>;
    const deadLetters: unknown[] = [];
    const windowOverride = {
      ...(options.streamBatchingWindowMs === undefined
        ? {}
        : { batchingWindowMs: options.streamBatchingWindowMs }),
      ...(options.streamMaxRetries === undefined ? {} : { maxRetries: options.streamMaxRetries }),
    };
    const poller = startStreamPoller({
      endpoint: dynamoDbEndpoint,
      streamArn,
      handler: around('relay', relay),
      ...streamReaders.relay,
      ...windowOverride,
      onFailure: (records, error) => {
        console.error(
          `[stream] relay: ${records.length} record(s) to the on-failure destination (${error}); the outbox sweep publishes their events`,
        );
        deadLetters.push(...records);
      },
    });
    stops.push(poller.stop);
    // A second reader of the same stream, as the second event source mapping is in the cloud.
    const accuserRecords = (await import('../../functions/workers/accuser-records.ts')).handler as (
      event: DynamoDBStreamEvent,
    ) => Promise<DynamoDBBatchResponse>;
    const accuserPoller = startStreamPoller({
      endpoint: dynamoDbEndpoint,
      streamArn,
      handler: around('accuser-records', accuserRecords),
      ...streamReaders.accuserRecords,
      ...windowOverride,
      onFailure: (records, error) => {
        console.error(
          `[stream] accuser records: ${records.length} record(s) to the on-failure destination: ${error}`,
        );
        deadLetters.push(...records);
      },
    });
    stops.push(accuserPoller.stop);

    // EventBridge's part: run the overdue sweep on a timer (and on demand, for tests).
    const { handler: sweep } = (await import('../../functions/workers/overdue-sweep.ts')) as {
      handler: () => Promise<{ alerted: number; examined: number }>;
    };
    const sweepEvery = (options.sweepIntervalSeconds ?? 60) * 1000;
    const sweepTimer = setInterval(() => {
      sweep().catch((error: unknown) => console.error('[sweep] failed:', (error as Error).message));
    }, sweepEvery);
    stops.push(async () => clearInterval(sweepTimer));

    // And the outbox sweep, every minute: it publishes what the relay gave up on. One run at a
    // time, as the cloud function's concurrency of one ensures.
    const { handler: outboxSweep } = (await import('../../functions/workers/outbox-sweep.ts')) as {
      handler: () => Promise<{ published: number; failed: boolean }>;
    };
    let outboxSweeping: Promise<{ published: number; failed: boolean }> | undefined;
    const sweepOutbox = () => {
      outboxSweeping ??= outboxSweep().finally(() => {
        outboxSweeping = undefined;
      });
      return outboxSweeping;
    };
    const outboxSweepTimer = setInterval(
      () => {
        sweepOutbox().catch((error: unknown) =>
          console.error('[outbox sweep] failed:', (error as Error).message),
        );
      },
      (options.outboxSweepIntervalSeconds ?? 60) * 1000,
    );
    stops.push(async () => {
      clearInterval(outboxSweepTimer);
      await outboxSweeping?.catch(() => undefined);
    });

    const gateway = await startGateway({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      routes: routeEntries,
      handlers,
      verifyToken: await localTokenVerifier(),
      ...(options.aroundHandler ? { aroundHandler: options.aroundHandler } : {}),
      localRoute: async (method, url, body) => {
        if (method === 'GET' && url.pathname === '/local/inbox') {
          const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 50) || 50, 1), 500);
          return { status: 200, body: { items: await sns.inbox(limit) } };
        }
        return localConsoleRoute(method, url, body);
      },
      ...(options.webDir ? { staticSite: staticSite(options.webDir) } : {}),
    });
    stops.push(gateway.stop);

    return {
      url: gateway.url,
      dynamoDbEndpoint,
      /** The JVM this runtime started (none when given an endpoint). */
      dynamoDbPid: dynamo?.pid,
      /** Settles, with how it ended, if that JVM ends before stop(): the runtime cannot serve then. */
      dynamoDbDied: dynamo?.died ?? new Promise<string>(() => undefined),
      snsEndpoint: sns.endpoint,
      tableName,
      streamArn,
      topicArns: sns.topicArns,
      inbox: sns.inbox,
      poller,
      accuserPoller,
      /** Both stream readers have caught up with everything written before the call. */
      settled: () => Promise.all([poller.settled(), accuserPoller.settled()]).then(() => undefined),
      deadLetters,
      sweep,
      /** Runs the outbox sweep now (or waits for the run under way). */
      sweepOutbox,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};

export type LocalRuntime = Awaited<ReturnType<typeof startLocalRuntime>>;
