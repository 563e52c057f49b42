/** Seeded hostile values for the hostile-input test and the fuzzer: a failure replays exactly. */

/** A small seeded PRNG (a linear congruential generator): numbers in [0, 1). */
export const prng = (seed: number) => () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};

export const oddValues: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  ' ',
  '\u0000',
  '\u202e',
  '💥',
  '<script>',
  "'; DROP TABLE",
  '长'.repeat(5000),
  [],
  [[]],
  {},
  { $ne: null },
  '1900-02-29',
  '2023-13-01',
  'AAAA-BBBB',
  ['x'],
  { summary: 1 },
];

export const deepNest = (depth: number): unknown => (depth === 0 ? 'x' : { a: deepNest(depth - 1) });

/** `pick` and `mutate` drawing on one seeded sequence. */
export const hostileValues = (random: () => number) => {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  /** The value with one field removed, added or replaced by an odd value, at some depth. */
  const mutate = (value: unknown, depth = 0): unknown => {
    if (value === null || typeof value !== 'object' || depth > 4 || random() < 0.2) return pick(oddValues);
    const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...value };
    const keys = Object.keys(copy);
    const action = random();
    if (action < 0.3 && keys.length) delete copy[pick(keys)];
    else if (action < 0.45)
      copy[pick(['extra', '__proto__', 'constructor', 'prototype', 'PK', 'toString'])] = pick(oddValues);
    else if (keys.length) {
      const key = pick(keys);
      copy[key] = mutate(copy[key], depth + 1);
    }
    return copy;
  };
  return { pick, mutate };
};
