/** The event catalogue: one declaration per event, read back only when its type and version are known. */
import { describe, expect, it } from 'vitest';
import { topics } from '../../shared/contract/resources.ts';
import { domainEvent, eventCatalogue, readEvent, topicOf } from '../../shared/domain/events.ts';

describe('the event catalogue', () => {
  it('builds an event with its id, version and time, and sends it to its declared topic', () => {
    const event = domainEvent(
      'FlagConfirmed',
      { flagId: 'flg_1', level: 'FABRICATION', reporterRef: 'r' },
      'T',
    );
    expect(event).toMatchObject({ type: 'FlagConfirmed', version: 1, occurredAt: 'T', flagId: 'flg_1' });
    expect(event.eventId).toMatch(/^evt_/);
    expect(topicOf(event)).toBe('alerts');
  });

  it('names only topics that exist as resources', () => {
    for (const { topic } of Object.values(eventCatalogue)) expect(Object.keys(topics)).toContain(topic);
  });

  it('reads back a known event, and one stored before versions existed as version 1', () => {
    const event = domainEvent('ClueTenureMarked', { clueId: 'clu_1', delta: 2 }, 'T');
    expect(readEvent(JSON.stringify(event))).toEqual({ event });
    const { version: _, ...older } = event;
    expect(readEvent(JSON.stringify(older))).toEqual({ event: { ...older, version: 1 } });
  });

  it('refuses an unknown type or an unknown version instead of half-reading it', () => {
    expect(readEvent(JSON.stringify({ type: 'ClueConcludedd', version: 1 }))).toEqual({
      unknown: { type: 'ClueConcludedd', version: 1 },
    });
    expect(readEvent(JSON.stringify({ type: 'ClueConcluded', version: 2 }))).toEqual({
      unknown: { type: 'ClueConcluded', version: 2 },
    });
    expect(readEvent(JSON.stringify({ type: 'toString' }))).toEqual({
      unknown: { type: 'toString', version: 1 },
    });
  });
});
