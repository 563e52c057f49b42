import { describe, expect, it } from 'vitest';
import { CreateClearanceRequest } from '../../shared/schemas/clearances.ts';

const proposal = (allegations: number) => ({
  trigger: 'DEPARTMENT_PROPOSAL',
  harm: ['CAREER_AFFECTED'],
  method: 'PUBLIC_NOTICE',
  allegationIds: Array.from({ length: allegations }, (_, i) => `alg_${i}`),
  statement: '经核查，反映问题失实。',
  cadreContact: { email: 'cadre@example.org' },
});

describe('a clearance proposal', () => {
  // Each allegation takes a lock item in the proposal's one transaction (at most 100 items).
  it('names at most 50 allegations', () => {
    expect(CreateClearanceRequest.safeParse(proposal(50)).success).toBe(true);
    expect(CreateClearanceRequest.safeParse(proposal(51)).success).toBe(false);
  });
});
