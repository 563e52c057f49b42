/**
 * News without content: a reporter who left an email is told through SNS that there is news, and
 * nothing else; once per event, at most once per report within the coalescing window.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { localClientConfig } from '../../infra/local/aws-env.ts';
import type { Envelope } from '../../shared/crypto/vault.ts';
import { type NewsContact, newsContactContext } from '../../shared/domain/reporter.ts';
import { newsText } from '../../shared/domain/reporter-news.ts';
import type { NewsSender } from '../../shared/notify/news-sender.ts';
import { tellReporters } from '../../shared/notify/reporter-news.ts';
import { createServices, documentClient } from '../../shared/services.ts';
import { anonymousReport, realNameReport, validResidentId } from '../support/fixtures.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();
const intake = api.as('intake', 'intake-news-1');

interface Delivered {
  topic: string;
  subject?: string;
  message: string;
  attributes: Record<string, string>;
}

/** What reached the local inbox for the contact with this subscription key. */
const newsTo = async (contactKey: string): Promise<Delivered[]> => {
  const { body } = await api.call('GET', '/local/inbox?limit=500');
  return (body.items as Delivered[]).filter((m) => m.attributes.newsFor === contactKey);
};

const contactKeys = async () =>
  (await api.itemsOf('ReporterNewsSubscription')).map((item) => String(item.contactKey));

const submit = async (body: unknown) => {
  const answer = await api.post('/reports', body);
  expect(answer.status).toBe(201);
  return answer.body as { reportId: string; receiptCode: string };
};

const register = async (reportId: string) => {
  const answer = await intake.post('/clues', { reportIds: [reportId] });
  expect(answer.status).toBe(201);
  return answer.body as { clueId: string; version: number };
};

const clients: { destroy(): void }[] = [];
afterAll(() => {
  for (const client of clients) client.destroy();
});
/** The services of a worker on this file's runtime: its table, the same keys. */
const servicesOfRuntime = () => {
  const services = createServices();
  const local = documentClient(new DynamoDBClient(localClientConfig(api.runtime.dynamoDbEndpoint)));
  clients.push(local);
  return { ...services, db: local, config: { ...services.config, TABLE_NAME: api.runtime.tableName } };
};

describe('news without content', () => {
  const email = `news.${Date.now()}@example.cn`;
  const person = { name: '周九', idNumber: validResidentId('777'), phone: '13712345678' };
  const state = {} as { reportId: string; receiptCode: string; clueId: string; version: number; key: string };

  it('tells a reporter who left an email that there is news when the report is accepted, and nothing else', async () => {
    Object.assign(state, await submit({ ...realNameReport(person), notifyMe: { email } }));
    await api.runtime.settled();
    // Received is not news: the reporter has the receipt in hand.
    expect(await contactKeys()).toEqual([]);

    const clue = await register(state.reportId);
    Object.assign(state, { clueId: clue.clueId, version: clue.version });
    await api.runtime.settled();
    const [key] = await contactKeys();
    state.key = key as string;
    const delivered = await newsTo(state.key);
    expect(delivered).toHaveLength(1);
    const [news] = delivered as [Delivered];
    expect(news.topic).toBe('notices');
    expect(news.message).toBe(newsText);
    expect(news.message).toContain('您在纪检监察机关的检举控告有新的进展，请凭受理码登录查询。');
    const everything = JSON.stringify(news);
    for (const secret of [
      state.reportId,
      state.receiptCode,
      state.receiptCode.replaceAll('-', ''),
      clue.clueId,
      person.name,
      person.idNumber,
      person.phone,
      email,
      '张三', // the accused
      'ACCEPTED',
      '已受理',
      'http',
    ]) {
      expect(everything).not.toContain(secret);
    }
    // The address is sealed twice over, and the news contact cannot be opened as an identity.
    const [stored] = (await api.itemsOf('Report')).filter((r) => r.reportId === state.reportId);
    expect(JSON.stringify(stored)).not.toContain(email);
    const vault = createServices().vault;
    await expect(
      vault.open<NewsContact>(stored?.newsContact as Envelope, newsContactContext(state.reportId)),
    ).resolves.toEqual({ channel: 'email', address: email });
    await expect(vault.open(stored?.newsContact as Envelope, { reportId: state.reportId })).rejects.toThrow();
  });

  it('coalesces: a further visible step within the window is not a second message', async () => {
    const assigned = await intake.post(`/clues/${state.clueId}/actions`, {
      action: 'assign',
      assignee: 'inv-news',
      expectedVersion: state.version,
    });
    expect(assigned.status).toBe(200);
    const started = await api.as('investigator', 'inv-news').post(`/clues/${state.clueId}/actions`, {
      action: 'start-verification',
      expectedVersion: assigned.body.version,
    });
    expect(started.status).toBe(200);
    await api.runtime.settled();
    expect(await newsTo(state.key)).toHaveLength(1);
    const marks = (await api.itemsOf('ProcessedEvent')).filter((m) =>
      String(m.PK).startsWith('PROCESSED#reporterNews#'),
    );
    // ClueRegistered and the step to verification were both handled; assignment is not news.
    expect(marks).toHaveLength(2);
  });

  it('keeps an anonymous reporter’s email sealed, and tells them too', async () => {
    const anonymousEmail = `anon.${Date.now()}@example.cn`;
    const { reportId } = await submit({
      ...anonymousReport('匿名留邮箱的举报'),
      notifyMe: { email: anonymousEmail },
    });
    const [stored] = (await api.itemsOf('Report')).filter((r) => r.reportId === reportId);
    expect(stored?.identity).toBeDefined();
    expect(stored?.newsContact).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain(anonymousEmail);
    await register(reportId);
    await api.runtime.settled();
    const keys = await contactKeys();
    expect(keys).toHaveLength(2);
    const key = keys.find((k) => k !== state.key) as string;
    const delivered = await newsTo(key);
    expect(delivered.map((m) => m.message)).toEqual([newsText]);
  });

  it('never sends twice for a redelivered event, and sends once when a failed send is retried', async () => {
    const { reportId } = await submit({ ...realNameReport(person), notifyMe: { email: `re.${email}` } });
    const { clueId } = await register(reportId);
    await api.runtime.settled();
    const [registered] = (await api.itemsOf('OutboxEvent')).filter(
      (o) => o.type === 'ClueRegistered' && String(o.payload).includes(clueId),
    );
    const record = (eventId: string) =>
      ({
        eventName: 'INSERT',
        dynamodb: {
          SequenceNumber: '1',
          NewImage: {
            entity: { S: 'OutboxEvent' },
            eventId: { S: eventId },
            type: { S: 'ClueRegistered' },
            topic: { S: 'events' },
            payload: { S: String(registered?.payload).replace(String(registered?.eventId), eventId) },
            occurredAt: { S: registered?.occurredAt },
          },
        },
      }) as unknown as DynamoDBRecord;
    const sent: NewsContact[] = [];
    const counting: NewsSender = { send: async (contact) => void sent.push(contact) };
    const worker = tellReporters(servicesOfRuntime(), () => counting);

    // The runtime's worker handled this event already: its redelivery sends nothing.
    expect(await worker({ Records: [record(String(registered?.eventId))] })).toEqual({
      batchItemFailures: [],
    });
    expect(sent).toEqual([]);

    // A new event: the runtime told this reporter a moment ago, so open the coalescing window first.
    const [mark] = (await api.itemsOf('ReporterNewsMark')).filter((m) => m.PK === `NEWS#${reportId}`);
    expect(mark).toBeDefined();
    await servicesOfRuntime().db.send(
      new PutCommand({
        TableName: api.runtime.tableName,
        Item: { ...mark, lastSentAt: '2020-01-01T00:00:00.000Z' },
      }),
    );
    // Its send fails: the claim is given back, so the retry sends it once, and a redelivery never.
    const eventId = `evt_news_retry_${Date.now()}`;
    const failing = tellReporters(servicesOfRuntime(), () => ({
      send: async () => {
        throw new Error('SNS is down');
      },
    }));
    vi.stubEnv('LOG_LEVEL', 'SILENT');
    try {
      expect(await failing({ Records: [record(eventId)] })).toEqual({
        batchItemFailures: [{ itemIdentifier: '1' }],
      });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(await worker({ Records: [record(eventId)] })).toEqual({ batchItemFailures: [] });
    expect(await worker({ Records: [record(eventId)] })).toEqual({ batchItemFailures: [] });
    expect(sent).toEqual([{ channel: 'email', address: `re.${email}` }]);
  });
});
