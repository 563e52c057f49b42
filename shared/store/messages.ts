/**
 * The conversation with a reporter and the result feedback, stored in the report's partition:
 *
 * | entity         | PK                 | SK                          | indexes                               |
 * |----------------|--------------------|-----------------------------|---------------------------------------|
 * | Message        | REPORT#<reportId>  | MESSAGE#<at>#<messageId>    | –                                     |
 * | ResultFeedback | REPORT#<reportId>  | FEEDBACK                    | GSI3 (RESULT_FEEDBACK) while PENDING  |
 * | ClueInbox      | CLUE#<clueId>      | INBOX                       | –                                     |
 *
 * A message's text is sealed with the identity vault (its own data key, bound to the report and
 * the message), so it is never in the table, a log or an event in the clear. Unread answers are
 * kept as sets of message ids on the Report item (the intake queue reads them with the report)
 * and on the clue's inbox item (the clue list reads those by key): adding and removing ids from a
 * set is idempotent, so a read and an answer crossing each other lose nothing.
 */

import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config.ts';
import type { Envelope, IdentityVault } from '../crypto/vault.ts';
import type { ConversationMessage, decideStaffMessage, ResultFeedback } from '../domain/conversation.ts';
import { DomainError } from '../domain/errors.ts';
import { defineEntity, type TransactItem, transact } from './entity.ts';
import { transactWithHistory } from './history.ts';
import { entityKeys, indexKeys } from './keys.ts';
import { outboxPut } from './outbox.ts';

export interface StoredMessage extends ConversationMessage {
  text: Envelope;
  /** A reporter's request for a recusal (回避), sealed like the text. */
  recusalRequest?: Envelope | undefined;
}

/** What a reporter may ask with a message: that someone step aside (shared/domain/recusal.ts). */
export interface RecusalRequest {
  name?: string | undefined;
  reason: string;
}

export const messageEntity = /* @__PURE__ */ defineEntity({
  name: 'Message',
  key: (reportId: string, at: string, messageId: string) => ({
    PK: entityKeys.report(reportId).PK,
    SK: `MESSAGE#${at}#${messageId}`,
  }),
  keyOf: (m: StoredMessage): [string, string, string] => [m.reportId, m.at, m.messageId],
});

interface FeedbackRecord extends ResultFeedback {
  alertedDeadline?: string | undefined;
}

export const resultFeedbackEntity = /* @__PURE__ */ defineEntity({
  name: 'ResultFeedback',
  key: (reportId: string) => ({ PK: entityKeys.report(reportId).PK, SK: 'FEEDBACK' }),
  keyOf: (f: FeedbackRecord): [string] => [f.reportId],
  indexes: (f) =>
    f.status === 'PENDING'
      ? {
          GSI3PK: f.alertedDeadline ? indexKeys.deadlines.alerted : indexKeys.deadlines.due,
          GSI3SK: indexKeys.deadlines.sort(f.feedbackBy, 'RESULT_FEEDBACK', 'FEEDBACK', f.reportId),
        }
      : {},
});

/** Only ever updated (ADD / DELETE on its sets), never put: it has no fields of its own to lose. */
export const clueInboxKey = (clueId: string) => ({ PK: entityKeys.clue(clueId).PK, SK: 'INBOX' });

export interface ClueInbox {
  clueId: string;
  unread: number;
  /** The earliest open result-feedback deadline of the clue's reports, if any is open. */
  feedbackBy?: string | undefined;
}

/** Sealed with the report and message bound in, so a text cannot be moved to another message. */
const sealContext = (m: ConversationMessage) => ({
  purpose: 'reporter-message',
  reportId: m.reportId,
  messageId: m.messageId,
});

/** Adds message ids to an unread set; the entity tag is set too, for an inbox the update creates. */
const addTo = (
  tableName: string,
  key: Record<string, string>,
  entity: 'Report' | 'ClueInbox',
  attribute: string,
  ids: string[],
) => ({
  Update: {
    TableName: tableName,
    Key: key,
    UpdateExpression: 'ADD #set :ids SET entity = if_not_exists(entity, :entity)',
    ExpressionAttributeNames: { '#set': attribute },
    ExpressionAttributeValues: { ':ids': new Set(ids), ':entity': entity },
  },
});

/**
 * A clue whose reports all left (a transfer to another commission, transfers.ts): its inbox
 * counts none of their answers unread any more. An update, like every write to the inbox.
 */
export const clueInboxClearedItem = (tableName: string, clueId: string): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: clueInboxKey(clueId),
    UpdateExpression: 'REMOVE unread SET entity = if_not_exists(entity, :entity)',
    ExpressionAttributeValues: { ':entity': 'ClueInbox' },
  },
});

/**
 * The transaction items of a conclusion (clue act, approve-conclusion): each real-name report's
 * feedback deadline, and the clue's inbox showing it open. A later conclusion (after a reopening)
 * replaces an earlier one's deadline.
 */
export const feedbackDeadlineItems = (tableName: string, feedbacks: ResultFeedback[]): TransactItem[] => {
  const [first] = feedbacks;
  if (!first) return [];
  return [
    ...feedbacks.map((f) => ({
      Put: {
        TableName: tableName,
        Item: resultFeedbackEntity.item(f),
        ConditionExpression: 'attribute_not_exists(PK) OR concludedAt < :concludedAt',
        ExpressionAttributeValues: { ':concludedAt': f.concludedAt },
      },
    })),
    {
      Update: {
        TableName: tableName,
        Key: clueInboxKey(first.clueId),
        UpdateExpression: 'SET entity = :entity, feedbackBy = :by ADD feedbackPending :ids',
        ExpressionAttributeValues: {
          ':entity': 'ClueInbox',
          ':by': first.feedbackBy,
          ':ids': new Set(feedbacks.map((f) => f.reportId)),
        },
      },
    },
  ];
};

const feedbackChanged = () =>
  new DomainError('VERSION_CONFLICT', {
    zh: '该举报的办理结果反馈已被他人处理，请刷新后重试',
    en: 'The result feedback of this report changed meanwhile; reload and try again',
  });

export const messageStore = ({
  db,
  config,
  vault,
}: {
  db: DynamoDBDocumentClient;
  config: Config;
  vault: IdentityVault;
}) => {
  const tableName = config.TABLE_NAME;

  const seal = async (message: ConversationMessage, text: string): Promise<StoredMessage> => ({
    ...message,
    text: await vault.seal(text, sealContext(message)),
  });
  const put = (stored: StoredMessage) => ({
    Put: {
      TableName: tableName,
      Item: messageEntity.item(stored),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });

  const markRead = async (key: Record<string, string>, attribute: string, ids: string[]) => {
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'DELETE #set :ids',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#set': attribute },
          ExpressionAttributeValues: { ':ids': new Set(ids) },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  };

  return {
    /** The reporter's answer, unread in the report's and (once registered) the clue's queue. */
    async fromReporter(
      message: ConversationMessage,
      text: string,
      clueId: string | undefined,
      recusalRequest?: RecusalRequest,
    ) {
      const stored = {
        ...(await seal(message, text)),
        ...(recusalRequest
          ? { recusalRequest: await vault.seal(recusalRequest, { ...sealContext(message), part: 'recusal' }) }
          : {}),
      };
      const report = entityKeys.report(message.reportId);
      const failed = await transact(db, {
        message: put(stored),
        report: {
          Update: {
            ...addTo(tableName, report, 'Report', 'unreadAnswers', [message.messageId]).Update,
            ConditionExpression: 'attribute_exists(PK)',
          },
        },
        clue: clueId
          ? addTo(tableName, clueInboxKey(clueId), 'ClueInbox', 'unread', [message.messageId])
          : undefined,
      });
      if (failed) throw new Error(`message ${message.messageId}: the ${failed.part} condition failed`);
    },

    /** The commission's message: with its audit entry, its event and the feedback it meets. */
    async fromCommission(
      decision: ReturnType<typeof decideStaffMessage>,
      text: string,
      auditPepper: Uint8Array,
    ) {
      const stored = await seal(decision.message, text);
      const met = decision.feedbackMet;
      const trail =
        'clueId' in decision.trail
          ? entityKeys.clue(decision.trail.clueId)
          : entityKeys.report(decision.trail.reportId);
      const failed = await transactWithHistory(db, {
        tableName,
        subjectPK: trail.PK,
        facts: decision.facts,
        pepper: auditPepper,
        parts: {
          message: put(stored),
          feedback: met && {
            Update: {
              TableName: tableName,
              Key: resultFeedbackEntity.key(met.reportId),
              UpdateExpression:
                'SET #status = :met, metAt = :at, messageId = :messageId REMOVE GSI3PK, GSI3SK',
              ConditionExpression: '#status = :pending AND feedbackBy = :by',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':met': 'MET',
                ':pending': 'PENDING',
                ':at': met.metAt,
                ':messageId': met.messageId,
                ':by': met.feedbackBy,
              },
            },
          },
          inbox: met && {
            Update: {
              TableName: tableName,
              Key: clueInboxKey(met.clueId),
              UpdateExpression: 'DELETE feedbackPending :ids',
              ExpressionAttributeValues: { ':ids': new Set([met.reportId]) },
            },
          },
          outbox: outboxPut(tableName, decision.event),
        },
      });
      if (failed?.part === 'feedback') throw feedbackChanged();
      if (failed)
        throw new Error(`message ${decision.message.messageId}: the ${failed.part} condition failed`);
    },

    /** A report's messages, oldest first, still sealed: one Query on the report's partition. */
    async ofReport(reportId: string): Promise<StoredMessage[]> {
      const items: StoredMessage[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :message)',
            ExpressionAttributeValues: { ':pk': entityKeys.report(reportId).PK, ':message': 'MESSAGE#' },
            ExclusiveStartKey,
          }),
        );
        items.push(...(page.Items ?? []).map((item) => messageEntity.fromItem(item)));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    },

    /**
     * Which of these reports (a clue's) holds the reporter's message `messageId`, for a recusal
     * recorded on the reporter's request: a Query of each report's messages, filtered on the id,
     * until it is found. The staff's view of the conversation reads them whole as well.
     */
    async reporterMessageAmong(
      reportIds: readonly string[],
      messageId: string,
    ): Promise<{ reportId: string; messageId: string } | undefined> {
      for (const reportId of reportIds) {
        let ExclusiveStartKey: Record<string, unknown> | undefined;
        do {
          const page = await db.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: 'PK = :pk AND begins_with(SK, :message)',
              FilterExpression: 'messageId = :id AND #from = :reporter',
              ProjectionExpression: 'messageId',
              ExpressionAttributeNames: { '#from': 'from' },
              ExpressionAttributeValues: {
                ':pk': entityKeys.report(reportId).PK,
                ':message': 'MESSAGE#',
                ':id': messageId,
                ':reporter': 'REPORTER',
              },
              ExclusiveStartKey,
            }),
          );
          if ((page.Items ?? []).length > 0) return { reportId, messageId };
          ExclusiveStartKey = page.LastEvaluatedKey;
        } while (ExclusiveStartKey);
      }
      return undefined;
    },

    /** The text of a stored message, for its reporter or the staff handling the report only. */
    open: (stored: StoredMessage): Promise<string> => vault.open<string>(stored.text, sealContext(stored)),

    /** The reporter's recusal request a message carries, for the staff handling the report. */
    openRecusalRequest: (stored: StoredMessage): Promise<RecusalRequest | undefined> =>
      stored.recusalRequest
        ? vault.open<RecusalRequest>(stored.recusalRequest, { ...sealContext(stored), part: 'recusal' })
        : Promise.resolve(undefined),

    async feedbackOf(reportId: string): Promise<ResultFeedback | undefined> {
      const out = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: resultFeedbackEntity.key(reportId),
          ConsistentRead: true,
        }),
      );
      return out.Item && resultFeedbackEntity.fromItem(out.Item);
    },

    /** Answers read by the staff handling the report: off the report's and the clue's unread sets. */
    async markRead(reportId: string, clueId: string | undefined, messageIds: string[]) {
      if (messageIds.length === 0) return;
      await Promise.all([
        markRead(entityKeys.report(reportId), 'unreadAnswers', messageIds),
        clueId ? markRead(clueInboxKey(clueId), 'unread', messageIds) : undefined,
      ]);
    },

    /** The inboxes of up to 100 clues, by key: unread answers and open feedback, for the clue list. */
    async inboxes(clueIds: readonly string[]): Promise<Map<string, ClueInbox>> {
      const found = new Map<string, ClueInbox>();
      if (clueIds.length === 0) return found;
      const out = await db.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: [...new Set(clueIds)].map(clueInboxKey) } },
        }),
      );
      if ((out.UnprocessedKeys?.[tableName]?.Keys?.length ?? 0) > 0)
        throw Object.assign(new Error('Unprocessed keys'), {
          name: 'ProvisionedThroughputExceededException',
        });
      for (const item of out.Responses?.[tableName] ?? []) {
        const clueId = String(item.PK).slice('CLUE#'.length);
        const unread = (item.unread as Set<string> | undefined)?.size ?? 0;
        const pending = (item.feedbackPending as Set<string> | undefined)?.size ?? 0;
        found.set(clueId, {
          clueId,
          unread,
          ...(pending > 0 && item.feedbackBy ? { feedbackBy: String(item.feedbackBy) } : {}),
        });
      }
      return found;
    },
  };
};

export type MessageStore = ReturnType<typeof messageStore>;
