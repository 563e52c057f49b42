/**
 * Erasing one report's personal data (保存期限), step by step (shared/store/retention.ts): each step
 * is idempotent, and the index entry goes only in the last one, so a run that stopped halfway is
 * simply run again. Before anything is erased, the case's end is read again from the clue (or the
 * declined report): a case reopened since it was indexed is left alone.
 */
import { clueEnd, entryOfDeclined, erasureDue, erasureRecord, expireOnErasure } from '../domain/retention.ts';
import type { Services } from '../services.ts';
import { accuserStore } from './accusers.ts';
import { attachmentStore } from './attachments.ts';
import { clueStore } from './clues.ts';
import { entityKeys } from './keys.ts';
import { reportStore } from './reports.ts';
import type { RetentionStore } from './retention.ts';

export type ErasureOutcome = 'ERASED' | 'ALREADY_ERASED' | 'NOT_DUE' | 'GONE';

export const reportErasure = (
  services: Services,
  retention: RetentionStore,
  removeObject: (key: string, versionId?: string) => Promise<void>,
) => {
  const reports = reportStore(services);
  const clues = clueStore(services);
  const attachments = attachmentStore(services);
  const accusers = accuserStore(services);

  /** The flags resting on the report expire, and the report leaves its reporter's record. */
  const expireFlags = async (fingerprint: string | undefined, reportId: string, now: Date) => {
    if (!fingerprint) return 0;
    const record = await accusers.loadRecord(fingerprint);
    const flags = await accusers.loadFlags(Object.values(record.flags).map((p) => p.flagId));
    const decided = expireOnErasure({ record, flags }, reportId, now);
    if (!decided) return 0;
    const pepper = (await services.peppers()).audit;
    for (const step of decided.expired) await accusers.saveFlagStep(step, pepper);
    const done = { record: decided.record, flags: [], events: [] };
    await accusers.commitConclusion(done, `retention:${reportId}`, now);
    return decided.expired.length;
  };

  return async (reportId: string, years: number): Promise<ErasureOutcome> => {
    const now = services.now();
    const report = await reports.get(reportId);
    if (!report) return 'GONE';
    const stored = report.clueId ? await clues.load(report.clueId) : undefined;
    const end = stored ? clueEnd(stored.clue) : entryOfDeclined(report);
    if (!report.erasedAt && (!end?.endedAt || !erasureDue(end.endedAt, now, years))) return 'NOT_DUE';
    const at = now.toISOString();
    // The erasure is recorded on the last of these: the clue's trail, or the report's.
    const trails = [
      entityKeys.report(reportId).PK,
      ...(stored ? [entityKeys.clue(stored.clue.clueId).PK] : []),
    ];
    // A report transferred in was on the sending commissions' clues before: their trails may hold
    // notes about its reporter too (an identity check, say), erased with the rest.
    const formerTrails = (report.transfers ?? []).flatMap((t) =>
      t.fromClueId && !trails.includes(entityKeys.clue(t.fromClueId).PK)
        ? [entityKeys.clue(t.fromClueId).PK]
        : [],
    );
    const objectionIds = (stored?.clue.objections ?? [])
      .filter((o) => o.reportId === reportId)
      .map((o) => o.objectionId);
    let auditNotes = 0;
    for (const trail of [...formerTrails, ...trails])
      auditNotes += await retention.eraseAuditNotes(trail, reportId, at);
    const summary = {
      identity: report.identity !== undefined,
      newsContact: report.newsContact !== undefined,
      phone: report.smsPhone !== undefined,
      attachments: await retention.eraseAttachments(await attachments.ofReport(reportId), removeObject),
      messages: await retention.eraseMessages(reportId),
      objectionReasons: await retention.eraseObjectionReasons(objectionIds, at),
      auditNotes,
      flagsExpired: await expireFlags(report.reporterFingerprint, reportId, now),
    };
    const record = erasureRecord(reportId, summary, { endedAt: end?.endedAt ?? at, years }, now);
    const committed = await retention.commitErasure({
      reportId,
      subjectPK: trails.at(-1) as string,
      facts: record.facts,
      erasedAt: record.erasedAt,
      erasure: record.erasure,
      pepper: (await services.peppers()).audit,
    });
    return committed ? 'ERASED' : 'ALREADY_ERASED';
  };
};
