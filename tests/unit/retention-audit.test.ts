/**
 * The audit entry's personal part (format 2, shared/domain/audit.ts): covered by its digest, so an
 * edit breaks the chain before erasure, and erasure (retention) leaves a chain that still verifies.
 * Entries written before format 2 verify as they did.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  appendEntry,
  type ChainHead,
  erasePersonal,
  genesis,
  type HistoryEntry,
  type HistoryFacts,
  headOf,
  verifyChain,
} from '../../shared/domain/audit.ts';
import { canonicalJson } from '../../shared/domain/canonical-json.ts';
import {
  erasureDue,
  expireOnErasure,
  retentionCommissions,
  retentionCutoff,
  retentionYearsOf,
} from '../../shared/domain/retention.ts';

const pepper = new Uint8Array(32).fill(7);
const fact = (action: string, extra: Partial<HistoryFacts> = {}): HistoryFacts => ({
  at: '2020-03-01T00:00:00.000Z',
  actor: 'intake-1',
  role: 'intake',
  action,
  ...extra,
});

const chain = (facts: HistoryFacts[]) => {
  const entries: HistoryEntry[] = [];
  let head: ChainHead = genesis;
  for (const f of facts) {
    const entry = appendEntry(head, f, pepper);
    entries.push(entry);
    head = headOf(entry);
  }
  return { entries, head };
};

const withNote = () =>
  chain([
    fact('register'),
    fact('verify-reporter-identity', {
      personal: { reportId: 'rpt_1', reason: '举报人王五到接待室当面核对身份证件' },
      details: { reportId: 'rpt_1', method: 'IN_PERSON' },
    }),
    fact('close', { reason: '问题轻微，予以了结' }),
  ]);

describe('the personal part of an audit entry', () => {
  it('is stored apart, salted, under a digest the MAC covers', () => {
    const { entries, head } = withNote();
    const noted = entries[1] as HistoryEntry;
    expect(noted).toMatchObject({ format: 2, personalOf: 'rpt_1', personal: { reason: expect.any(String) } });
    expect(noted.personal?.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(noted.personalDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(noted).not.toHaveProperty('reason');
    expect(entries[0]).not.toHaveProperty('format');
    expect(verifyChain(entries, head, pepper)).toEqual({ valid: true, entries: 3 });
  });

  it('breaks the chain when a personal field is edited before erasure', () => {
    const { entries, head } = withNote();
    const edited = entries.map((e) =>
      e.personal ? { ...e, personal: { ...e.personal, reason: '举报人李四' } } : e,
    );
    expect(verifyChain(edited, head, pepper)).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('breaks the chain when the digest is replaced to match an edit', () => {
    const { entries, head } = withNote();
    const forged = entries.map((e) => (e.personalDigest ? { ...e, personalDigest: 'f'.repeat(64) } : e));
    expect(verifyChain(forged, head, pepper)).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('still verifies after erasure, and keeps nothing of the part but its digest', () => {
    const { entries, head } = withNote();
    const erased = entries.map((e) => (e.personal ? erasePersonal(e, '2026-03-02T00:00:00.000Z') : e));
    expect(verifyChain(erased, head, pepper)).toEqual({ valid: true, entries: 3 });
    expect(JSON.stringify(erased)).not.toContain('王五');
    expect(erased[1]).toMatchObject({ personalErasedAt: '2026-03-02T00:00:00.000Z' });
    expect(erased[1]).not.toHaveProperty('personal');
  });

  it('notices a personal part removed without an erasure', () => {
    const { entries, head } = withNote();
    const stripped = entries.map(({ personal: _p, ...e }) => e);
    expect(verifyChain(stripped, head, pepper)).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('verifies a chain written before format 2, and notices a personal part smuggled into it', () => {
    // An entry of format 1 exactly as the earlier code wrote it: the MAC over the whole entry.
    const body = { ...fact('register', { reason: '旧格式' }), seq: 1, prevMac: genesis.mac };
    const mac = createHmac('sha256', pepper).update(canonicalJson(body)).digest('hex');
    const old = [{ ...body, mac }] as HistoryEntry[];
    expect(verifyChain(old, { seq: 1, mac }, pepper)).toEqual({ valid: true, entries: 1 });
    const smuggled = [{ ...old[0], personal: { salt: 'x', reason: 'added' } }] as HistoryEntry[];
    expect(verifyChain(smuggled, { seq: 1, mac }, pepper)).toMatchObject({ valid: false, brokenAt: 1 });
  });
});

describe('when a case is past keeping', () => {
  const now = new Date('2031-06-15T08:00:00.000Z');
  it('is due only once N whole years have passed since it ended', () => {
    expect(retentionCutoff(now, 5)).toBe('2026-06-15T08:00:00.000Z');
    expect(erasureDue('2026-06-14T08:00:00.000Z', now, 5)).toBe(true);
    expect(erasureDue('2026-06-16T08:00:00.000Z', now, 5)).toBe(false);
  });

  it('expires a flag when any of its evidence is erased, and takes the report off the record', () => {
    const evidence = (reportId: string) => ({ reportId }) as never;
    const flag = {
      flagId: 'flg_1',
      level: 'WATCH',
      status: 'CONFIRMED',
      version: 3,
      fingerprint: 'fp',
      reporterRef: 'r',
      evidence: [evidence('rpt_1'), evidence('rpt_2')],
      proposedAt: '2025-01-01T00:00:00.000Z',
      confirmedAt: '2025-02-01T00:00:00.000Z',
      expiresAt: '2030-02-01T00:00:00.000Z',
      steps: [],
    } as const;
    const record = {
      fingerprint: 'fp',
      version: 4,
      reports: [evidence('rpt_1'), evidence('rpt_2')],
      flags: { WATCH: { flagId: 'flg_1', status: 'CONFIRMED', expiresAt: '2030-02-01T00:00:00.000Z' } },
    } as never;
    const decided = expireOnErasure({ record, flags: [flag as never] }, 'rpt_2', now);
    expect(decided?.expired).toHaveLength(1);
    expect(decided?.expired[0]?.flag).toMatchObject({ status: 'DISMISSED', version: 4 });
    expect(decided?.expired[0]?.flag.steps.at(-1)).toMatchObject({ step: 'WITHDRAWN', by: 'retention' });
    expect(decided?.expired[0]?.events).toEqual([]);
    expect(decided?.record.reports.map((r) => r.reportId)).toEqual(['rpt_1']);
    expect(decided?.record.flags.WATCH).toEqual({ flagId: 'flg_1', status: 'DISMISSED' });
    expect(expireOnErasure({ record, flags: [flag as never] }, 'rpt_9', now)).toBeUndefined();
  });
});

describe('whose retention period', () => {
  it("takes the commission's own years before the deployment's", () => {
    expect(retentionYearsOf({ retentionYears: 10 }, { RETENTION_YEARS: 5 })).toBe(10);
    expect(retentionYearsOf({}, { RETENTION_YEARS: 5 })).toBe(5);
  });

  it('reads every registered commission, and the single one of items stored before there were several', () => {
    expect(retentionCommissions(['county-a', 'county-b'])).toEqual(['default', 'county-a', 'county-b']);
    expect(retentionCommissions(['default'])).toEqual(['default']);
  });
});
