/**
 * Client-side checks that mirror the API's schemas (shared/schemas/reports.ts): the same limits,
 * the same GB 11643 checksum (the pure rule from shared/domain), the same mobile pattern. The API
 * stays the judge; these only put the message beside the field before a round trip.
 */
import { isValidResidentId } from '../../../shared/domain/resident-id.ts';

export const limits = {
  name: 50,
  position: 100,
  organization: 100,
  region: 100,
  summary: 200,
  details: 2000,
  allegations: 20,
  email: 254,
} as const;

export type Problem = 'required' | 'tooLong' | 'idNumber' | 'phone' | 'email' | 'dateOrder';

export const requiredText = (value: string, max: number): Problem | undefined => {
  const trimmed = value.trim();
  if (!trimmed) return 'required';
  return trimmed.length > max ? 'tooLong' : undefined;
};

export const optionalText = (value: string, max: number): Problem | undefined =>
  value.trim().length > max ? 'tooLong' : undefined;

export const residentId = (value: string): Problem | undefined => {
  const trimmed = value.trim();
  if (!trimmed) return 'required';
  return trimmed.length === 18 && isValidResidentId(trimmed) ? undefined : 'idNumber';
};

export const mobile = (value: string): Problem | undefined => {
  const trimmed = value.trim();
  if (!trimmed) return 'required';
  return /^1[3-9]\d{9}$/.test(trimmed) ? undefined : 'phone';
};

export const email = (value: string): Problem | undefined => {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return trimmed.length <= limits.email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed) ? undefined : 'email';
};

export const dateOrder = (from: string, to: string): Problem | undefined =>
  from && to && from > to ? 'dateOrder' : undefined;
