/**
 * The browser tests need the built pages: build web/dist once for the run (the integration
 * global setup, listed beside this one, starts DynamoDB Local and the SNS emulator).
 */
import { ensureWebBuild } from '../../infra/local/web.ts';

export default async function setup() {
  await ensureWebBuild({ force: true });
}
