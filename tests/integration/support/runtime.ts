/** A local runtime per test file, on the shared DynamoDB Local and SNS emulator, with its own table. */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { localClientConfig } from '../../../infra/local/aws-env.ts';
import { issueLocalToken } from '../../../infra/local/keys.ts';
import type { LocalMember } from '../../../infra/local/members.ts';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.ts';
import type { Role } from '../../../shared/contract/routes.ts';
import { compileContract, expectContract } from '../../support/contract.ts';
import { testMembers } from '../../support/members.ts';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export const useLocalRuntime = (
  env: Record<string, string> = {},
  options: {
    streamBatchingWindowMs?: number;
    /** Another way to the shared emulator (a proxy with a switch), read when the runtime starts. */
    snsEndpoint?: () => string;
    streamMaxRetries?: number;
    outboxSweepIntervalSeconds?: number;
    /** The member registry at the start (default: the demo members and the tests' investigators). */
    members?: readonly LocalMember[];
  } = {},
) => {
  const state = {} as { runtime: LocalRuntime; db: DynamoDBDocumentClient };

  beforeAll(async () => {
    compileContract();
    state.runtime = await startLocalRuntime({
      dynamoDbEndpoint: inject('dynamoDbEndpoint'),
      snsEndpoint: options.snsEndpoint?.() ?? inject('snsEndpoint'),
      tableName: `zhengming-${randomBytes(4).toString('hex')}`,
      env: { LOG_LEVEL: 'WARN', ...env },
      members: options.members ?? testMembers,
      // Most tests wait for the relay after each step; the batching window has a test of its own.
      streamBatchingWindowMs: options.streamBatchingWindowMs ?? 0,
      ...(options.streamMaxRetries === undefined ? {} : { streamMaxRetries: options.streamMaxRetries }),
      ...(options.outboxSweepIntervalSeconds === undefined
        ? {}
        : { outboxSweepIntervalSeconds: options.outboxSweepIntervalSeconds }),
    });
    state.db = DynamoDBDocumentClient.from(
      new DynamoDBClient(localClientConfig(state.runtime.dynamoDbEndpoint)),
    );
  });
  afterAll(async () => {
    state.db?.destroy();
    await state.runtime?.stop();
  });

  const call = async <T = any>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      raw?: string;
      headers?: Record<string, string>;
      role?: Role;
      user?: string;
      /** The member's commission (the `custom:commissionId` claim); none: the single commission. */
      commission?: string;
    } = {},
  ): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.role) {
      const claims = options.commission ? { 'custom:commissionId': options.commission } : {};
      headers.authorization = `Bearer ${await issueLocalToken(options.user ?? `${options.role}-1`, [options.role], 12, claims)}`;
    }
    const response = await fetch(`${state.runtime.url}${path}`, {
      method,
      headers,
      ...(options.raw !== undefined
        ? { body: options.raw }
        : options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    const received = { status: response.status, headers: response.headers, body: body as T };
    // Every response must keep the published contract, or the test that received it fails.
    expectContract(method, path, received);
    return received;
  };

  /** Every item in this file's table; fine for tests, never used by the service. */
  const allItems = async (): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await state.db.send(
        new ScanCommand({ TableName: state.runtime.tableName, ExclusiveStartKey }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  };

  /** Calls as one staff member: `as('approver', 'appr-1').post(path, body)`, of `commission` if given. */
  const as = (role: Role, user: string, commission?: string) => {
    const who = { role, user, ...(commission ? { commission } : {}) };
    return {
      post: <T = any>(path: string, body?: unknown) => call<T>('POST', path, { body: body ?? {}, ...who }),
      put: <T = any>(path: string, body?: unknown) => call<T>('PUT', path, { body: body ?? {}, ...who }),
      get: <T = any>(path: string) => call<T>('GET', path, who),
    };
  };

  return {
    as,
    get runtime() {
      return state.runtime;
    },
    get db() {
      return state.db;
    },
    call,
    post: <T = any>(path: string, body: unknown, headers: Record<string, string> = {}) =>
      call<T>('POST', path, { body, headers }),
    allItems,
    itemsOf: async (entity: string) => (await allItems()).filter((item) => item.entity === entity),
  };
};
