/**
 * `npm run lint:api`: writes GET /openapi.json, as the generator builds it, to a temporary file and
 * lints it with Redocly CLI's recommended rules; any error fails the run. Redocly runs offline and
 * is one package (Spectral brings about 240); telemetry is turned off.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { routes } from '../shared/contract/routes.ts';
import { buildOpenApi } from '../shared/http/openapi.ts';

const dir = mkdtempSync(join(tmpdir(), 'zhengming-openapi-'));
const file = join(dir, 'openapi.json');
writeFileSync(file, JSON.stringify(buildOpenApi(routes), null, 2));
const redocly = resolve(import.meta.dirname, '..', 'node_modules', '.bin', 'redocly');
const result = spawnSync(
  redocly,
  [
    'lint',
    file,
    '--extends=recommended',
    // The service is private: it has no licence to name.
    '--skip-rule=info-license',
    // Health, this document, the notice keys and the public figures take no input and answer no 4xx.
    '--skip-rule=operation-4xx-response',
    '--format=stylish',
  ],
  {
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  },
);
rmSync(dir, { recursive: true, force: true });
// The whole report only when something is wrong: on success Redocly's banner (Node 20 is ending
// for its next releases) and its cheer would only add noise to the test log.
if (result.status === 0) console.log('lint:api: the OpenAPI document lints clean (Redocly, recommended)');
else process.stdout.write(`${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}\n`);
process.exit(result.status ?? 1);
