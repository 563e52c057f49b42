/**
 * The local runtime, assembled: DynamoDB Local and the SNS emulator (started here unless given),
 * the table and topics of shared/contract/resources.ts, every handler of the route table behind the
 * local gateway, and every worker of shared/contract/workers.ts: a stream poller per stream reader
 * (Lambda's event source mapping), a timer per scheduled worker (EventBridge's rule). `npm start`,
 * the integration tests and the benchmarks all run this same assembly.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { evidenceBucket, type TopicKey, topicArnEnv } from '../../shared/contract/resources.ts';
import { routeEntries } from '../../shared/contract/routes.ts';
import { localClientConfig, localCredentials, localRegion } from './aws-env.ts';
import { createTable, startDynamoDbLocal } from './dynamodb.ts';
import { attachLocalEvidence } from './evidence.ts';
import { type AroundHandler, loadHandlers, startGateway } from './gateway.ts';
import { localSecrets, localTokenVerifier } from './keys.ts';
import { type LocalMember, localDemoMembers, recordSignIn, seedMembers } from './members.ts';
import { localConsoleRoute } from './sign-in.ts';
import { attachLocalSns, startSnsEmulator } from './sns.ts';
import { staticSite } from './web.ts';
import { startWorkers } from './workers.ts';

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
  /** How often the local timer runs the overdue sweep (default 60; every five minutes in the cloud). */
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
  /** Wraps every invocation of the stream readers, by worker name (benchmarks). */
  aroundWorker?: AroundHandler;
  /**
   * The stream readers' batching window (default: the cloud's, shared/contract/workers.ts). Tests that
   * wait for the readers after each step set 0, so that a single record is handled at once.
   */
  streamBatchingWindowMs?: number;
  /**
   * The members in the registry from the start (default: the demo sign-in's), each with their
   * commission; a member who signs in locally is recorded again from the sign-in's claims.
   */
  members?: readonly LocalMember[];
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
    // The member registry, as the sign-in trigger keeps it in the cloud (members.ts).
    const registry = { db: DynamoDBDocumentClient.from(admin), tableName };
    await seedMembers(registry, options.members ?? localDemoMembers);
    stops.push(async () => admin.destroy());

    const sns = await attachLocalSns(options.snsEndpoint ?? (emulator?.endpoint as string));
    stops.push(sns.stop);
    const evidence = await attachLocalEvidence(sns.endpoint);

    // The handlers run in this process and read their configuration as a Lambda would: from env.
    const secrets = localSecrets();
    Object.assign(process.env, {
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint,
      AWS_ENDPOINT_URL_SNS: sns.endpoint,
      AWS_ENDPOINT_URL_S3: sns.endpoint,
      [evidenceBucket.env]: evidence.bucket,
      TABLE_NAME: tableName,
      LOCAL_MASTER_SECRET: secrets.masterSecret,
      LOCAL_IDENTITY_KEY: secrets.identityKey,
      LOCAL_NOTICE_KEY: secrets.noticeKey,
      PUBLIC_BASE_URL: `http://${options.host ?? '127.0.0.1'}:${options.port ?? 3000}`,
      // No phone to text here: a reporter's one-time code goes to the notices topic, to the inbox.
      LOCAL_SMS_TOPIC: 'notices',
      ...Object.fromEntries(
        Object.entries(sns.topicArns).map(([key, arn]) => [topicArnEnv(key as TopicKey), arn]),
      ),
      ...options.env,
    });

    const handlers = await loadHandlers(routeEntries);
    const workers = await startWorkers({
      ...options,
      dynamoDbEndpoint,
      streamArn,
      emulatorEndpoint: sns.endpoint,
      evidenceQueueUrl: evidence.queueUrl,
    });
    stops.push(workers.stop);

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
        return localConsoleRoute(method, url, body, {
          signedIn: (claims, groups) => recordSignIn(registry, claims, groups),
        });
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
      evidenceBucket: evidence.bucket,
      tableName,
      streamArn,
      topicArns: sns.topicArns,
      inbox: sns.inbox,
      /** Every stream reader has caught up with everything written before the call. */
      settled: workers.settled,
      /** The evidence check has handled every upload made before the call. */
      uploadsSettled: workers.uploadsSettled,
      deadLetters: workers.deadLetters,
      /** Runs a scheduled worker now (or waits for the run under way). */
      run: workers.run,
      /** Runs the outbox sweep now (or waits for the run under way). */
      sweepOutbox: () => workers.run('outboxSweep') as Promise<{ published: number; failed: boolean }>,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};

export type LocalRuntime = Awaited<ReturnType<typeof startLocalRuntime>>;
