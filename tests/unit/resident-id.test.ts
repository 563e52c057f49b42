import { describe, expect, it } from 'vitest';
import {
  isValidResidentId,
  normaliseResidentId,
  residentIdCheckChar,
} from '../../shared/domain/resident-id.ts';

describe('GB 11643 resident ID numbers', () => {
  it.each([
    // The standard's own example, and two worked by hand with the weights 7 9 10 5 8 4 2 1 6 3 …
    ['11010519491231002', 'X'],
    ['32010619850312471', '3'],
    ['51010819770101123', '8'],
  ])('computes the check character of %s as %s', (first17, check) => {
    expect(residentIdCheckChar(first17)).toBe(check);
    expect(isValidResidentId(first17 + check)).toBe(true);
  });

  it('accepts a lowercase x and surrounding spaces, and normalises them', () => {
    expect(isValidResidentId(' 11010519491231002x ')).toBe(true);
    expect(normaliseResidentId(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it.each([
    ['a wrong check character', '110105194912310021'],
    ['17 characters', '11010519491231002'],
    ['19 characters', '11010519491231002X1'],
    ['letters inside', '1101051949123100AX'],
    ['a leading zero', '010105194912310021'],
    ['an impossible birth date', `${'110105194902300'}21`],
    ['a birth date in the future', '110105209901010011'],
    ['a birth year before 1900, with a right check character', '440524188001010014'],
  ])('rejects %s', (_why, id) => {
    expect(isValidResidentId(id)).toBe(false);
  });
});
