/**
 * The web pages take their response types from the server's response schemas
 * (web/src/lib/responses.ts), as types only: a value import would put zod into the page bundle.
 * The second test keeps the `Clue` schema honest about what the clue view returns, which is what
 * the console reads (proposal, conclusion, extension).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import type { Clue } from '../../shared/schemas/responses/clues.ts';
import type { clueDetail } from '../../shared/views/clue.ts';

const webSrc = join(import.meta.dirname, '../../web/src');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );

/** Every import or export-from statement, whole (they may span lines). */
const importsOf = (text: string) =>
  [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)';/gms)].map((m) => ({
    statement: m[0],
    from: m[1] as string,
  }));

describe('web response types', () => {
  it('come from the server schemas as types only, and no web module imports zod', () => {
    const offending: string[] = [];
    let typeImports = 0;
    for (const file of sources(webSrc)) {
      for (const { statement, from } of importsOf(readFileSync(file, 'utf8'))) {
        const schemas = from.includes('shared/schemas/');
        const zod = from === 'zod' || from.startsWith('zod/');
        if (!schemas && !zod) continue;
        if (/^(?:import|export) type\b/.test(statement)) typeImports++;
        else offending.push(`${relative(webSrc, file)}: ${statement.split('\n')[0]}`);
      }
    }
    expect(offending).toEqual([]);
    expect(typeImports).toBeGreaterThan(0);
  });

  it('the Clue schema describes what the clue view returns', () => {
    // A compile-time check (npm run typecheck): the view's answer must fit the schema's type.
    const fits = (detail: ReturnType<typeof clueDetail>): z.output<typeof Clue> => detail;
    expect(typeof fits).toBe('function');
  });
});
