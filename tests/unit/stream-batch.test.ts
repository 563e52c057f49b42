import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type DomainEvent, domainEvent } from '../../shared/domain/events.ts';
import { consumeOutboxEvents } from '../../shared/notify/stream-batch.ts';

/** A stream record as DynamoDB Streams delivers an outbox item's insert. */
const inserted = (sequence: string, type: string, payload: object): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: sequence,
    NewImage: marshall({
      entity: 'OutboxEvent',
      eventId: `evt-${sequence}`,
      type,
      payload: JSON.stringify(payload),
    }) as never,
  },
});
const declined = (reportId: string) =>
  domainEvent('ReportDeclined', { reportId } as never, '2026-12-02T08:00:00Z');
const stream = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

describe('consumeOutboxEvents', () => {
  it('hands over only the types asked for, in order, and leaves an unreadable version alone', async () => {
    const seen: string[] = [];
    const submitted = domainEvent('ReportSubmitted', { reportId: 'r-0' } as never, '2026-12-02T08:00:00Z');
    const answer = await consumeOutboxEvents(
      stream(
        inserted('1', 'ReportDeclined', declined('r-1')),
        inserted('2', 'ReportSubmitted', submitted),
        inserted('3', 'ReportDeclined', { ...declined('r-3'), version: 7 }),
        inserted('4', 'ReportDeclined', declined('r-4')),
      ),
      'test reader',
      ['ReportDeclined'],
      async (event: DomainEvent<'ReportDeclined'>) => {
        seen.push(event.reportId);
      },
    );
    expect(seen).toEqual(['r-1', 'r-4']);
    expect(answer.batchItemFailures).toEqual([]);
  });

  it('reports the failed record and every later one back, so the order is kept on retry', async () => {
    const answer = await consumeOutboxEvents(
      stream(
        inserted('1', 'ReportDeclined', declined('r-1')),
        inserted('2', 'ReportDeclined', declined('r-2')),
        inserted('3', 'ReportDeclined', declined('r-3')),
      ),
      'test reader',
      ['ReportDeclined'],
      async (event) => {
        if (event.reportId === 'r-2') throw new Error('throttled');
      },
    );
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: '2' }, { itemIdentifier: '3' }]);
  });
});
