/**
 * Opaque list cursors: DynamoDB's LastEvaluatedKey, base64url-encoded. A cursor that does not
 * decode to a key of the list it is used with is a client mistake (400), never a 500.
 */
import { validationFailed } from '../domain/errors.ts';

type Key = Record<string, string>;

export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;

export const decodeCursor = (
  cursor: string | undefined,
  expected: { attributes: readonly string[]; fixed?: Key },
): Key | undefined => {
  if (cursor === undefined) return undefined;
  const invalid = () =>
    validationFailed([
      { path: 'cursor', code: 'invalid_cursor', message: 'cursor is not valid for this list' },
    ]);
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
  const entries = Object.entries(key);
  const wanted = [...expected.attributes].sort();
  const given = entries.map(([name]) => name).sort();
  if (wanted.join() !== given.join()) throw invalid();
  if (entries.some(([, value]) => typeof value !== 'string' || value.length > 512)) throw invalid();
  for (const [name, value] of Object.entries(expected.fixed ?? {})) {
    if ((key as Key)[name] !== value) throw invalid();
  }
  return key as Key;
};
