/**
 * Many writers appending to one audit trail at once: each append either lands in an unbroken chain
 * or is refused as busy (503 UNAVAILABLE, nothing written), never an unexpected error (a 500).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { type HistoryFacts, verifyChain } from '../../shared/domain/audit.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { headOfItem, historyOf, readHistory, transactWithHistory } from '../../shared/store/history.ts';
import { entityKeys } from '../../shared/store/keys.ts';
import { useLocalRuntime } from './support/runtime.ts';

const api = useLocalRuntime();
const pepper = new Uint8Array(32).fill(7);

describe('appending to one audit trail under contention', () => {
  it('keeps the chain whole and refuses only with a code when 12 writers append at once', async () => {
    const subjectPK = entityKeys.clue('clu_contended000000000000').PK;
    const facts = (n: number): HistoryFacts => ({
      at: new Date().toISOString(),
      actor: `member-${n}`,
      role: 'investigator',
      action: 'test-append',
    });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, n) =>
        transactWithHistory(api.db, {
          tableName: api.runtime.tableName,
          subjectPK,
          facts: facts(n),
          pepper,
          parts: {},
        }),
      ),
    );
    const refused = outcomes.filter((o) => o.status === 'rejected');
    for (const outcome of refused) {
      const reason = (outcome as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(DomainError);
      expect((reason as DomainError).code).toBe('UNAVAILABLE');
    }
    const landed = outcomes.length - refused.length;
    expect(landed).toBeGreaterThan(0);
    const entries = await readHistory(api.db, api.runtime.tableName, subjectPK);
    const head = await api.db.send(
      new GetCommand({
        TableName: api.runtime.tableName,
        Key: historyOf(subjectPK).head.key(),
        ConsistentRead: true,
      }),
    );
    expect(entries).toHaveLength(landed);
    expect(verifyChain(entries, headOfItem(subjectPK, head.Item), pepper)).toEqual({
      valid: true,
      entries: landed,
    });
    // Generous: a busy CI machine makes every round trip to DynamoDB Local slower.
  }, 90_000);
});
