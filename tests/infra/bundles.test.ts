/**
 * Each Lambda bundle builds only what its own route needs at cold start (issue: nothing heavy at
 * module scope unless every invocation needs it). Request schemas are written as
 * `/* @__PURE__ *\/ schema(() => …)` and routes as separate exports, so esbuild leaves the other
 * routes and their schemas out; response schemas are named, never imported by a handler.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../bench/parts/bundles.ts';
import { repoRoot } from '../../infra/constructs/service-function.ts';
import { routes } from '../../infra/routes.ts';

const bundled = async (entry: string) => {
  const result = await build({
    ...lambdaBuildOptions(resolve(repoRoot, entry), resolve(repoRoot, 'bench/.build/test/index.mjs')),
    write: false,
  });
  const code = result.outputFiles.find((file) => file.path.endsWith('.mjs'))?.text ?? '';
  // What ended up in the output: the metafile lists every file visited, even those shaken out.
  const output = Object.values(result.metafile?.outputs ?? {}).find((o) => o.entryPoint !== undefined);
  const inputs = Object.entries(output?.inputs ?? {})
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([path]) => path);
  return { code, inputs };
};

describe('Lambda bundles', () => {
  it('leave zod out of a function whose route takes no body, query or headers', async () => {
    const { inputs } = await bundled(routes.getNotice.entry);
    expect(inputs.some((path) => path.includes('node_modules/zod/'))).toBe(false);
    expect(inputs.some((path) => path.includes('shared/schemas/responses/'))).toBe(false);
  });

  it('build only their own request schema, not the rest of their area', async () => {
    const { code } = await bundled(routes.consentToClearance.entry);
    expect(code).toContain('id:"ConsentRequest"');
    for (const other of ['CreateClearanceRequest', 'WithdrawClearanceRequest', 'VerifyNoticeRequest'])
      expect(code).not.toContain(`id:"${other}"`);
  });

  it('never build response schemas, which only the OpenAPI document uses', async () => {
    const { code, inputs } = await bundled(routes.getClue.entry);
    expect(inputs.some((path) => path.includes('shared/schemas/responses/'))).toBe(false);
    expect(code).not.toContain('id:"Clue"');
    const openapi = await bundled(routes.openapi.entry);
    expect(openapi.code).toContain('id:"Clue"');
  });

  it('never import one handler module into another, which would build a second handler at import', () => {
    const dir = resolve(repoRoot, 'functions');
    const modules = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const crossing = modules.flatMap((file) =>
      [...readFileSync(join(dir, file), 'utf8').matchAll(/from '(\.\.?\/[^']+)'/g)]
        .map((m) => m[1] as string)
        .filter((path) => !path.startsWith('../../'))
        .map((path) => `${file} imports ${path}`),
    );
    expect(crossing).toEqual([]);
  });
});
