/**
 * `npm run --silent token -- --role <intake|investigator|approver|auditor> --user <id>`
 * prints a bearer token that the local runtime accepts.
 */
import { parseArgs } from 'node:util';
import { roles } from '../../shared/contract/routes.ts';
import { issueLocalToken } from './keys.ts';

const { values } = parseArgs({
  options: { role: { type: 'string', multiple: true }, user: { type: 'string' }, hours: { type: 'string' } },
});
const wanted = values.role ?? [];
const unknown = wanted.filter((role) => !(roles as readonly string[]).includes(role));
if (wanted.length === 0 || unknown.length > 0 || !values.user) {
  console.error(`usage: npm run --silent token -- --role <${roles.join('|')}> --user <id> [--hours 12]`);
  process.exit(2);
}
process.stdout.write(`${await issueLocalToken(values.user, wanted, Number(values.hours ?? 12))}\n`);
