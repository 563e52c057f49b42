/** Small statistics and table printing for the benchmarks. */
export const quantile = (values: number[], q: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] as number;
};
export const median = (values: number[]) => quantile(values, 0.5);
export const p99 = (values: number[]) => quantile(values, 0.99);
export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Prints rows as an aligned text table (wide characters count double). */
export const printTable = (title: string, rows: Record<string, string | number>[]) => {
  console.log(`\n${title}`);
  if (rows.length === 0) return console.log('  (no rows)');
  const width = (s: string) => [...s].reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1), 0);
  const columns = Object.keys(rows[0] as object);
  const cells = rows.map((row) => columns.map((c) => String(row[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(width(c), ...cells.map((r) => width(r[i] as string))));
  const line = (values: string[]) =>
    `  ${values.map((v, i) => (i === 0 ? v + ' '.repeat((widths[i] as number) - width(v)) : ' '.repeat((widths[i] as number) - width(v)) + v)).join('  ')}`;
  console.log(line(columns));
  console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of cells) console.log(line(row));
};

/** Progress for long jobs, on stderr so the tables stay clean. */
export const progress = (message: string) => process.stderr.write(`  … ${message}\n`);
