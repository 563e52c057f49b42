/** Publishing to SNS topics by their key in infra/resources.ts; only the stream relay calls this. */
import { createHash } from 'node:crypto';
import {
  PublishCommand,
  SetSubscriptionAttributesCommand,
  type SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import type { TopicKey } from '../../infra/resources.ts';

export interface Publication {
  message: string;
  /** SNS subjects are ASCII and at most 100 characters; used as the email subject. */
  subject?: string;
  attributes: Record<string, string>;
}

export interface Publisher {
  publish(topic: TopicKey, publication: Publication): Promise<string | undefined>;
  /**
   * Points a cadre's email/SMS subscriptions at their current contact, each with a filter policy
   * on `cadreId` so they receive only their own messages. Returns the subscriptions, joined.
   */
  subscribeCadre(
    topic: TopicKey,
    cadreId: string,
    contact: { email?: string; phone?: string },
  ): Promise<string>;
}

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

const endpointKeyOf = (protocol: string, endpoint: string) =>
  createHash('sha256').update(`${protocol}:${endpoint.toLowerCase()}`).digest('hex');

const filterFor = (cadreIds: string[]) => JSON.stringify({ cadreId: [...cadreIds].sort() });

export const snsPublisher = (
  sns: SNSClient,
  topicArns: Record<TopicKey, string>,
  ledger: SubscriptionLedger,
): Publisher => ({
  async publish(topic, publication) {
    const out = await sns.send(
      new PublishCommand({
        TopicArn: topicArns[topic],
        Message: publication.message,
        Subject: publication.subject,
        MessageAttributes: Object.fromEntries(
          Object.entries(publication.attributes).map(([name, value]) => [
            name,
            { DataType: 'String', StringValue: value },
          ]),
        ),
      }),
    );
    return out.MessageId;
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
