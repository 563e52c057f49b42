/** Publishing to SNS topics by their key in infra/resources.ts; only the stream relay calls this. */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { TopicKey } from '../../infra/resources.ts';

export interface Publication {
  message: string;
  /** SNS subjects are ASCII and at most 100 characters; used as the email subject. */
  subject?: string;
  attributes: Record<string, string>;
}

export const snsPublisher = (sns: SNSClient, topicArns: Record<TopicKey, string>) => ({
  async publish(topic: TopicKey, publication: Publication): Promise<string | undefined> {
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
});

export type Publisher = ReturnType<typeof snsPublisher>;
