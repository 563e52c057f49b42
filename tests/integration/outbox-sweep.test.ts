/**
 * Nothing accepted is lost when SNS is down for longer than every retry budget. The runtime reaches
 * the real emulator through a proxy with a switch; reports are submitted while SNS refuses or
 * stalls, the stream relay gives up on them (its retries, then the on-failure destination), and
 * once SNS is back the outbox sweep publishes every event, found through the sparse index.
 * Deliveries are counted on a queue of our own, subscribed to the events topic past the proxy.
 */
import { randomUUID } from 'node:crypto';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import { subscribedQueue } from '../../infra/local/sns.ts';
import { type Publisher, snsPublisher } from '../../shared/notify/publisher.ts';
import { relayOutbox } from '../../shared/notify/relay.ts';
import { createServices } from '../../shared/services.ts';
import { indexKeys } from '../../shared/store/keys.ts';
import { subscriptionLedger } from '../../shared/store/subscriptions.ts';
import { anonymousReport } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';
import { type SwitchProxy, startSwitchProxy } from './support/switch-proxy.ts';

let proxy: SwitchProxy;
beforeAll(async () => {
  proxy = await startSwitchProxy(inject('snsEndpoint'));
});
afterAll(() => proxy?.close());

// Small budgets, so that an outage outlasts all of them in seconds: one stream retry, one-second
// SNS attempts, a one-second grace before the sweep takes an event.
const api = useLocalRuntime(
  { OUTBOX_SWEEP_GRACE_SECONDS: '1', SNS_TIMEOUT_MS: '1000', LOG_LEVEL: 'SILENT' },
  // The sweep runs when the test says, not on the runtime's timer.
  { snsEndpoint: () => proxy.endpoint, streamMaxRetries: 1, outboxSweepIntervalSeconds: 3600 },
);

const waitFor = async (probe: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** The report ids of ReportSubmitted events among the records the relay gave up on. */
const givenUp = () =>
  new Set(
    (api.runtime.deadLetters as DynamoDBRecord[]).flatMap((record) => {
      const payload = record.dynamodb?.NewImage?.payload?.S;
      const event = payload ? (JSON.parse(payload) as { type: string; reportId?: string }) : undefined;
      return event?.type === 'ReportSubmitted' ? [event.reportId as string] : [];
    }),
  );

/** The events still in the sparse index of unpublished events. */
const unpublishedKeys = async () => {
  const page = await api.db.send(
    new QueryCommand({
      TableName: api.runtime.tableName,
      IndexName: indexKeys.unpublishedOutbox.index,
      KeyConditionExpression: 'GSI5PK = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.unpublishedOutbox.partition },
    }),
  );
  return page.Items ?? [];
};

/** A queue on the events topic, reached directly (not through the switch). */
const eventsQueue = async () => {
  const clients = {
    sns: new SNSClient(localClientConfig(inject('snsEndpoint'))),
    sqs: new SQSClient(localClientConfig(inject('snsEndpoint'))),
  };
  const queue = await subscribedQueue(clients, api.runtime.topicArns.events, `sweep-test-${Date.now()}`);
  const received = new Map<string, number>();
  return {
    received,
    /** Takes what arrived; counts each ReportSubmitted by report id. */
    async take() {
      for (const envelope of await queue.take()) {
        const event = JSON.parse(envelope.Message) as { type: string; reportId?: string };
        if (event.type === 'ReportSubmitted')
          received.set(event.reportId as string, (received.get(event.reportId as string) ?? 0) + 1);
      }
    },
    stop() {
      clients.sns.destroy();
      clients.sqs.destroy();
    },
  };
};

/**
 * Submits reports one after another, each under its own Idempotency-Key, and retries a 503 (a busy
 * machine's DynamoDB Local) under the same key, as a client would: each ends in exactly one report.
 */
const submit = async (count: number, label: string) => {
  const reportIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const headers = { 'idempotency-key': randomUUID() };
    let answer = await api.post('/reports', anonymousReport(`${label} ${i}`), headers);
    for (let retry = 0; answer.status === 503 && retry < 5; retry++) {
      await new Promise((r) => setTimeout(r, 1000));
      answer = await api.post('/reports', anonymousReport(`${label} ${i}`), headers);
    }
    expect(answer.status).toBe(201);
    reportIds.push(answer.body.reportId as string);
  }
  return reportIds;
};

describe('the outbox sweep', () => {
  it('publishes every event exactly once after SNS refused for longer than every retry budget', async () => {
    const events = await eventsQueue();
    try {
      proxy.set('refuse');
      const reportIds = await submit(8, '停发期间的举报');
      // The stream relay retries, then gives up on every one of them.
      await waitFor(() => reportIds.every((id) => givenUp().has(id)), 'the relay to give up');
      const stranded = await unpublishedKeys();
      expect(stranded).toHaveLength(8);
      // An unpublished event never expires: the table's TTL must not remove it during an outage.
      const expiryOf = async (key: Record<string, unknown>) =>
        (
          await api.db.send(
            new GetCommand({ TableName: api.runtime.tableName, Key: { PK: key.PK, SK: key.SK } }),
          )
        ).Item?.ttl as number | undefined;
      for (const key of stranded) expect(await expiryOf(key)).toBeUndefined();

      // Still refused: the sweep publishes nothing, marks nothing, and says it failed.
      await new Promise((r) => setTimeout(r, 1100)); // past the grace period
      expect(await api.runtime.sweepOutbox()).toEqual({ published: 0, failed: true });
      expect(await unpublishedKeys()).toHaveLength(8);

      proxy.set('open');
      expect(await api.runtime.sweepOutbox()).toEqual({ published: 8, failed: false });
      await waitFor(async () => {
        await events.take();
        return reportIds.every((id) => events.received.has(id));
      }, 'every ReportSubmitted on the queue');
      await new Promise((r) => setTimeout(r, 500)); // a repeat would have arrived by now
      await events.take();
      expect(reportIds.map((id) => events.received.get(id))).toEqual(Array(8).fill(1));

      // Marked published and out of the index, expiring a week after publication; counted once; a
      // second sweep finds nothing.
      expect(await unpublishedKeys()).toEqual([]);
      const week = 7 * 24 * 3600;
      for (const key of stranded) {
        expect((await expiryOf(key)) ?? 0).toBeGreaterThan(Date.now() / 1000 + week - 600);
      }
      expect(await api.runtime.sweepOutbox()).toEqual({ published: 0, failed: false });
      const stats = await api.db.send(
        new GetCommand({ TableName: api.runtime.tableName, Key: { PK: 'STATS', SK: 'GLOBAL' } }),
      );
      expect(stats.Item?.reportsReceived).toBe(8);
    } finally {
      proxy.set('open');
      events.stop();
    }
  }, 60_000);

  it('relays ten events to a PublishBatch call, and marks only the entries SNS took', async () => {
    const events = await eventsQueue();
    try {
      // SNS refused for the runtime's own relay, so that only the relay under test publishes.
      proxy.set('refuse');
      const reportIds = await submit(12, '批量发布');
      const items = (await api.itemsOf('OutboxEvent'))
        .filter((item) => reportIds.includes(JSON.parse(item.payload as string).reportId))
        .sort((a, b) => String(a.eventId).localeCompare(String(b.eventId)));
      expect(items).toHaveLength(12);
      const records = items.map(
        (item, i) =>
          ({
            eventName: 'INSERT',
            dynamodb: { SequenceNumber: String(500 + i), NewImage: marshall(item) },
          }) as unknown as DynamoDBRecord,
      );
      const failing = items[4]?.eventId as string;
      const calls: number[] = [];
      const sns = new SNSClient(localClientConfig(inject('snsEndpoint')));
      const real = snsPublisher(
        sns,
        api.runtime.topicArns,
        subscriptionLedger(api.db, api.runtime.tableName),
      );
      // SNS takes every entry but one of the first call, as PublishBatch can answer.
      const faulty = (fail: string | undefined): Publisher => ({
        ...real,
        async publishBatch(topic, entries) {
          calls.push(entries.length);
          const outcome = await real.publishBatch(
            topic,
            entries.filter((entry) => entry.id !== fail),
          );
          const refused = entries.filter((entry) => entry.id === fail);
          return { ...outcome, failed: refused.map(({ id }) => ({ id, reason: 'InternalError' })) };
        },
      });
      const deps = {
        db: api.db,
        tableName: api.runtime.tableName,
        vault: createServices().vault,
        now: () => new Date(),
      };
      const first = await relayOutbox({ ...deps, publisher: faulty(failing) })({ Records: records });
      expect(calls.sort((a, b) => a - b)).toEqual([2, 10]);
      // Lambda retries from the failed entry; those after it went out and are marked.
      expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
        records.slice(4).map((r) => r.dynamodb?.SequenceNumber),
      );
      const unpublished = (await unpublishedKeys()).map((key) => key.PK);
      expect(unpublished).toContain(`OUTBOX#${failing}`);
      expect(unpublished.filter((pk) => items.some((item) => item.PK === pk))).toEqual([`OUTBOX#${failing}`]);

      calls.length = 0;
      const retried = await relayOutbox({ ...deps, publisher: faulty(undefined) })({
        Records: records.slice(4),
      });
      expect(retried).toEqual({ batchItemFailures: [] });
      expect(calls).toEqual([1]); // only the failed one; the rest were marked
      await waitFor(async () => {
        await events.take();
        return reportIds.every((id) => events.received.has(id));
      }, 'every ReportSubmitted on the queue');
      await new Promise((r) => setTimeout(r, 500));
      await events.take();
      expect(reportIds.map((id) => events.received.get(id))).toEqual(Array(12).fill(1));
      sns.destroy();
    } finally {
      proxy.set('open');
      events.stop();
    }
  }, 60_000);

  it('keeps GET /local/inbox and the relay within their time boxes while SNS stalls', async () => {
    const events = await eventsQueue();
    try {
      proxy.set('stall');
      const started = Date.now();
      const inbox = await api.call('GET', '/local/inbox');
      expect(inbox.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(12_000);

      // Every SNS call of the relay times out, so it fails its batches and gives up in seconds
      // (without a time box it would wait on the first call for as long as the stall lasts).
      const [reportId] = await submit(1, '挂起期间的举报');
      await waitFor(() => givenUp().has(reportId as string), 'the relay to give up', 40_000);

      proxy.set('open');
      await new Promise((r) => setTimeout(r, 1100));
      expect(await api.runtime.sweepOutbox()).toEqual({ published: 1, failed: false });
      await waitFor(async () => {
        await events.take();
        return events.received.has(reportId as string);
      }, 'the ReportSubmitted on the queue');
    } finally {
      proxy.set('open');
      events.stop();
    }
  }, 60_000);
});
