/**
 * `npm run lint:api`: writes GET /openapi.json, as the generator builds it, to a temporary file and
 * lints it with Redocly CLI's recommended rules; any error fails the run. Redocly runs offline and
 * is one package (Spectral brings about 240); telemetry is turned off.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildOpenApi } from '../shared/http/openapi.ts';
import { routes } from './routes.ts';

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
    stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  },
);
rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);
