/** Publishing to SNS topics by their key in infra/resources.ts; only the stream relay calls this. */
import { PublishCommand, type SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
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

export interface SubscriptionLedger {
  previous(cadreId: string): Promise<string[]>;
  record(cadreId: string, subscriptionArns: string[]): Promise<void>;
}

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
    const filter = JSON.stringify({ cadreId: [cadreId] });
    const endpoints = [
      ...(contact.email ? [{ Protocol: 'email', Endpoint: contact.email }] : []),
      ...(contact.phone ? [{ Protocol: 'sms', Endpoint: `+86${contact.phone}` }] : []),
    ];
    const arns: string[] = [];
    for (const endpoint of endpoints) {
      const out = await sns.send(
        new SubscribeCommand({
          TopicArn: topicArns[topic],
          ...endpoint,
          Attributes: { FilterPolicy: filter, FilterPolicyScope: 'MessageAttributes' },
          ReturnSubscriptionArn: true,
        }),
      );
      if (out.SubscriptionArn) arns.push(out.SubscriptionArn);
    }
    for (const old of await ledger.previous(cadreId)) {
      if (arns.includes(old)) continue;
      // Unconfirmed email subscriptions cannot be removed; SNS drops them after three days.
      await sns.send(new UnsubscribeCommand({ SubscriptionArn: old })).catch(() => undefined);
    }
    await ledger.record(cadreId, arns);
    return arns.join(',');
  },
});
