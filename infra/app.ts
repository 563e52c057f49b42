/**
 * The CDK app: the stateful stack (table, keys, topics, secret, evidence bucket) apart from the
 * stacks of functions: the stateless one (the API, its functions, the staff pool) and the workers
 * one (stream readers, the evidence check, the sweeps), split so that each stays well under
 * CloudFormation's 500 resources; neither depends on the other. The web stack (pages on S3 behind
 * CloudFront) comes first, whose origin the API allows by CORS and messages link to, and the
 * pages' config.json last; cdk-nag's AwsSolutions checks run on all of them. Synthesis needs no
 * account: nothing here looks anything up.
 */
import { App, Aspects, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DependsOnWithoutRole } from './constructs/service-function.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';
import { WebConfigStack, WebStack } from './stacks/web-stack.ts';
import { WorkersStack } from './stacks/workers-stack.ts';

export const buildApp = (app = new App()) => {
  const env = process.env.CDK_DEFAULT_ACCOUNT
    ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
    : undefined;
  // The pages first: the API allows their origin (CORS) and links messages to it, and the
  // evidence bucket takes uploads from it alone.
  const web = new WebStack(app, 'Zhengming-Web', {
    env,
    description: 'Zhengming: portal and console pages on S3 behind CloudFront',
  });
  const stateful = new StatefulStack(app, 'Zhengming-Stateful', {
    env,
    portalOrigin: web.origin,
    description: 'Zhengming: data, keys, topics, the evidence bucket',
  });
  const stateless = new StatelessStack(app, 'Zhengming-Stateless', {
    env,
    stateful,
    portalOrigin: web.origin,
    description: 'Zhengming: API, route functions, staff pool',
  });
  // The workers take what they need from the stateful stack alone: no dependency on the API's stack.
  const workers = new WorkersStack(app, 'Zhengming-Workers', {
    env,
    stateful,
    portalOrigin: web.origin,
    description: 'Zhengming: stream readers, evidence check, scheduled sweeps',
  });
  const webConfig = new WebConfigStack(app, 'Zhengming-WebConfig', {
    env,
    web,
    stateless,
    description: 'Zhengming: config.json for the pages (API address, Cognito pool and client)',
  });
  Aspects.of(app).add(new DependsOnWithoutRole());
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless, workers, web, webConfig };
};

if (process.argv[1]?.endsWith('app.ts')) buildApp().app.synth();
