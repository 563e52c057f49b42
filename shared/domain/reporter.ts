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
