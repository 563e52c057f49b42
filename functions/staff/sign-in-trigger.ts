/**
 * The Cognito Pre Token Generation trigger (event version 2): puts the member's commission in the
 * access token and keeps the member registry current from each sign-in.
 * Chosen over Post Authentication because it fires for every token Cognito issues (a sign-in of an
 * admin-created user after the first password change, and every refresh) and its event carries the
 * user's groups (`groupConfiguration.groupsToOverride`), so no AdminListGroupsForUser call and no
 * grant on the user pool are needed: the function only writes the table. The claims are read by
 * `memberFromClaims` (shared/domain/staff.ts), as the local sign-in and the seed read theirs.
 *
 * The console sends its ACCESS token, which carries no custom attribute of its own: only a V2
 * trigger can add `custom:commissionId` to it (`accessTokenGeneration.claimsToAddOrOverride`), the
 * claim `shared/http/auth.ts` reads. The value is the registry's (`memberFromClaims`), so the token
 * and the member record always name the same commission.
 *
 * A registry that cannot be written never stops a sign-in: the token is issued, and the member is
 * recorded at the next one.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { memberFromClaims } from '../../shared/domain/staff.ts';
import { logger } from '../../shared/logger.ts';
import { createServices, type Services } from '../../shared/services.ts';
import { staffStore } from '../../shared/store/staff.ts';

/** The claim shared/http/auth.ts reads the member's commission from. */
export const commissionClaim = 'custom:commissionId';

const withCommission = (event: PreTokenGenerationV2TriggerEvent, commissionId: string) => {
  const details = event.response?.claimsAndScopeOverrideDetails ?? {};
  event.response = {
    claimsAndScopeOverrideDetails: {
      ...details,
      accessTokenGeneration: {
        ...details.accessTokenGeneration,
        claimsToAddOrOverride: {
          ...details.accessTokenGeneration?.claimsToAddOrOverride,
          [commissionClaim]: commissionId,
        },
      },
    },
  };
  return event;
};

export const recordSignedInMember =
  (services: Pick<Services, 'db' | 'config' | 'now'>) =>
  async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
    const { userAttributes, groupConfiguration } = event.request;
    const member = memberFromClaims(
      userAttributes,
      groupConfiguration?.groupsToOverride ?? [],
      services.now(),
    );
    if (!member) return event;
    withCommission(event, member.commissionId);
    try {
      await staffStore(services).record(member);
    } catch (error) {
      logger.warn('member not recorded', { userId: member.userId, error: (error as Error).name });
    }
    return event;
  };

export const handler = recordSignedInMember(createServices());
