/**
 * PRC resident identity numbers (公民身份号码), GB 11643-1999: 17 digits and a check character.
 * The check character is ISO 7064 MOD 11-2 over the first 17 digits, written 0-9 or X for 10.
 */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const checkChars = '10X98765432';

/** Uppercase, trimmed: the one spelling that fingerprints and comparisons use. */
export const normaliseResidentId = (raw: string): string => raw.trim().toUpperCase();

export const residentIdCheckChar = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (weights[i] as number);
  return checkChars[sum % 11] as string;
};

const isValidBirthDate = (yyyymmdd: string): boolean => {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && date.getTime() <= Date.now();
};

export const isValidResidentId = (raw: string): boolean => {
  const id = normaliseResidentId(raw);
  if (!/^[1-9]\d{16}[0-9X]$/.test(id)) return false;
  if (!isValidBirthDate(id.slice(6, 14))) return false;
  return residentIdCheckChar(id.slice(0, 17)) === id[17];
};
