import { describe, expect, it } from 'vitest';
import { parseGroups, principalOf } from '../../shared/http/auth.ts';

const withGroups = (groups: unknown) =>
  principalOf({
    requestContext: { authorizer: { jwt: { claims: { sub: 'u-1', 'cognito:groups': groups } } } },
  } as never)?.roles;

describe('roles from the groups claim', () => {
  it('reads the array and the string API Gateway makes of it, each name whole', () => {
    expect(parseGroups(['intake', 'approver'])).toEqual(['intake', 'approver']);
    expect(parseGroups('[intake approver]')).toEqual(['intake', 'approver']);
    expect(parseGroups('[approver]')).toEqual(['approver']);
    expect(parseGroups('approver')).toEqual(['approver']);
    expect(parseGroups('[]')).toEqual([]);
    expect(parseGroups(undefined)).toEqual([]);
    expect(withGroups('[investigator auditor]')).toEqual(['investigator', 'auditor']);
    expect(withGroups(['approver'])).toEqual(['approver']);
  });

  it('grants no role for a name that only contains one', () => {
    for (const groups of [
      ['intake,approver'],
      ['intake approver'],
      '[intake,approver]',
      'intake,approver',
      ['approvers'],
      '[Approver]',
      ['approver\u200b'],
      [['approver']],
      '["approver"]',
    ]) {
      expect(withGroups(groups), JSON.stringify(groups)).not.toContain('approver');
    }
    expect(withGroups(['intake approver'])).toEqual([]);
  });
});

describe('the commission from the token', () => {
  const commissionOf = (claims: Record<string, unknown>) =>
    principalOf({ requestContext: { authorizer: { jwt: { claims: { sub: 'u-1', ...claims } } } } } as never)
      ?.commissionId;

  it('is the custom:commissionId claim, and the single commission for a token without one', () => {
    expect(commissionOf({ 'custom:commissionId': '330102' })).toBe('330102');
    expect(commissionOf({})).toBe('default');
    expect(commissionOf({ 'custom:commissionId': '' })).toBe('default');
    expect(commissionOf({ 'custom:commissionId': ['330102'] })).toBe('default');
  });
});
