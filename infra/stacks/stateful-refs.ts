/**
 * What every stack of functions (the stateless stack, the workers stack) takes from the stateful
 * stack, and the environment each of their functions starts with: declared once here, so that a
 * route and a worker see the same configuration.
 */
import { Fn, type StackProps } from 'aws-cdk-lib';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { type TopicKey, table } from '../../shared/contract/resources.ts';
import type { StatefulStack } from './stateful-stack.ts';

/** The props of a stack of functions: the stateful stack they use, and the portal they link to. */
export interface FunctionStackProps extends StackProps {
  stateful: StatefulStack;
  /**
   * The portal's origin (the web stack's CloudFront address): messages link to it (PUBLIC_BASE_URL),
   * the API allows it by CORS, and the console's sign-in returns to it.
   */
  portalOrigin: string;
}

export const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The stateful resources as references. Granting on the originals would write this stack's roles
 * into their resource policies (the key policy above all) and tie the stacks in a cycle; granting
 * on references puts every permission in the function's own role policy instead.
 */
export interface StatefulRefs {
  table: {
    tableArn: string;
    tableName: string;
    tableStreamArn: string;
    indexNames: readonly string[];
    key: IKey;
  };
  dataKey: IKey;
  identityKey: IKey;
  signingKey: IKey;
  peppers: ISecret;
  topics: Record<TopicKey, ITopic>;
  evidence: { bucketArn: string; arnExport: string; bucketName: string; key: IKey; eventsQueueArn: string };
}

export const importStateful = (scope: Construct, stateful: StatefulStack): StatefulRefs => {
  const dataKey = Key.fromKeyArn(scope, 'DataKeyRef', stateful.dataKey.keyArn);
  const topicRefs = Object.fromEntries(
    Object.entries(stateful.topics).map(([key, topic]) => [
      key,
      Topic.fromTopicAttributes(scope, `TopicRef-${key}`, {
        topicArn: topic.topicArn,
        keyArn: stateful.dataKey.keyArn,
      }),
    ]),
  ) as Record<TopicKey, ITopic>;
  return {
    table: {
      tableArn: stateful.table.tableArn,
      tableName: stateful.table.tableName,
      tableStreamArn: stateful.table.tableStreamArn as string,
      indexNames: table.globalIndexes.map((index) => index.name),
      key: dataKey,
    },
    dataKey,
    identityKey: Key.fromKeyArn(scope, 'IdentityKeyRef', stateful.identityKey.keyArn),
    signingKey: Key.fromKeyArn(scope, 'SigningKeyRef', stateful.signingKey.keyArn),
    peppers: Secret.fromSecretAttributes(scope, 'PeppersRef', {
      secretCompleteArn: stateful.peppers.secretArn,
      encryptionKey: dataKey,
    }),
    topics: topicRefs,
    evidence: {
      bucketArn: Fn.importValue(stateful.evidenceArnExport),
      arnExport: stateful.evidenceArnExport,
      bucketName: stateful.evidence.bucketName,
      key: Key.fromKeyArn(scope, 'EvidenceKeyRef', stateful.evidenceKey.keyArn),
      eventsQueueArn: stateful.evidenceEvents.queueArn,
    },
  };
};

/**
 * Per-commission settings (deadlines, holidays, issuer name, portal address…) from the CDK context
 * key "zhengming", e.g. `cdk deploy -c zhengming='{"COMMISSION_NAME":"某市纪委监委"}'`.
 */
export const contextSettings = (scope: Construct): Record<string, string> => {
  const configured = scope.node.tryGetContext('zhengming');
  return (typeof configured === 'string' ? JSON.parse(configured) : (configured ?? {})) as Record<
    string,
    string
  >;
};

/**
 * The environment every function starts with: the portal's address (which the settings may
 * override), the settings, and where the table, the peppers and the identity key are. Every
 * function can configure itself; only its `uses` decides what it may touch.
 */
export const functionEnvironment = (
  scope: Construct,
  stateful: StatefulRefs,
  portalOrigin: string,
): Record<string, string> => ({
  PUBLIC_BASE_URL: portalOrigin,
  ...contextSettings(scope),
  TABLE_NAME: stateful.table.tableName,
  SECRET_ARN: stateful.peppers.secretArn,
  IDENTITY_KEY_ARN: stateful.identityKey.keyArn,
});
