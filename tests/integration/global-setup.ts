/**
 * One DynamoDB Local JVM and one SNS emulator for the whole integration run. Each test file then
 * starts its own runtime against them with a table of its own, so files never see each other's
 * data. Everything started here is stopped in teardown: no JVM outlives the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb.ts';
import { startSnsEmulator } from '../../infra/local/sns.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    snsEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  // Keys for this run only, never the developer's .local/keys.
  const localDir = mkdtempSync(join(tmpdir(), 'zhengming-test-'));
  process.env.ZM_LOCAL_DIR = localDir;
  const [dynamo, sns] = await Promise.all([startDynamoDbLocal(), startSnsEmulator()]);
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
  project.provide('snsEndpoint', sns.endpoint);
  return async () => {
    await Promise.all([dynamo.stop(), sns.stop()]);
    rmSync(localDir, { recursive: true, force: true });
  };
}
