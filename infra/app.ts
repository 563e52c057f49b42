/**
 * The CDK app: the stateful stack (table, keys, topics, secret) apart from the stateless one
 * (functions, API, schedules), and the web stack (pages on S3 behind CloudFront, the API on the
 * same origin), with cdk-nag's AwsSolutions checks on all three. Synthesis needs no
 * account: nothing here looks anything up.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';
import { WebStack } from './stacks/web-stack.ts';

export const buildApp = (app = new App()) => {
  const env = process.env.CDK_DEFAULT_ACCOUNT
    ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
    : undefined;
  const stateful = new StatefulStack(app, 'Zhengming-Stateful', {
    env,
    description: 'Zhengming: data, keys, topics',
  });
  const stateless = new StatelessStack(app, 'Zhengming-Stateless', {
    env,
    stateful,
    description: 'Zhengming: API, functions, schedules',
  });
  const web = new WebStack(app, 'Zhengming-Web', {
    env,
    stateless,
    description: 'Zhengming: portal and console pages behind CloudFront, the API on the same origin',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless, web };
};

if (process.argv[1]?.endsWith('app.ts')) buildApp().app.synth();
