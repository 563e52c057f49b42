/**
 * No handler imports another handler module, directly or through anything it imports: each handler
 * module builds its clients and its middy stack at import, so a crossing builds a second handler at
 * every cold start (merge once built the register handler this way). Read from the sources, with
 * TypeScript's own import scanner, so no bundling or synthesis is needed.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..', '..');

/**
 * package.json `imports` (e.g. `#domain/*` → `./shared/domain/*.ts`) as prefix pairs: the project
 * has none today, but a handler must not reach another through one either.
 */
const subpathImports = (root: string): [string, string][] => {
  const file = join(root, 'package.json');
  const imports = existsSync(file)
    ? ((JSON.parse(readFileSync(file, 'utf8')) as { imports?: Record<string, string> }).imports ?? {})
    : {};
  return Object.entries(imports).map(([from, to]) => [from, to]);
};

const resolveSpecifier = (root: string, from: string, spec: string): string | undefined => {
  let path: string | undefined;
  if (spec.startsWith('.')) path = resolve(dirname(from), spec);
  else if (spec.startsWith('#')) {
    for (const [pattern, target] of subpathImports(root)) {
      const [prefix = '', suffix = ''] = pattern.split('*');
      if (spec.startsWith(prefix) && spec.endsWith(suffix)) {
        const middle = spec.slice(prefix.length, spec.length - suffix.length);
        path = resolve(root, target.replace('*', middle));
      }
    }
  }
  if (!path) return undefined; // a package, or node: built-in
  return [path, `${path}.ts`, join(path, 'index.ts')].find((candidate) => existsSync(candidate));
};

/**
 * For each module under `functions/`, the other modules under `functions/` it reaches through its
 * imports (static, dynamic, re-exports and type-only alike), as `a imports … b` lines.
 */
const handlerCrossings = (root: string): string[] => {
  const functionsDir = join(root, 'functions') + sep;
  const scanned = new Map<string, string[]>();
  const importsOf = (file: string): string[] => {
    let found = scanned.get(file);
    if (!found) {
      found = ts
        .preProcessFile(readFileSync(file, 'utf8'), true, true)
        .importedFiles.flatMap(({ fileName }) => resolveSpecifier(root, file, fileName) ?? []);
      scanned.set(file, found);
    }
    return found;
  };
  const handlers = readdirSync(join(root, 'functions'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(root, 'functions', file));
  return handlers.flatMap((handler) => {
    const seen = new Set([handler]);
    const crossings: string[] = [];
    const visit = (file: string, via: string[]) => {
      for (const next of importsOf(file)) {
        if (seen.has(next)) continue;
        seen.add(next);
        const path = [...via, relative(root, next)];
        if (next.startsWith(functionsDir)) crossings.push(path.join(' imports '));
        else if (!next.includes(`${sep}node_modules${sep}`)) visit(next, path);
      }
    };
    visit(handler, [relative(root, handler)]);
    return crossings;
  });
};

describe('handler modules', () => {
  it('never reach another handler module through their imports', () => {
    expect(handlerCrossings(repoRoot)).toEqual([]);
  });

  describe('the check', () => {
    const root = mkdtempSync(join(tmpdir(), 'zm-handler-imports-'));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('sees a handler imported by another, however the path is written', () => {
      write('package.json', JSON.stringify({ imports: { '#fn/*': './functions/*.ts' } }));
      write('functions/clues/register.ts', 'export const handler = 1;\n');
      write(
        'functions/clues/act.ts',
        "import { x } from '../../shared/domain/clue.ts';\nexport const y = x;\n",
      );
      write('shared/domain/clue.ts', 'export const x = 1;\n');
      // The hole the earlier guard left: any path that starts with ../../ passed.
      write('functions/clues/merge.ts', "import { handler } from '../../functions/clues/register.ts';\n");
      write('functions/flags/contest.ts', "import '../clues/register';\n");
      write('functions/flags/decide.ts', "export const load = () => import('#fn/clues/register');\n");
      // Through a shared module, and as a type only.
      write('functions/flags/reveal.ts', "import { via } from '../../shared/views/flag.ts';\n");
      write('shared/views/flag.ts', "export type { X } from '../../functions/clues/register.ts';\n");
      expect(handlerCrossings(root).sort()).toEqual([
        'functions/clues/merge.ts imports functions/clues/register.ts',
        'functions/flags/contest.ts imports functions/clues/register.ts',
        'functions/flags/decide.ts imports functions/clues/register.ts',
        'functions/flags/reveal.ts imports shared/views/flag.ts imports functions/clues/register.ts',
      ]);
    });
  });
});
