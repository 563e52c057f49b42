/**
 * `npm run --silent token -- --role <intake|investigator|approver|auditor|administrator> --user <id>
 * [--commission <id>]` prints a bearer token that the local runtime accepts; `--commission` sets the
 * member's commission (the `custom:commissionId` claim), else the single commission.
 */
import { parseArgs } from 'node:util';
import { roles } from '../../shared/contract/routes.ts';
import { commissionIdPattern } from '../../shared/domain/commission.ts';
import { issueLocalToken } from './keys.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    user: { type: 'string' },
    hours: { type: 'string' },
    commission: { type: 'string' },
  },
});
const wanted = values.role ?? [];
const unknown = wanted.filter((role) => !(roles as readonly string[]).includes(role));
const badCommission = values.commission !== undefined && !commissionIdPattern.test(values.commission);
if (wanted.length === 0 || unknown.length > 0 || !values.user || badCommission) {
  console.error(
    `usage: npm run --silent token -- --role <${roles.join('|')}> --user <id> [--commission <id>] [--hours 12]`,
  );
  process.exit(2);
}
const claims = values.commission ? { 'custom:commissionId': values.commission } : {};
process.stdout.write(`${await issueLocalToken(values.user, wanted, Number(values.hours ?? 12), claims)}\n`);
