/**
 * The audit trail (审计记录): an append-only history per clue. Each entry holds the MAC of the one
 * before it, keyed with the audit pepper, so an edited, inserted or deleted entry breaks the chain,
 * and nobody without the pepper can forge a consistent replacement. The clue keeps the head
 * (sequence and MAC of the last entry), so even the loss of the newest entry shows.
 *
 * Entry formats. Format 1 (no `format` field): the MAC covers the whole entry. Format 2, written
 * for an entry that holds a reporter's personal data (a note on how their identity was checked, a
 * decline's grounds): that data is the entry's `personal` part, with a random salt inside it, and
 * the MAC covers `personalDigest`, the SHA-256 of the part, instead of the part itself. Editing the
 * part breaks the digest; the retention job (保存期限) removes the part, salt and all, and marks
 * `personalErasedAt`, and the chain still verifies, while the digest alone tells nothing of what
 * was erased (the salt went with it). Entries written before format 2 verify as they always did.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
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
  /** A reporter's personal data in this fact: stored apart and erased with the report (format 2). */
  personal?: PersonalFacts | undefined;
}

/** Personal data in an audit fact, and the report whose erasure takes it away. */
export interface PersonalFacts {
  reportId: string;
  reason?: string | undefined;
  details?: Record<string, unknown> | undefined;
}

/** The erasable part as stored: the data and the salt that keeps its digest from being guessed. */
export interface PersonalPart {
  salt: string;
  reason?: string | undefined;
  details?: Record<string, unknown> | undefined;
}

export interface HistoryEntry extends Omit<HistoryFacts, 'personal'> {
  seq: number;
  prevMac: string;
  mac: string;
  /** Absent: format 1, the MAC covers everything. 2: the personal part is covered by its digest. */
  format?: 2 | undefined;
  /** Format 2: the report whose erasure removes the personal part (covered by the MAC). */
  personalOf?: string | undefined;
  personalDigest?: string | undefined;
  /** Format 2, until erased. Not covered by the MAC; its digest is. */
  personal?: PersonalPart | undefined;
  /** Format 2, once erased under retention: when. */
  personalErasedAt?: string | undefined;
}

export interface ChainHead {
  seq: number;
  mac: string;
}

export const genesis: ChainHead = { seq: 0, mac: '0'.repeat(64) };

/** What the MAC covers: format 1 the whole entry, format 2 all but the personal part and its erasure mark. */
const covered = (entry: Omit<HistoryEntry, 'mac'>): Omit<HistoryEntry, 'mac'> => {
  if (entry.format !== 2) return entry;
  const { personal: _personal, personalErasedAt: _erased, ...rest } = entry;
  return rest;
};

const macOf = (entry: Omit<HistoryEntry, 'mac'>, pepper: Uint8Array): string =>
  createHmac('sha256', pepper)
    .update(canonicalJson(covered(entry)))
    .digest('hex');

export const personalDigestOf = (part: PersonalPart): string =>
  createHash('sha256').update(canonicalJson(part)).digest('hex');

export const appendEntry = (head: ChainHead, facts: HistoryFacts, pepper: Uint8Array): HistoryEntry => {
  const { personal, ...plain } = facts;
  if (!personal) {
    const body = { ...plain, seq: head.seq + 1, prevMac: head.mac };
    return { ...body, mac: macOf(body, pepper) };
  }
  const { reportId, ...data } = personal;
  const part: PersonalPart = { salt: randomBytes(16).toString('hex'), ...data };
  const body = {
    ...plain,
    seq: head.seq + 1,
    prevMac: head.mac,
    format: 2 as const,
    personalOf: reportId,
    personalDigest: personalDigestOf(part),
    personal: part,
  };
  return { ...body, mac: macOf(body, pepper) };
};

/** The entry with its personal part erased (retention): the digest stays, so the chain still verifies. */
export const erasePersonal = (entry: HistoryEntry, at: string): HistoryEntry => {
  const { personal: _personal, ...rest } = entry;
  return { ...rest, personalErasedAt: at };
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
    if (entry.format === 2) {
      if (entry.personal && personalDigestOf(entry.personal) !== entry.personalDigest)
        return broken('its personal part was altered');
      if (!entry.personal && !entry.personalErasedAt) return broken('its personal part is missing');
    }
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
