/**
 * The audited read, as the request pipeline runs it (shared/http/handler.ts): a route declared with
 * `auditRead` answers only once its ReadRecord is written. A read that cannot be recorded is not
 * served (art. 47): the client hears 503 UNAVAILABLE saying so, with Retry-After, never a 500 and
 * never the case file.
 */
import type { RouteDef } from '../contract/routes/route-def.ts';
import { DomainError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { type ReadRecord, readSubjectId } from '../domain/read-audit.ts';
import { logger } from '../logger.ts';
import { actingRole, actorOf, type Principal } from './auth.ts';

/** Writes one read record (shared/store/read-records.ts `record`). */
/** Writes a read's record; the recorder stamps the time from its services' clock. */
export type RecordRead = (read: Omit<ReadRecord, 'at'>) => Promise<void>;

export const readNotRecorded = () =>
  new DomainError(
    'UNAVAILABLE',
    {
      zh: '本次查阅未能登记留痕，依规不予调阅，请稍后重试',
      en: 'This read could not be recorded, so the file is not shown; please retry shortly',
    },
    [
      {
        code: 'read_not_recorded',
        message: 'every staff read of a case file is recorded before it is served',
      },
    ],
    1,
  );

export interface ReadRequest {
  principal: Principal;
  params: Readonly<Record<string, string | undefined>>;
  path: string;
}

/**
 * The recorder of a route: undefined for a route that is not audited; for one that is, a function
 * that writes its record. A handler of an audited route built without a recorder fails at cold
 * start, so no audited route can be deployed unrecorded.
 */
export const readAuditOf = (route: RouteDef, record: RecordRead | undefined) => {
  const audit = route.auditRead;
  if (!audit) return undefined;
  if (!record) throw new Error(`${route.method} ${route.path} is audited but its handler records no reads`);
  const access = route.access === 'public' ? [] : route.access;
  return async ({ principal, params, path }: ReadRequest): Promise<void> => {
    const read: Omit<ReadRecord, 'at'> = {
      readId: newId('red'),
      commissionId: principal.commissionId,
      userId: principal.userId,
      role: actingRole(actorOf(principal), access),
      subjectKind: audit.kind,
      subjectId: readSubjectId(audit, params),
      route: `${route.method} ${route.path}`,
      path,
    };
    try {
      await record(read);
    } catch (error) {
      logger.error('read not recorded', { route: read.route, errorName: (error as Error)?.name });
      throw readNotRecorded();
    }
  };
};
