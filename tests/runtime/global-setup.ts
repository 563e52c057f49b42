/** The pages, built once before the runs of `npm start`, so that no child builds them at once. */
import { ensureWebBuild } from '../../infra/local/web.ts';

export default async function setup() {
  await ensureWebBuild();
}
