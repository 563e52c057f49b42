/**
 * Sends a reporter the news message through SNS (shared/domain/reporter-news.ts). An email address
 * is subscribed once to the notices topic with a filter policy on `newsFor`, the keyed hash of the
 * address, and each message carries that attribute, so it reaches that mailbox and no other (cadres'
 * subscriptions filter on `cadreId`, which these messages lack). Neither the address nor the hash
 * is ever in the message itself.
 */
import { createHmac } from 'node:crypto';
import { PublishCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { NewsContact } from '../domain/reporter.ts';
import type { ReporterNewsStore } from '../store/reporter-news.ts';

export interface NewsSender {
  send(contact: NewsContact, message: { subject: string; text: string }): Promise<void>;
}

export const snsNewsSender = (
  sns: SNSClient,
  topicArn: string,
  subscriptions: Pick<ReporterNewsStore, 'subscriptionOf' | 'saveSubscription'>,
  contactPepper: Uint8Array,
): NewsSender => ({
  async send(contact, message) {
    switch (contact.channel) {
      case 'email': {
        const key = createHmac('sha256', contactPepper)
          .update(`email:${contact.address.toLowerCase()}`)
          .digest('hex');
        if (!(await subscriptions.subscriptionOf(key))) {
          // The first news asks the address to confirm (SNS sends the request); later ones arrive.
          const out = await sns.send(
            new SubscribeCommand({
              TopicArn: topicArn,
              Protocol: 'email',
              Endpoint: contact.address,
              Attributes: {
                FilterPolicy: JSON.stringify({ newsFor: [key] }),
                FilterPolicyScope: 'MessageAttributes',
              },
              ReturnSubscriptionArn: true,
            }),
          );
          await subscriptions.saveSubscription(key, out.SubscriptionArn as string);
        }
        await sns.send(
          new PublishCommand({
            TopicArn: topicArn,
            Subject: message.subject,
            Message: message.text,
            MessageAttributes: { newsFor: { DataType: 'String', StringValue: key } },
          }),
        );
        return;
      }
      // A verified phone (due process) is the next case: PublishCommand with its PhoneNumber,
      // sent straight to it, with no subscription to keep.
    }
  },
});
