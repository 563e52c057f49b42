/**
 * Publishing to SNS topics by their key in shared/contract/resources.ts; only the outbox relay and the outbox
 * sweep call this.
 */
import { createHash } from 'node:crypto';
import {
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  type SNSClient,
  type SNSClientConfig,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import type { TopicKey } from '../contract/resources.ts';

export interface Publication {
  message: string;
  /** SNS subjects are ASCII and at most 100 characters; used as the email subject. */
  subject?: string;
  attributes: Record<string, string>;
}

/** What became of each entry of a batch, by the caller's id. */
export interface BatchOutcome {
  sent: { id: string; messageId: string | undefined }[];
  failed: { id: string; reason: string }[];
}

/** SNS takes at most ten messages in one PublishBatch call. */
export const publishBatchLimit = 10;

export interface Publisher {
  /**
   * Publishes up to ten messages to one topic in one call. Each entry succeeds or fails on its own;
   * a call that fails as a whole (SNS unreachable, refused, timed out) throws.
   */
  publishBatch(topic: TopicKey, entries: { id: string; publication: Publication }[]): Promise<BatchOutcome>;
  /**
   * Points a cadre's email/SMS subscriptions at their current contact, each with a filter policy
   * on `cadreId` so they receive only their own messages. Returns the subscriptions, joined.
   */
  subscribeCadre(
    topic: TopicKey,
    cadreId: string,
    contact: { email?: string; phone?: string },
  ): Promise<string>;
  /**
   * Texts one mainland mobile number directly (SNS Publish to a phone number, transactional), for
   * messages meant for one person only: a reporter's one-time code. Returns the message id.
   */
  sendSms(phone: string, message: string, attributes: Record<string, string>): Promise<string | undefined>;
}

/**
 * Every SNS call is time-boxed: an attempt that gets no answer within `timeoutMs` fails (the SDK's
 * requestTimeout only warns unless told to throw), and a call makes at most three attempts. A
 * stalled SNS then fails the relay's batch within seconds, to be retried or swept, instead of
 * holding it until the Lambda times out.
 */
export const snsClientConfig = (timeoutMs: number): SNSClientConfig => ({
  maxAttempts: 3,
  requestHandler: {
    connectionTimeout: Math.min(timeoutMs, 2_000),
    requestTimeout: timeoutMs,
    throwOnRequestTimeout: true,
  },
});

/**
 * Where subscriptions stand: per cadre, the endpoints they use; per endpoint (hashed: it is an email
 * or phone number), its SNS subscription and the cadres whose messages it takes. One email may
 * serve several cadres (a unit's office address), and SNS refuses a second subscription of the same
 * endpoint with other attributes, so an endpoint has one subscription whose filter lists them all.
 */
export interface SubscriptionLedger {
  endpointsOf(cadreId: string): Promise<string[]>;
  setEndpointsOf(cadreId: string, endpointKeys: string[]): Promise<void>;
  subscriptionAt(endpointKey: string): Promise<{ arn: string; cadreIds: string[] } | undefined>;
  saveSubscription(
    endpointKey: string,
    subscription: { arn: string; cadreIds: string[] } | undefined,
  ): Promise<void>;
}

const smsAttributes = (attributes: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
  );

const endpointKeyOf = (protocol: string, endpoint: string) =>
  createHash('sha256').update(`${protocol}:${endpoint.toLowerCase()}`).digest('hex');

const filterFor = (cadreIds: string[]) => JSON.stringify({ cadreId: [...cadreIds].sort() });

export const snsPublisher = (
  sns: SNSClient,
  topicArns: Record<TopicKey, string>,
  ledger: SubscriptionLedger,
  /**
   * Local runtime only: the emulator cannot text a phone, so texts go to this topic instead, where
   * the local inbox shows them (attribute `to`: the number a phone would have received it on).
   */
  localSmsTopic?: TopicKey,
): Publisher => ({
  async sendSms(phone, message, attributes) {
    const out = await sns.send(
      localSmsTopic
        ? new PublishCommand({
            TopicArn: topicArns[localSmsTopic],
            Message: message,
            Subject: 'SMS',
            MessageAttributes: smsAttributes({ ...attributes, to: phone }),
          })
        : new PublishCommand({
            PhoneNumber: `+86${phone}`,
            Message: message,
            MessageAttributes: {
              'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            },
          }),
    );
    return out.MessageId;
  },

  async publishBatch(topic, entries) {
    // Batch entry ids must be short and plain; the caller's ids (event ids) are mapped to indexes.
    const out = await sns.send(
      new PublishBatchCommand({
        TopicArn: topicArns[topic],
        PublishBatchRequestEntries: entries.map(({ publication }, index) => ({
          Id: String(index),
          Message: publication.message,
          Subject: publication.subject,
          MessageAttributes: Object.fromEntries(
            Object.entries(publication.attributes).map(([name, value]) => [
              name,
              { DataType: 'String', StringValue: value },
            ]),
          ),
        })),
      }),
    );
    const idOf = (index: string | undefined) => entries[Number(index)]?.id as string;
    const sent = (out.Successful ?? []).map((entry) => ({ id: idOf(entry.Id), messageId: entry.MessageId }));
    const failed = (out.Failed ?? []).map((entry) => ({
      id: idOf(entry.Id),
      reason: `${entry.Code}: ${entry.Message ?? ''}`,
    }));
    // An entry SNS names in neither list did not go out as far as anyone can tell.
    const answered = new Set([...sent, ...failed].map((entry) => entry.id));
    for (const { id } of entries) if (!answered.has(id)) failed.push({ id, reason: 'no answer' });
    return { sent, failed };
  },

  async subscribeCadre(topic, cadreId, contact) {
    const endpoints = [
      ...(contact.email ? [{ Protocol: 'email', Endpoint: contact.email }] : []),
      ...(contact.phone ? [{ Protocol: 'sms', Endpoint: `+86${contact.phone}` }] : []),
    ].map((e) => ({ ...e, key: endpointKeyOf(e.Protocol, e.Endpoint) }));
    const arns: string[] = [];
    for (const endpoint of endpoints) {
      const existing = await ledger.subscriptionAt(endpoint.key);
      if (existing) {
        const cadreIds = [...new Set([...existing.cadreIds, cadreId])];
        if (cadreIds.length !== existing.cadreIds.length) {
          await sns.send(
            new SetSubscriptionAttributesCommand({
              SubscriptionArn: existing.arn,
              AttributeName: 'FilterPolicy',
              AttributeValue: filterFor(cadreIds),
            }),
          );
          await ledger.saveSubscription(endpoint.key, { arn: existing.arn, cadreIds });
        }
        arns.push(existing.arn);
        continue;
      }
      const out = await sns.send(
        new SubscribeCommand({
          TopicArn: topicArns[topic],
          Protocol: endpoint.Protocol,
          Endpoint: endpoint.Endpoint,
          Attributes: { FilterPolicy: filterFor([cadreId]), FilterPolicyScope: 'MessageAttributes' },
          ReturnSubscriptionArn: true,
        }),
      );
      await ledger.saveSubscription(endpoint.key, {
        arn: out.SubscriptionArn as string,
        cadreIds: [cadreId],
      });
      arns.push(out.SubscriptionArn as string);
    }
    // Endpoints this cadre no longer uses stop carrying their messages.
    const current = endpoints.map((e) => e.key);
    for (const old of await ledger.endpointsOf(cadreId)) {
      if (current.includes(old)) continue;
      const subscription = await ledger.subscriptionAt(old);
      if (!subscription) continue;
      const cadreIds = subscription.cadreIds.filter((id) => id !== cadreId);
      if (cadreIds.length) {
        await sns.send(
          new SetSubscriptionAttributesCommand({
            SubscriptionArn: subscription.arn,
            AttributeName: 'FilterPolicy',
            AttributeValue: filterFor(cadreIds),
          }),
        );
        await ledger.saveSubscription(old, { arn: subscription.arn, cadreIds });
      } else {
        await sns.send(new UnsubscribeCommand({ SubscriptionArn: subscription.arn }));
        await ledger.saveSubscription(old, undefined);
      }
    }
    await ledger.setEndpointsOf(cadreId, current);
    return arns.join(',');
  },
});
