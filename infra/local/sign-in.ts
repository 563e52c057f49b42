/**
 * The console's sign-in in the local runtime, where Cognito is not: the site config names the demo
 * users (one per role), and POST /local/sign-in hands out the same kind of token as `npm run token`.
 * Both exist only locally; in the cloud, config.json comes from the CDK and sign-in from Cognito.
 */
import { localDemoUsers } from '../web-policy.ts';
import type { LocalRouteResult } from './gateway.ts';
import { issueLocalToken } from './keys.ts';

export const localConsoleRoute = async (
  method: string,
  url: URL,
  body: () => Promise<unknown>,
): Promise<LocalRouteResult | undefined> => {
  if (method === 'GET' && url.pathname === '/config.json') {
    return { status: 200, body: { auth: 'local', demoUsers: localDemoUsers } };
  }
  if (method !== 'POST' || url.pathname !== '/local/sign-in') return undefined;
  const request = (await body()) as { userId?: unknown } | undefined;
  const user = localDemoUsers.find((u) => u.userId === request?.userId);
  if (!user) {
    return {
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'unknown demo user',
          details: [
            { path: 'body.userId', message: `one of ${localDemoUsers.map((u) => u.userId).join(', ')}` },
          ],
        },
      },
    };
  }
  return { status: 200, body: { token: await issueLocalToken(user.userId, [user.role], 8), ...user } };
};
