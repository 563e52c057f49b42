/**
 * What staff see of accuser flags (shared/domain/accuser-flag.ts `flagView`): with each evidence
 * report's identity status (the status only, for any commission's report) and the names of the
 * other commissions whose findings are cited by reference.
 */
import { type AccuserFlag, citedCommissions, flagView } from '../domain/accuser-flag.ts';
import type { Services } from '../services.ts';
import { settingsOf } from '../store/commissions.ts';
import { identityStatusesOf, type ReportStore } from '../store/reports.ts';

/** Each report's identity status, read server-side: another commission's report is never shown. */
export const evidenceStatuses = (reports: ReportStore, flags: readonly AccuserFlag[]) =>
  identityStatusesOf(
    reports,
    flags.flatMap((flag) => flag.evidence.map((e) => e.reportId)),
  );

/** The names of the commissions these flags cite by reference (settings are cached per container). */
const commissionNames = async (services: Pick<Services, 'db' | 'config'>, flags: readonly AccuserFlag[]) => {
  const ids = citedCommissions(flags);
  const names = new Map(
    await Promise.all(ids.map(async (id) => [id, (await settingsOf(services, id)).name] as const)),
  );
  return (commissionId: string) => names.get(commissionId) ?? commissionId;
};

export const loadFlagViews = async (
  services: Pick<Services, 'db' | 'config'>,
  reports: ReportStore,
  flags: readonly AccuserFlag[],
  /** The statuses when the caller already read them (a decision needs them first). */
  known?: Awaited<ReturnType<typeof evidenceStatuses>>,
) => {
  const [statusOf, nameOf] = await Promise.all([
    known ?? evidenceStatuses(reports, flags),
    commissionNames(services, flags),
  ]);
  return flags.map((flag) => flagView(flag, statusOf, nameOf));
};
