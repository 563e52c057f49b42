/**
 * Each Lambda bundle builds only what its own route needs at cold start (issue: nothing heavy at
 * module scope unless every invocation needs it). Request schemas are written as
 * `/* @__PURE__ *\/ schema(() => …)` and routes as separate exports, so esbuild leaves the other
 * routes and their schemas out; response schemas are named, never imported by a handler.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { lambdaBuildOptions } from '../../bench/parts/bundles.ts';
import { repoRoot } from '../../infra/constructs/service-function.ts';
import { routes } from '../../shared/contract/routes.ts';

const bundled = async (entry: string) => {
  const result = await build({
    ...lambdaBuildOptions(resolve(repoRoot, entry), resolve(repoRoot, 'bench/.build/test/index.cjs')),
    write: false,
  });
  const code = result.outputFiles.find((file) => file.path.endsWith('.cjs'))?.text ?? '';
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

  it('answer a malformed body from the bundle alone with field-by-field messages in English', async () => {
    // In a Lambda only zod/mini is loaded, and it has no messages until schema() installs them.
    // Inside the repository, so that the bundle finds the AWS SDK in node_modules as Lambda would.
    mkdirSync(resolve(repoRoot, 'bench/.build'), { recursive: true });
    const dir = mkdtempSync(resolve(repoRoot, 'bench/.build/handler-'));
    try {
      const outfile = resolve(dir, 'index.cjs');
      await build(lambdaBuildOptions(resolve(repoRoot, routes.submitReport.entry), outfile));
      vi.stubEnv('TABLE_NAME', 'zhengming');
      vi.stubEnv('SECRET_ARN', 'arn:aws:secretsmanager:us-east-1:111111111111:secret:peppers');
      vi.stubEnv('IDENTITY_KEY_ARN', 'arn:aws:kms:us-east-1:111111111111:key/identity');
      vi.stubEnv('LOG_LEVEL', 'SILENT');
      // As Lambda's runtime loads a CommonJS handler.
      const { handler } = createRequire(import.meta.url)(outfile);
      const response = await handler(
        {
          version: '2.0',
          routeKey: 'POST /reports',
          rawPath: '/reports',
          headers: { 'content-type': 'application/json', 'accept-language': 'en' },
          isBase64Encoded: false,
          body: JSON.stringify({ accused: { name: '' }, category: 'CORRUPTION', allegations: [], extra: 1 }),
          requestContext: {
            http: { method: 'POST', path: '/reports', sourceIp: '192.0.2.1' },
            requestId: 'r1',
          },
        },
        { getRemainingTimeInMillis: () => 10_000 },
      );
      expect(response.statusCode).toBe(400);
      const { details } = JSON.parse(response.body).error as { details: { path: string; message: string }[] };
      expect(details).toContainEqual({
        path: 'body.accused.name',
        code: 'too_small',
        message: 'Too small: expected string to have >=1 characters',
      });
      expect(details).toContainEqual({
        path: 'body',
        code: 'unrecognized_keys',
        message: 'Unrecognized key: "extra"',
      });
    } finally {
      vi.unstubAllEnvs();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
