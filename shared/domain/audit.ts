/**
 * The audit trail (审计记录): an append-only history per clue. Each entry holds the MAC of the one
 * before it, keyed with the audit pepper, so an edited, inserted or deleted entry breaks the chain,
 * and nobody without the pepper can forge a consistent replacement. The clue keeps the head
 * (sequence and MAC of the last entry), so even the loss of the newest entry shows.
 */
import { createHmac } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { Role } from './roles.ts';

export interface HistoryFacts {
  at: string;
  actor: string;
  /** The role the actor acted in; `system` for sweeps and relays. */
  role: Role | 'system' | 'public';
  action: string;
  fromStatus?: string | undefined;
  toStatus?: string | undefined;
  reason?: string | undefined;
  details?: Record<string, unknown> | undefined;
}

export interface HistoryEntry extends HistoryFacts {
  seq: number;
  prevMac: string;
  mac: string;
}

export interface ChainHead {
  seq: number;
  mac: string;
}

export const genesis: ChainHead = { seq: 0, mac: '0'.repeat(64) };

const macOf = (entry: Omit<HistoryEntry, 'mac'>, pepper: Uint8Array): string =>
  createHmac('sha256', pepper).update(canonicalJson(entry)).digest('hex');

export const appendEntry = (head: ChainHead, facts: HistoryFacts, pepper: Uint8Array): HistoryEntry => {
  const body = { ...facts, seq: head.seq + 1, prevMac: head.mac };
  return { ...body, mac: macOf(body, pepper) };
};

export const headOf = (entry: HistoryEntry): ChainHead => ({ seq: entry.seq, mac: entry.mac });

export type ChainVerdict =
  | { valid: true; entries: number }
  | { valid: false; entries: number; brokenAt: number; problem: string };

/** Checks a whole history, oldest first, against the head the clue holds. */
export const verifyChain = (
  entries: readonly HistoryEntry[],
  head: ChainHead,
  pepper: Uint8Array,
): ChainVerdict => {
  let previous = genesis;
  for (const entry of entries) {
    const { mac, ...body } = entry;
    const broken = (problem: string): ChainVerdict => ({
      valid: false,
      entries: entries.length,
      brokenAt: entry.seq,
      problem,
    });
    if (entry.seq !== previous.seq + 1) return broken(`entry ${previous.seq + 1} is missing`);
    if (entry.prevMac !== previous.mac) return broken('does not follow the entry before it');
    if (macOf(body, pepper) !== mac) return broken('was altered');
    previous = headOf(entry);
  }
  if (previous.seq !== head.seq || previous.mac !== head.mac) {
    return {
      valid: false,
      entries: entries.length,
      brokenAt: previous.seq + 1,
      problem: 'the newest entries are missing',
    };
  }
  return { valid: true, entries: entries.length };
};
