/**
 * The reporter (举报人). A real-name reporter gives name, ID number and phone; anyone may leave an
 * email for notifications. All of it is identity: encrypted at rest, never returned, never logged.
 * Accuser matching (docs/domain.md) uses a keyed fingerprint of the normalised ID number instead.
 */
import { createHmac } from 'node:crypto';
import { normaliseResidentId } from './resident-id.ts';

export interface ReporterIdentity {
  name?: string | undefined;
  idNumber?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

export const reporterFingerprint = (idNumber: string, pepper: Uint8Array): string =>
  createHmac('sha256', pepper).update(normaliseResidentId(idNumber)).digest('hex');

export const hasIdentity = (identity: ReporterIdentity): boolean =>
  Object.values(identity).some((value) => value !== undefined && value !== '');

type ReporterInput =
  | { anonymous: true }
  | { anonymous: false; name: string; idNumber: string; phone: string };

/** Everything in a submission that could identify the reporter, gathered for sealing. */
export const identityOf = (reporter: ReporterInput, notifyMe?: { email: string }): ReporterIdentity => ({
  ...(reporter.anonymous ? {} : { name: reporter.name, idNumber: reporter.idNumber, phone: reporter.phone }),
  ...(notifyMe ? { email: notifyMe.email } : {}),
});

/**
 * Where a reporter may be told that there is news of their report (and nothing more: see
 * reporter-news.ts). An email address today; a verified phone (due process) becomes a second
 * member of this union, sent by SMS, and nothing else changes.
 */
export type NewsContact = { channel: 'email'; address: string };

export const newsContactOf = (notifyMe?: { email: string }): NewsContact | undefined =>
  notifyMe ? { channel: 'email', address: notifyMe.email } : undefined;

/**
 * The encryption context a news contact is sealed under. It is sealed apart from the identity, so
 * that the one function allowed to open it (the reporter-news worker, whose key grant is narrowed
 * to this purpose) can read an address and never a name or an ID number; no other function may
 * open envelopes of this purpose (tests/infra/stacks.test.ts).
 */
export const newsContactPurpose = 'reporterNews';
export const newsContactContext = (reportId: string) => ({ purpose: newsContactPurpose, reportId });
