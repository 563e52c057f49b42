/**
 * The project's knowledge lives in the repository: every relative link in its markdown resolves to a
 * file (and a heading, when it names one), and no source file sends a reader outside the repository
 * (the briefs `CONTRACT.md` and `DOMAIN.md` that once sat beside it are now docs/api.md and docs/domain.md).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
/** Generated, installed or local-only: not the project's own text. */
const skipped = new Set(['node_modules', '.git', 'cdk.out', '.local', 'coverage', 'test-artifacts']);
const skippedPaths = ['web/dist', 'bench/.build', 'bench/results'];

const filesUnder = (dir: string, extensions: readonly string[]): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    const rel = relative(root, path).split(sep).join('/');
    if (skipped.has(entry.name) || skippedPaths.includes(rel)) return [];
    if (entry.isDirectory()) return filesUnder(path, extensions);
    return extensions.includes(extname(entry.name)) ? [rel] : [];
  });

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slugOf = (heading: string): string =>
  heading
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (markdown: string): Set<string> => {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => slugOf(m[1] as string)));
};

/** Inline links and images, outside fenced code blocks: `[text](target)`. */
const linksOf = (markdown: string): string[] =>
  [
    ...markdown
      .replace(/^```[\s\S]*?^```/gm, '')
      .matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g),
  ].map((m) => m[1] as string);

const isInside = (path: string) => path === root || path.startsWith(root + sep);

/** What is wrong with one relative link of `file`, or undefined. */
const brokenLink = (file: string, target: string, read = (path: string) => readFileSync(path, 'utf8')) => {
  const [path = '', anchor] = target.split('#');
  const absolute = path ? resolve(root, dirname(file), decodeURI(path)) : resolve(root, file);
  if (!isInside(absolute)) return `${target} leaves the repository`;
  if (!existsSync(absolute)) return `${target} does not exist`;
  if (anchor && statSync(absolute).isFile() && absolute.endsWith('.md')) {
    if (!anchorsOf(read(absolute)).has(decodeURIComponent(anchor))) return `${target}: no such heading`;
  }
  return undefined;
};

const isRelative = (target: string) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//');

const markdownFiles = filesUnder(root, ['.md']);
const sourceFiles = filesUnder(root, ['.ts', '.mjs', '.js', '.json', '.html', '.css']).filter(
  // This file names what it forbids.
  (file) => file !== 'package-lock.json' && file !== 'tests/unit/docs.test.ts',
);

/**
 * Paths in a source file that lead out of the repository: a `../…` path (in an import, a comment or a
 * string) that resolves above the root, or a bare name of the briefs that were never part of it.
 */
const outsideReferences = (file: string, text: string): string[] => [
  // In markdown, code spans hold examples written from elsewhere (`../../shared/…` in a handler); its
  // links are checked above.
  ...[
    ...(file.endsWith('.md')
      ? text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '')
      : text
    ).matchAll(/(?:\.\.\/)+[\w.@-][\w./@-]*/g),
  ]
    .map((m) => m[0].replace(/\.+$/, ''))
    .filter((path) => !isInside(resolve(root, dirname(file), path))),
  ...[...text.matchAll(/(?<![\w/])(?:CONTRACT|DOMAIN|ARCHITECTURE)\.md\b/g)].map((m) => m[0]),
];

describe('the documentation', () => {
  it('has the pages the README promises', () => {
    for (const page of ['domain', 'api', 'architecture', 'performance'])
      expect(existsSync(resolve(root, `docs/${page}.md`))).toBe(true);
    expect(markdownFiles).toContain('README.md');
    expect(markdownFiles.filter((file) => file.startsWith('docs/decisions/')).length).toBeGreaterThan(1);
  });

  it.each(markdownFiles)('%s: every relative link resolves', (file) => {
    const text = readFileSync(resolve(root, file), 'utf8');
    const broken = linksOf(text)
      .filter(isRelative)
      .flatMap((target) => brokenLink(file, target) ?? []);
    expect(broken).toEqual([]);
  });

  it('points nowhere outside the repository, in markdown or in source', () => {
    const found = [...markdownFiles, ...sourceFiles].flatMap((file) =>
      outsideReferences(file, readFileSync(resolve(root, file), 'utf8')).map((ref) => `${file}: ${ref}`),
    );
    expect(found).toEqual([]);
  });

  it('the checks see what they are for', () => {
    // A README at the root linking to the briefs beside the repository, as it once did.
    expect(brokenLink('README.md', '../shared/DOMAIN.md')).toBe('../shared/DOMAIN.md leaves the repository');
    expect(brokenLink('README.md', 'docs/missing.md')).toBe('docs/missing.md does not exist');
    expect(brokenLink('README.md', 'docs/api.md#no-such-heading')).toBe(
      'docs/api.md#no-such-heading: no such heading',
    );
    expect(brokenLink('docs/api.md', 'domain.md#findings-核查结论')).toBeUndefined();
    expect(linksOf('see [a](b.md) and ![c](d.png "t")\n```\n[e](f.md)\n```')).toEqual(['b.md', 'd.png']);
    expect(outsideReferences('README.md', 'The domain is in ../shared/DOMAIN.md.')).toEqual([
      '../shared/DOMAIN.md',
    ]);
    expect(outsideReferences('shared/domain/clue.ts', "/** CONTRACT.md's action table. */")).toEqual([
      'CONTRACT.md',
    ]);
    // Imports that stay inside the repository are not references out of it.
    expect(
      outsideReferences('functions/clues/act.ts', "import x from '../../shared/domain/clue.ts';"),
    ).toEqual([]);
    expect(outsideReferences('shared/domain/clue.ts', '/** docs/domain.md "The life of a clue" */')).toEqual(
      [],
    );
  });
});
