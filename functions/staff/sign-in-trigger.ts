/**
 * The Cognito Pre Token Generation trigger: keeps the member registry current from each sign-in.
 * Chosen over Post Authentication because it fires for every token Cognito issues (a sign-in of an
 * admin-created user after the first password change, and every refresh) and its event carries the
 * user's groups (`groupConfiguration.groupsToOverride`), so no AdminListGroupsForUser call and no
 * grant on the user pool are needed: the function only writes the table. The claims are read by
 * `memberFromClaims` (shared/domain/staff.ts), as the local sign-in and the seed read theirs.
 *
 * A registry that cannot be written never stops a sign-in: the token is issued, and the member is
 * recorded at the next one.
 */
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { memberFromClaims } from '../../shared/domain/staff.ts';
import { logger } from '../../shared/logger.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { staffStore } from '../../shared/store/staff.ts';

export const recordSignedInMember =
  (services: Pick<Services, 'db' | 'config' | 'now'>) =>
  async (event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> => {
    const { userAttributes, groupConfiguration } = event.request;
    const member = memberFromClaims(
      userAttributes,
      groupConfiguration?.groupsToOverride ?? [],
      services.now(),
    );
    if (!member) return event;
    try {
      await staffStore(services).record(member);
    } catch (error) {
      logger.warn('member not recorded', { userId: member.userId, error: (error as Error).name });
    }
    return event;
  };

export const handler = recordSignedInMember(createServices());
