/**
 * ServiceFunction: every Lambda of the project, with the defaults decided once: ARM64, the current
 * Node.js LTS, CommonJS bundles built by esbuild (no Docker), source maps, an explicit timeout and memory,
 * its own log group with retention, and a role with no managed policies. Permissions come only
 * through the bind* helpers, each granting exactly one thing.
 */
import { resolve } from 'node:path';
import {
  CfnResource,
  Duration,
  type IAspect,
  Lazy,
  Names,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import { Policy, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  type IEventSourceDlq,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type CfnLogGroup, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { evidenceBucket, type TopicKey, topicArnEnv } from '../../shared/contract/resources.ts';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface ServiceFunctionProps {
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  memoryMb?: number;
  timeoutSeconds?: number;
  /** Reserved concurrency, for a function whose runs must not overlap (default: none reserved). */
  reservedConcurrency?: number;
  environment?: Record<string, string>;
}

/** esbuild settings shared by the stack and the bundle-size benchmark, so both measure the same thing. */
export const bundling = {
  // CommonJS, because the AWS SDK the Lambda runtime provides is CommonJS: an ESM bundle reaches it
  // through Node's ESM-to-CommonJS bridge, which lexes each package's source to find its exports.
  // Measured with `npm run bench` (import in a fresh process): a bare DynamoDB client 117 → 78 ms,
  // the relay 161 → 96 ms. Our own ESM sources and ESM-only packages (middy, zod) bundle into it.
  format: OutputFormat.CJS,
  minify: true,
  sourceMap: true,
  target: 'node24',
  // Packages' ESM builds first, so esbuild can shake out what a function does not use.
  mainFields: ['module', 'main'],
  metafile: true,
} as const;

/**
 * aws-cdk-lib makes every Lambda function depend on its role construct, so the function's
 * DependsOn lists the role and the role's policies. The role is already a `Fn::GetAtt` in
 * `Properties.Role`, which orders it (cfn-lint W3005: an obsolete DependsOn); the policies are
 * not referenced and must stay, or the function could run before it may write its logs. Applied
 * to the whole app, so CDK's own functions (the BucketDeployment handler) are covered too.
 */
export class DependsOnWithoutRole implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof LambdaFunction) || !(node.role instanceof Role)) return;
    const cfnFunction = node.node.defaultChild as CfnResource;
    const cfnRole = node.role.node.defaultChild;
    // Read when the template is written: CDK has turned construct dependencies into DependsOn by then.
    cfnFunction.addOverride(
      'DependsOn',
      Lazy.list({
        produce: () => {
          const dependsOn = cfnFunction
            .obtainDependencies()
            .filter(
              (target): target is CfnResource => CfnResource.isCfnResource(target) && target !== cfnRole,
            )
            .map((target) => target.logicalId);
          return dependsOn.length ? dependsOn : undefined;
        },
      }),
    );
  }
}

/**
 * ServiceFunction's queue grants (bindFailureQueue, bindEventQueue) cover queues encrypted by SQS
 * itself (SSE-SQS), as all of ours are; a queue under a customer key would also need a grant on
 * that key, which they do not write: such a queue stops synthesis rather than fail at run time.
 * The check sees the key only of a queue defined in the same app or imported with its key
 * (`Queue.fromQueueAttributes({ keyArn })`); `Queue.fromQueueArn` carries none, so whoever moves
 * a queue imported that way under a customer key must add the key grant here.
 */
const unencrypted = (queue: IQueue) => {
  if (queue.encryptionMasterKey)
    throw new Error(`${queue.node.path}: a queue under a customer key needs a key grant too`);
};

export class ServiceFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  /**
   * The role's own grants, inline in the role rather than a separate AWS::IAM::Policy: one
   * CloudFormation resource fewer per function, which helps keep the stateless stack (about 65
   * functions) under CloudFormation's 500 resources. Grants are added until synthesis.
   */
  readonly grants = new PolicyDocument();

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry}`,
      inlinePolicies: { Grants: this.grants },
    });
    this.grants.addStatements(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn, `${this.logGroup.logGroupArn}:log-stream:*`],
      }),
    );
    // Lambda names its log streams itself, so the stream part cannot be narrower than this group's.
    const logGroupId = Stack.of(this).resolve(
      (this.logGroup.node.defaultChild as CfnLogGroup).logicalId,
    ) as string;
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logGroupId}.Arn>:log-stream:*]`,
      reason: 'Log streams of this function’s own log group only; Lambda chooses the stream names.',
    });
    this.function = new NodejsFunction(this, 'Function', {
      entry: resolve(repoRoot, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb ?? 512,
      timeout: Duration.seconds(props.timeoutSeconds ?? 10),
      ...(props.reservedConcurrency ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      projectRoot: repoRoot,
      depsLockFilePath: resolve(repoRoot, 'package-lock.json'),
      // No NODE_OPTIONS=--enable-source-maps: Node then parses the 700 KB map at every cold start
      // (about 10 ms, `npm run bench` part 2). The map still ships beside the bundle, so a minified
      // stack in the logs can be decoded afterwards (README, "Deploying with CDK").
      environment: { ...props.environment },
      // esbuild's size table for each of ~40 functions buried the test and synth output; its
      // warnings and errors still show.
      bundling: { ...bundling, mainFields: [...bundling.mainFields], logLevel: LogLevel.WARNING },
    });
  }

  addEnvironment(name: string, value: string): this {
    this.function.addEnvironment(name, value);
    return this;
  }

  /**
   * The single table: read (Get, BatchGet, Query) or read and write (Put, Update, Delete, and so
   * the items of TransactWriteItems). Resources are the table and each of its indexes by name, and
   * the key is granted only what DynamoDB needs on the caller's behalf: no wildcards.
   */
  bindTable(
    table: { tableArn: string; tableName: string; indexNames: readonly string[]; key: IKey },
    access: 'read' | 'readWrite',
  ): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    const reads = [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DescribeTable',
    ];
    const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
    this.grants.addStatements(
      new PolicyStatement({
        actions: access === 'read' ? reads : [...reads, ...writes],
        resources: [table.tableArn, ...table.indexNames.map((index) => `${table.tableArn}/index/${index}`)],
      }),
    );
    this.grants.addStatements(
      new PolicyStatement({
        actions:
          access === 'read'
            ? ['kms:Decrypt', 'kms:DescribeKey']
            : ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: [table.key.keyArn],
      }),
    );
    return this;
  }

  /**
   * Putting read records (shared/store/read-records.ts) and nothing else: an audited read on a
   * read-only route may write only items whose partition key starts `READS#`.
   */
  bindReadRecords(table: { tableArn: string; key: IKey }): this {
    this.grants.addStatements(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['READS#*'] } },
      }),
    );
    this.grants.addStatements(
      new PolicyStatement({ actions: ['kms:Encrypt', 'kms:GenerateDataKey'], resources: [table.key.keyArn] }),
    );
    return this;
  }

  /**
   * Recording members (shared/store/staff.ts, the sign-in trigger) and nothing else: reads, puts and
   * deletes of items whose partition key starts `STAFF#`, no Query, no Update.
   */
  bindStaffRegistry(table: { tableArn: string; tableName: string; key: IKey }): this {
    this.addEnvironment('TABLE_NAME', table.tableName);
    this.grants.addStatements(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['STAFF#*'] } },
      }),
    );
    this.grants.addStatements(
      new PolicyStatement({
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: [table.key.keyArn],
      }),
    );
    return this;
  }

  /** Reading the table's stream (the relay's event source). */
  bindStream(table: { tableArn: string; tableStreamArn: string; key: IKey }): this {
    this.grants.addStatements(
      new PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: [table.tableStreamArn],
      }),
    );
    // ListStreams supports no resource-level permission, so it alone gets "*", in a policy of its
    // own so that the acknowledgement covers nothing else.
    const listing = new Policy(this, 'StreamListing', {
      statements: [new PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] })],
    });
    this.role.attachInlinePolicy(listing);
    Validations.of(listing).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams supports no resource-level permission; the stream reads themselves are limited to this table’s stream.',
    });
    return this;
  }

  /**
   * A stream reader's on-failure queue: sending to it, what SqsDlq grants, but in the role's
   * inline grants (SqsDlq would add a DefaultPolicy resource). Answers the mapping's `onFailure`.
   */
  bindFailureQueue(queue: IQueue): IEventSourceDlq {
    this.grants.addStatements(
      new PolicyStatement({
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resources: [queue.queueArn],
      }),
    );
    unencrypted(queue);
    return { bind: () => ({ destination: queue.queueArn }) };
  }

  /**
   * A queue as this function's event source: the mapping and the consuming grant SqsEventSource
   * makes, the grant inline in the role (SqsEventSource would add a DefaultPolicy resource). The
   * mapping keeps SqsEventSource's id, so a deployment updates it rather than replacing it.
   */
  bindEventQueue(queue: IQueue, options: { batchSize: number; reportBatchItemFailures: boolean }): this {
    this.function.addEventSourceMapping(`SqsEventSource:${Names.nodeUniqueId(queue.node)}`, {
      eventSourceArn: queue.queueArn,
      ...options,
    });
    this.grants.addStatements(
      new PolicyStatement({
        actions: [
          'sqs:ReceiveMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueUrl',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
        ],
        resources: [queue.queueArn],
      }),
    );
    unencrypted(queue);
    return this;
  }

  /** Publishing to one topic (and, for the relay, managing its subscriptions). */
  bindTopic(
    key: TopicKey,
    topic: ITopic,
    topicKey: IKey,
    options: { manageSubscriptions?: boolean } = {},
  ): this {
    this.addEnvironment(topicArnEnv(key), topic.topicArn);
    this.grants.addStatements(new PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    // SNS encrypts each message under the topic's key with the publisher's permissions.
    this.grants.addStatements(
      new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [topicKey.keyArn] }),
    );
    if (options.manageSubscriptions) {
      this.grants.addStatements(
        new PolicyStatement({
          actions: ['sns:Subscribe', 'sns:Unsubscribe', 'sns:SetSubscriptionAttributes'],
          resources: [topic.topicArn],
        }),
      );
    }
    return this;
  }

  /**
   * Reading the master pepper: what `secret.grantRead` allows, added to the role's inline grants.
   * grantRead itself would put it in a separate AWS::IAM::Policy (the role's DefaultPolicy), one
   * more resource for each of the ~35 functions that use the peppers. The key may decrypt only
   * when Secrets Manager asks on this function's behalf (kms:ViaService), as grantRead intends:
   * for a key imported from another stack, as ours is, grantRead wrote nothing for the key (it
   * grants to a kms.ViaServicePrincipal, which only a key policy can hold, and an imported key
   * has none to write), and reading the secret silently relied on the table's grant of that key.
   */
  bindPeppers(secret: ISecret): this {
    this.addEnvironment('SECRET_ARN', secret.secretArn);
    this.grants.addStatements(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        // grantRead's resource: the complete ARN, or a partial one with its random suffix matched.
        resources: [secret.secretFullArn ?? `${secret.secretArn}-??????`],
      }),
    );
    if (secret.encryptionKey)
      this.grants.addStatements(
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [secret.encryptionKey.keyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(secret).region}.amazonaws.com` },
          },
        }),
      );
    return this;
  }

  /**
   * The identity key: `encrypt` may only create data keys (seal); `decrypt` may only open. With
   * `purposes`, decryption is narrowed to envelopes sealed with one of those encryption contexts
   * (the relay opens outbox messages and phones sealed for texting, never identities; the
   * reporter-news worker news contacts only); without, to envelopes sealed with no purpose at all
   * (a route that opens an identity can never open an outbox message, a news contact or a phone
   * sealed for texting).
   */
  bindIdentityKey(key: IKey, access: 'encrypt' | 'decrypt', purposes?: readonly string[]): this {
    this.addEnvironment('IDENTITY_KEY_ARN', key.keyArn);
    const purpose = 'kms:EncryptionContext:purpose';
    const conditions =
      access === 'encrypt'
        ? undefined
        : purposes
          ? { StringEquals: { [purpose]: purposes.length === 1 ? purposes[0] : [...purposes] } }
          : { Null: { [purpose]: 'true' } };
    this.grants.addStatements(
      new PolicyStatement({
        actions: access === 'encrypt' ? ['kms:GenerateDataKey'] : ['kms:Decrypt'],
        resources: [key.keyArn],
        ...(conditions ? { conditions } : {}),
      }),
    );
    return this;
  }

  /**
   * Texting a phone number directly (SNS Publish with PhoneNumber): SMS has no resource ARN, so
   * the grant excludes every topic instead (NotResource arn:aws:sns:*:*:*) and allows nothing else.
   */
  bindSms(): this {
    this.grants.addStatements(
      new PolicyStatement({ actions: ['sns:Publish'], notResources: ['arn:aws:sns:*:*:*'] }),
    );
    return this;
  }

  /**
   * The evidence bucket, under its `reports/` prefix only: `put` signs upload URLs (PutObject, and
   * the key's GenerateDataKey that SSE-KMS uses on the uploader's behalf), `read` signs download
   * URLs (GetObject of the checked version, Decrypt), `check` reads and deletes (every version),
   * `erase` only deletes (the retention job; deleting needs no key).
   */
  bindEvidence(
    bucket: { bucketArn: string; arnExport: string; bucketName: string; key: IKey },
    access: 'put' | 'read' | 'check' | 'erase',
  ): this {
    this.addEnvironment(evidenceBucket.env, bucket.bucketName);
    const reads = ['s3:GetObject', 's3:GetObjectVersion'];
    const actions = {
      put: ['s3:PutObject'],
      read: reads,
      check: [...reads, 's3:DeleteObject', 's3:DeleteObjectVersion'],
      erase: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
    }[access];
    const objects = `${bucket.bucketArn}/${evidenceBucket.prefix}*`;
    this.grants.addStatements(new PolicyStatement({ actions, resources: [objects] }));
    if (access !== 'erase')
      this.grants.addStatements(
        new PolicyStatement({
          actions: access === 'put' ? ['kms:GenerateDataKey'] : ['kms:Decrypt'],
          resources: [bucket.key.keyArn],
        }),
      );
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucket.arnExport}/${evidenceBucket.prefix}*]`,
      reason:
        'Evidence objects are named reports/<reportId>/<attachmentId> with ids drawn at each announcement; the grant covers that prefix and nothing else of the bucket.',
    });
    return this;
  }

  /** Notice signing: Sign for the publisher, GetPublicKey for whoever serves the JWKS. */
  bindSigningKey(key: IKey, access: 'sign' | 'publicKey'): this {
    this.addEnvironment('NOTICE_KEY_ARNS', key.keyArn);
    this.grants.addStatements(
      new PolicyStatement({
        actions: access === 'sign' ? ['kms:Sign', 'kms:GetPublicKey'] : ['kms:GetPublicKey'],
        resources: [key.keyArn],
      }),
    );
    return this;
  }
}
