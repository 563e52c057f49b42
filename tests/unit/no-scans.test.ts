/**
 * No request may read a whole table (docs/domain.md "Numbers for scale"). Every module reachable from a
 * Lambda entry point is checked for Scan; lists are Queries on a key or index.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeEntries } from '../../shared/contract/routes.ts';
import { workerEntries } from '../../shared/contract/workers.ts';

const root = resolve(import.meta.dirname, '..', '..');

/** Every project module an entry point imports, directly or not. */
const reachable = (entry: string): string[] => {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const [, spec] of source.matchAll(
      /(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g,
    )) {
      if (spec) visit(resolve(dirname(file), spec));
    }
  };
  visit(resolve(root, entry));
  return [...seen].map((file) => relative(root, file));
};

const usesScan = (file: string) =>
  /\bScan(Command|Input)\b|['"]Scan['"]/.test(readFileSync(resolve(root, file), 'utf8'));

describe('request paths', () => {
  it.each([
    ...routeEntries.map(([, route]) => route.entry),
    ...workerEntries.map(([, worker]) => worker.entry),
  ])('%s never scans', (entry) => {
    const modules = reachable(entry);
    expect(modules.length).toBeGreaterThan(1);
    expect(modules.filter(usesScan)).toEqual([]);
  });

  it('the check sees a Scan where there is one', () => {
    expect(usesScan('tests/integration/support/runtime.ts')).toBe(true);
  });
});
