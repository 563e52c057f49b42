import { describe, expect, it } from 'vitest';
import { appendEntry, genesis, type HistoryEntry, headOf, verifyChain } from '../../shared/domain/audit.ts';
import { type Clue, reportOutcomes } from '../../shared/domain/clue.ts';
import { type Finding, overallFinding, reasonProblem } from '../../shared/domain/findings.ts';

describe('overall findings', () => {
  it.each<[Finding[], Finding]>([
    [['SUBSTANTIATED'], 'SUBSTANTIATED'],
    [['SUBSTANTIATED', 'SUBSTANTIATED'], 'SUBSTANTIATED'],
    [['SUBSTANTIATED', 'UNTRUE'], 'PARTLY_SUBSTANTIATED'],
    [['PARTLY_SUBSTANTIATED'], 'PARTLY_SUBSTANTIATED'],
    [['INCONCLUSIVE', 'UNTRUE'], 'INCONCLUSIVE'],
    [['UNTRUE', 'UNTRUE'], 'UNTRUE'],
    [['UNTRUE', 'FABRICATED'], 'FABRICATED'],
    [['FABRICATED'], 'FABRICATED'],
  ])('%j → %s', (each, overall) => {
    expect(overallFinding(each)).toBe(overall);
  });

  it('derives each report’s outcome from its own allegations only', () => {
    const clue = {
      reports: [{ reportId: 'r1' }, { reportId: 'r2' }, { reportId: 'r3' }],
      allegations: [
        { allegationId: 'r1-a1', reportId: 'r1' },
        { allegationId: 'r1-a2', reportId: 'r1' },
        { allegationId: 'r2-a1', reportId: 'r2' },
        { allegationId: 'r3-a1', reportId: 'r3' },
      ],
    } as unknown as Clue;
    const outcomes = reportOutcomes(clue, [
      { allegationId: 'r1-a1', finding: 'SUBSTANTIATED', reason: 'x' },
      { allegationId: 'r1-a2', finding: 'FABRICATED', reason: 'x' },
      { allegationId: 'r2-a1', finding: 'FABRICATED', reason: 'x' },
      { allegationId: 'r3-a1', finding: 'INCONCLUSIVE', reason: 'x' },
    ]);
    expect(outcomes).toEqual({ r1: 'PARTLY_SUBSTANTIATED', r2: 'FABRICATED', r3: 'INCONCLUSIVE' });
  });

  it('asks more of a reason for FABRICATED than for the others, and ignores padding', () => {
    expect(reasonProblem('UNTRUE', '经核查所反映事项与事实不符。')).toBeUndefined();
    expect(reasonProblem('FABRICATED', '经核查所反映事项与事实不符。')).toBeDefined();
    expect(reasonProblem('UNTRUE', '。。。。。。。。。。。。。。。')).toBeDefined();
  });
});

describe('the audit hash chain', () => {
  const pepper = new Uint8Array(32).fill(3);
  const build = (n: number) => {
    const entries: HistoryEntry[] = [];
    let head = genesis;
    for (let i = 0; i < n; i++) {
      const entry = appendEntry(
        head,
        { at: `2026-01-0${i + 1}T00:00:00Z`, actor: 'u', role: 'intake', action: `a${i}` },
        pepper,
      );
      entries.push(entry);
      head = headOf(entry);
    }
    return { entries, head };
  };

  it('verifies an untouched chain', () => {
    const { entries, head } = build(4);
    expect(verifyChain(entries, head, pepper)).toEqual({ valid: true, entries: 4 });
  });

  it('detects an edited entry', () => {
    const { entries, head } = build(4);
    const edited = entries.map((e) => (e.seq === 2 ? { ...e, reason: 'inserted later' } : e));
    expect(verifyChain(edited, head, pepper)).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('detects a deleted entry, in the middle or at the end', () => {
    const { entries, head } = build(4);
    expect(
      verifyChain(
        entries.filter((e) => e.seq !== 3),
        head,
        pepper,
      ),
    ).toMatchObject({ valid: false, brokenAt: 4 });
    expect(verifyChain(entries.slice(0, 3), head, pepper)).toMatchObject({ valid: false, brokenAt: 4 });
  });

  it('detects a chain rebuilt without the pepper', () => {
    const { entries, head } = build(2);
    const forged = build(2);
    const other = new Uint8Array(32).fill(4);
    expect(verifyChain(forged.entries, forged.head, other)).toMatchObject({ valid: false, brokenAt: 1 });
    expect(verifyChain(entries, head, other).valid).toBe(false);
  });
});
