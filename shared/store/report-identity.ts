/**
 * Writes of a report's identity state (shared/domain/identity-verification.ts): the phone code's
 * hash and tries, and the verification itself. Each write is conditional on the report's version,
 * so two tries of a code at once cannot both spend the same try. A verification goes on an audit
 * trail in the same transaction: the clue's when the report is registered, else the report's own.
 */
import type { Envelope, IdentityVault } from '../crypto/vault.ts';
import type { HistoryFacts } from '../domain/audit.ts';
import { DomainError } from '../domain/errors.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { IdentityStatus, PhoneCode } from '../domain/identity-verification.ts';
import type { Services } from '../services.ts';
import { transact } from './entity.ts';
import { transactWithHistory } from './history.ts';
import { entityKeys } from './keys.ts';
import { outboxContext, outboxPut, smsPhoneContext } from './outbox.ts';
import type { ReportItem } from './reports.ts';

/** Someone else changed the report between its read and this write: the caller may try again. */
const reportMoved = () =>
  new DomainError(
    'VERSION_CONFLICT',
    { zh: '该举报刚刚被更新，请稍后重试', en: 'The report was changed just now; please try again' },
    [{ path: 'reportId', code: 'stale', message: 'the report changed; retry' }],
  );

/** The reporter's phone sealed for texting (smsPhoneContext): kept on the report, opened by the relay only. */
export const sealPhone = (vault: IdentityVault, reportId: string, phone: string): Promise<Envelope> =>
  vault.seal({ phone }, smsPhoneContext(reportId));

/** The SMS as the outbox keeps it: the text sealed to the event, the phone as sealed at submission. */
export const sealedSms = async (
  vault: IdentityVault,
  sms: { event: DomainEvent<'PhoneCodeRequested'>; phone: Envelope; message: string },
) => ({
  event: sms.event,
  sealed: await vault.seal({ message: sms.message }, outboxContext(sms.event.eventId)),
  smsTo: { reportId: sms.event.reportId, phone: sms.phone },
});

export const reportIdentityStore = (services: Pick<Services, 'db' | 'config' | 'vault'>) => {
  const { db, config } = services;
  const tableName = config.TABLE_NAME;

  const updateReport = (
    report: ReportItem,
    set: Record<string, unknown>,
    remove: string[] = [],
    extraCondition = '',
  ) => {
    const names = Object.keys(set);
    const sets = [...names.map((name) => `#${name} = :${name}`), 'version = version + :one'];
    return {
      Update: {
        TableName: tableName,
        Key: entityKeys.report(report.reportId),
        UpdateExpression: `SET ${sets.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: `version = :version${extraCondition}`,
        ...(names.length
          ? { ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])) }
          : {}),
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((name) => [`:${name}`, set[name]])),
          ':one': 1,
          ':version': report.version,
        },
      },
    };
  };

  /** A new code, with its SMS: the phone and the text sealed in the outbox item, for the relay only. */
  const saveCode = async (
    report: ReportItem,
    phoneCode: PhoneCode,
    sms: { event: DomainEvent<'PhoneCodeRequested'>; message: string },
  ) => {
    if (!report.smsPhone) throw new Error(`report ${report.reportId}: no phone sealed for texting`);
    const { sealed, smsTo } = await sealedSms(services.vault, { ...sms, phone: report.smsPhone });
    const failed = await transact(db, {
      report: updateReport(report, { phoneCode }),
      outbox: outboxPut(tableName, sms.event, { sealed, smsTo }),
    });
    if (failed) throw reportMoved();
  };

  /** A wrong try spent, or a dead code dropped (undefined). */
  const saveAttempt = async (report: ReportItem, phoneCode: PhoneCode | undefined) => {
    const failed = await transact(
      db,
      { report: phoneCode ? updateReport(report, { phoneCode }) : updateReport(report, {}, ['phoneCode']) },
      1,
    );
    if (failed) throw reportMoved();
  };

  /** The report verified, on its trail, with the event the accuser records take. */
  const commitVerification = async (
    report: ReportItem,
    toStatus: Exclude<IdentityStatus, 'UNVERIFIED'>,
    facts: HistoryFacts,
    event: DomainEvent<'ReportIdentityVerified'>,
    auditPepper: Uint8Array,
  ) => {
    // The trail follows where the report is: registration moves it into a clue, so the condition
    // holds the report to the place whose trail is written.
    const where = report.clueId ? ' AND clueId = :clueId' : ' AND attribute_not_exists(clueId)';
    const update = updateReport(report, { identityStatus: toStatus, identityVerifiedAt: facts.at }, [
      'phoneCode',
    ]);
    if (report.clueId)
      (update.Update.ExpressionAttributeValues as Record<string, unknown>)[':clueId'] = report.clueId;
    update.Update.ConditionExpression += where;
    const subjectPK = report.clueId
      ? entityKeys.clue(report.clueId).PK
      : entityKeys.report(report.reportId).PK;
    const failed = await transactWithHistory(db, {
      tableName,
      subjectPK,
      facts,
      pepper: auditPepper,
      parts: { report: update, outbox: outboxPut(tableName, event) },
    });
    if (failed) throw reportMoved();
  };

  return { saveCode, saveAttempt, commitVerification };
};
