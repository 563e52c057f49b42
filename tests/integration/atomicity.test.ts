import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import { receiveReport, reportSubmitted } from '../../shared/domain/report.ts';
import { createServices, documentClient } from '../../shared/services.ts';
import { entityKeys } from '../../shared/store/keys.ts';
import { reportStore } from '../../shared/store/reports.ts';
import { httpEvent, invoke } from '../support/events.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();
// This file injects faults on purpose: its "transient store fault" and "unexpected error" log
// lines are the expected result, and read like real failures in a test log. Its assertions are on
// the answers; logs.test.ts covers what is logged.
beforeAll(() => {
  vi.stubEnv('LOG_LEVEL', 'SILENT');
});
afterAll(() => {
  vi.unstubAllEnvs();
});
// Handler modules configure themselves from env on import, which the runtime sets up first.
const handlers = async () => ({
  submitReport: (await import('../../functions/reports/submit.ts')).submitReport,
  lookupReceipt: (await import('../../functions/reports/lookup.ts')).lookupReceipt,
});

/** A real DynamoDB Local client whose chosen commands fail the way DynamoDB fails under load. */
const faultyClient = (failing: string[], fault: () => Error) => {
  const client = new DynamoDBClient({ ...localClientConfig(api.runtime.dynamoDbEndpoint), maxAttempts: 1 });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (failing.includes(String(context.commandName))) throw fault();
      return next(args);
    },
    { step: 'initialize', name: 'injectFault' },
  );
  return documentClient(client);
};

const throttled = () =>
  Object.assign(new Error('Throughput exceeds the current capacity'), {
    name: 'ProvisionedThroughputExceededException',
    $metadata: { httpStatusCode: 400 },
  });

describe('the submit transaction', () => {
  it('leaves nothing behind when one of its conditions fails', async () => {
    const taken = await api.post('/reports', anonymousReport());
    const [receipt] = (await api.itemsOf('Receipt')).filter((r) => r.reportId === taken.body.reportId);

    const store = reportStore(createServices());
    const report = receiveReport(
      {
        accused: anonymousReport().accused,
        category: 'OTHER',
        allegations: [{ summary: '冲突' }],
        reporterKind: 'ANONYMOUS',
      },
      new Date(),
    );
    const event = reportSubmitted(report);
    // Reusing an existing receipt hash makes the receipt Put's condition fail.
    await expect(
      store.submit({ report, event, receiptHash: receipt?.receiptHash as string }, new Date()),
    ).rejects.toThrow(/the receipt condition failed/);

    const keys = (await api.allItems()).map((item) => `${item.PK}|${item.SK}`);
    expect(keys).not.toContain(`${entityKeys.report(report.reportId).PK}|REPORT`);
    expect(keys).not.toContain(`${entityKeys.outbox(event.eventId).PK}|OUTBOX`);
  });

  it('answers 503 with Retry-After when DynamoDB throttles, and writes nothing', async () => {
    await api.runtime.settled();
    const before = (await api.allItems()).length;
    const handler = (await handlers()).submitReport(
      createServices({ db: faultyClient(['TransactWriteItemsCommand'], throttled) }),
    );
    const response = await invoke(
      handler,
      httpEvent({ method: 'POST', path: '/reports', body: anonymousReport() }),
    );
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body.error.code).toBe('UNAVAILABLE');
    await api.runtime.settled();
    expect((await api.allItems()).length).toBe(before);
  });

  it('answers 503 when DynamoDB cannot be reached at all', async () => {
    const unreachable = documentClient(
      new DynamoDBClient({ ...localClientConfig('http://127.0.0.1:9'), maxAttempts: 1 }),
    );
    const handler = (await handlers()).lookupReceipt(createServices({ db: unreachable }));
    const response = await invoke(
      handler,
      httpEvent({ method: 'POST', path: '/receipts/lookup', body: { receiptCode: 'x' } }),
    );
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('UNAVAILABLE');
  });

  it('answers a bare 500 without internals for a bug', async () => {
    const broken = faultyClient(
      ['TransactWriteItemsCommand'],
      () => new TypeError('secret internals at line 42'),
    );
    const handler = (await handlers()).submitReport(createServices({ db: broken }));
    const response = await invoke(
      handler,
      httpEvent({ method: 'POST', path: '/reports', body: anonymousReport() }),
    );
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('secret internals');
    expect(response.body.error.code).toBe('INTERNAL');
  });

  it('retries a transaction that lost a conflict, then succeeds once', async () => {
    let failures = 1;
    const conflicted = () =>
      Object.assign(new Error('Transaction cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'TransactionConflict' }],
        $metadata: {},
      });
    const client = new DynamoDBClient({ ...localClientConfig(api.runtime.dynamoDbEndpoint), maxAttempts: 1 });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && failures-- > 0) throw conflicted();
        return next(args);
      },
      { step: 'initialize', name: 'conflictOnce' },
    );
    const before = (await api.itemsOf('Report')).length;
    const handler = (await handlers()).submitReport(createServices({ db: documentClient(client) }));
    const response = await invoke(
      handler,
      httpEvent({ method: 'POST', path: '/reports', body: anonymousReport() }),
    );
    expect(response.status).toBe(201);
    expect((await api.itemsOf('Report')).length).toBe(before + 1);
  });
});
