/**
 * The synthesized stacks, checked against the route table and the project's rules: table settings,
 * one authorised route per entry, least-privilege IAM, function defaults, the relay's mapping, the
 * sweep schedule, each stack's distance from CloudFormation's 500 resources, and cdk-nag's
 * AwsSolutions checks with every acknowledgement explained.
 */
import { App, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { evidenceBucket, table, topics } from '../../shared/contract/resources.ts';
import { routeEntries } from '../../shared/contract/routes.ts';
import { workerEntries, workers } from '../../shared/contract/workers.ts';
import { newsContactPurpose } from '../../shared/domain/reporter.ts';

let stateful: Template;
let stateless: Template;
/** The workers' stack (infra/stacks/workers-stack.ts): stream readers, evidence check, sweeps. */
let workerStack: Template;
let web: Template;
let webConfig: Template;
let app: App;

/**
 * CDK core writes "Bundling asset <path>..." for each of ~40 functions, whatever the bundler's log
 * level: the one line per function that is never news in a test run.
 */
const withoutBundlingNotes = <T>(build: () => T): T => {
  const write = process.stderr.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) =>
    String(chunk).startsWith('Bundling asset ')
      ? true
      : (write as (...args: unknown[]) => boolean).call(process.stderr, chunk, ...rest)) as typeof write;
  try {
    return build();
  } finally {
    process.stderr.write = write;
  }
};

// The whole app is bundled and synthesized once, here; every test reads these templates.
beforeAll(() => {
  const built = withoutBundlingNotes(() => buildApp(new App()));
  app = built.app;
  app.synth();
  stateful = Template.fromStack(built.stateful);
  stateless = Template.fromStack(built.stateless);
  workerStack = Template.fromStack(built.workers);
  web = Template.fromStack(built.web);
  webConfig = Template.fromStack(built.webConfig);
});

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOf = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/**
 * Every IAM policy of the function stacks (stateless and workers) as `{Properties: {Roles,
 * PolicyDocument}}`: the separate AWS::IAM::Policy resources and each role's inline policies (a
 * function's own grants live inline in its role, infra/constructs/service-function.ts). Logical ids
 * are unique across the two stacks (the workers' and the routes' names never meet).
 */
const iamPolicies = (): Record<string, { [key: string]: any }> =>
  Object.fromEntries(
    [stateless, workerStack].flatMap((template) => {
      const separate = Object.entries(template.findResources('AWS::IAM::Policy'));
      const inline = Object.entries(template.findResources('AWS::IAM::Role')).flatMap(([roleId, role]) =>
        (
          (role.Properties.Policies ?? []) as {
            PolicyName: string;
            PolicyDocument: { Statement: unknown[] };
          }[]
        ).map(
          (policy) =>
            [
              `${roleId}.${policy.PolicyName}`,
              { Properties: { Roles: [{ Ref: roleId }], PolicyDocument: policy.PolicyDocument } },
            ] as [string, { [key: string]: any }],
        ),
      );
      return [...separate, ...inline];
    }),
  );
/** Every statement granted to the role of the function whose logical id starts with `name`. */
const statementsOf = (name: string): Statement[] => {
  const policies = iamPolicies();
  return Object.entries(policies)
    .filter(([, policy]) =>
      (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref.startsWith(`${name}Role`)),
    )
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[]);
};
const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const mentions = (s: Statement, logicalIdPrefix: string) =>
  JSON.stringify(resourcesOf(s)).includes(logicalIdPrefix);

describe('the stateful stack', () => {
  it('has the single table as resources.ts declares it', () => {
    stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: table.partitionKey, KeyType: 'HASH' },
        { AttributeName: table.sortKey, KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
      StreamSpecification: { StreamViewType: table.streamView },
      GlobalSecondaryIndexes: table.globalIndexes.map((index) =>
        Match.objectLike({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: index.projection },
        }),
      ),
    });
    stateful.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('encrypts every topic with the customer-managed key and refuses plain HTTP', () => {
    const topicResources = stateful.findResources('AWS::SNS::Topic');
    expect(Object.keys(topicResources)).toHaveLength(Object.keys(topics).length);
    for (const topic of Object.values(topicResources)) expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const policies = Object.values(stateful.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(Object.keys(topics).length);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('signs notices with an asymmetric P-256 key and rotates the symmetric ones', () => {
    stateful.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const symmetric = Object.values(stateful.findResources('AWS::KMS::Key')).filter(
      (k) => !k.Properties.KeySpec,
    );
    expect(symmetric).toHaveLength(3);
    for (const key of symmetric) expect(key.Properties.EnableKeyRotation).toBe(true);
  });
});

describe('the evidence bucket', () => {
  const evidence = () => {
    const buckets = stateful.findResources('AWS::S3::Bucket', {
      Properties: { VersioningConfiguration: { Status: 'Enabled' } },
    });
    expect(Object.keys(buckets)).toHaveLength(1);
    return Object.entries(buckets)[0] as [
      string,
      { Properties: Record<string, any>; DeletionPolicy?: string },
    ];
  };

  it('is private, encrypted with its own KMS key, versioned, logged and kept', () => {
    const [id, bucket] = evidence();
    const p = bucket.Properties;
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(p.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    const sse = p.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(sse.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    const keyId = sse.ServerSideEncryptionByDefault.KMSMasterKeyID['Fn::GetAtt'][0];
    expect(stateful.toJSON().Resources[keyId].Properties.Description).toMatch(/evidence/);
    expect(p.LoggingConfiguration.DestinationBucketName).toBeDefined();
    expect(bucket.DeletionPolicy).toBe('Retain');
    const policy = Object.values(stateful.findResources('AWS::S3::BucketPolicy')).find(
      (bp) => bp.Properties.Bucket.Ref === id,
    );
    expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('aborts incomplete uploads, expires old versions, and takes uploads by CORS from the portal only', () => {
    const [, bucket] = evidence();
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: evidenceBucket.abortIncompleteUploadDays },
        NoncurrentVersionExpiration: { NoncurrentDays: evidenceBucket.noncurrentVersionDays },
        Status: 'Enabled',
      }),
    ]);
    const [rule] = bucket.Properties.CorsConfiguration.CorsRules;
    expect(rule.AllowedMethods).toEqual(['PUT']);
    expect(rule.AllowedOrigins).toHaveLength(1);
    expect(JSON.stringify(rule.AllowedOrigins)).toMatch(/Zhengming-Web|DomainName/);
  });

  it('sends objects created under reports/ to the queue the check worker reads, with a dead-letter queue', () => {
    stateful.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: evidenceBucket.prefix }] } },
          }),
        ],
      },
    });
    workerStack.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: workers.evidenceCheck.trigger.batchSize,
    });
    stateful.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        maxReceiveCount: workers.evidenceCheck.trigger.maxRetries + 1,
        deadLetterTargetArn: Match.anyValue(),
      },
    });
  });

  it('adds GuardDuty Malware Protection for S3 only when the context flag asks', () => {
    expect(Object.keys(stateful.findResources('AWS::GuardDuty::MalwareProtectionPlan'))).toHaveLength(0);
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], evidenceMalwareScan: 'true' } });
    const scanned = Template.fromStack(buildApp(app).stateful);
    scanned.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      ProtectedResource: { S3Bucket: { ObjectPrefixes: [evidenceBucket.prefix] } },
    });
  });
});

describe('the API', () => {
  it.each(routeEntries)('serves %s with the right authorizer', (_name, route) => {
    const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).filter(
      (r) => r.Properties.RouteKey === `${route.method} ${route.path}`,
    );
    expect(routes).toHaveLength(1);
    expect(routes[0]?.Properties.AuthorizationType).toBe(route.access === 'public' ? 'NONE' : 'JWT');
  });

  it('has no route that is not in the route table', () => {
    const keys = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    expect(keys.sort()).toEqual(routeEntries.map(([, r]) => `${r.method} ${r.path}`).sort());
  });

  it('checks tokens against the Cognito pool, whose groups are the roles', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: Match.anyValue(), Issuer: Match.anyValue() },
    });
    const groups = Object.values(stateless.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['administrator', 'approver', 'auditor', 'intake', 'investigator']);
    stateless.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('signs staff in on managed login: a public client with the code grant, back to the portal only', () => {
    stateless.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: Match.anyValue(),
      ManagedLoginVersion: 2,
    });
    const clients = Object.values(stateless.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    const client = clients[0]?.Properties;
    expect(client.GenerateSecret).not.toBe(true);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect([...client.AllowedOAuthScopes].sort()).toEqual(['email', 'openid', 'profile']);
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    // The portal's origin is the web stack's distribution, imported.
    const portal = /ExportsOutputFnGetAttWeb\w*DomainName/;
    expect(client.CallbackURLs).toHaveLength(1);
    expect(JSON.stringify(client.CallbackURLs)).toMatch(portal);
    expect(JSON.stringify(client.CallbackURLs)).toContain('/console/callback');
    expect(JSON.stringify(client.LogoutURLs)).toMatch(portal);
    expect(JSON.stringify(client.LogoutURLs)).toContain('/console/sign-in');
    stateless.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { UseCognitoProvidedValues: true });
    // The API takes the console's access token: the authorizer's audience is this client.
    const authorizer = Object.values(stateless.findResources('AWS::ApiGatewayV2::Authorizer'))[0];
    expect(JSON.stringify(authorizer?.Properties.JwtConfiguration.Audience)).toContain('StaffPoolConsole');
  });
});

describe('the commission in the token', () => {
  const pool = () => Object.values(stateless.findResources('AWS::Cognito::UserPool'))[0]?.Properties;

  it('gives staff a mutable custom:commissionId that the console client cannot write', () => {
    expect(pool().Schema).toContainEqual({
      Name: 'commissionId',
      AttributeDataType: 'String',
      Mutable: true,
      StringAttributeConstraints: { MinLength: '1', MaxLength: '64' },
    });
    const client = Object.values(stateless.findResources('AWS::Cognito::UserPoolClient'))[0]?.Properties;
    expect(client.WriteAttributes).toEqual(['name']);
    expect(JSON.stringify(client.WriteAttributes)).not.toContain('commissionId');
  });

  it('runs the sign-in trigger as a V2 Pre Token Generation trigger (access-token claims), on ESSENTIALS or above', () => {
    expect(['ESSENTIALS', 'PLUS']).toContain(pool().UserPoolTier);
    const config = pool().LambdaConfig;
    expect(config.PreTokenGenerationConfig).toEqual({
      LambdaArn: { 'Fn::GetAtt': [expect.stringMatching(/^SignInTrigger/), 'Arn'] },
      LambdaVersion: 'V2_0',
    });
    expect(config.PreTokenGeneration).toBeUndefined();
    expect(config.PostAuthentication).toBeUndefined();
    const [fn] = Object.entries(stateless.findResources('AWS::Lambda::Function')).filter(([id]) =>
      id.startsWith('SignInTrigger'),
    );
    expect(fn?.[1].Properties.Handler).toBe('index.handler');
    // Cognito may invoke it, from this pool only.
    stateless.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'cognito-idp.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [fn?.[0], 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StaffPool'), 'Arn'] },
    });
  });

  it('lets the trigger read, put and delete member items only: no Query, no Update, no pool, no key but the table one', () => {
    const statements = statementsOf('SignInTrigger');
    const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(actionsOf(dynamo[0] as Statement).sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
    expect(dynamo[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['STAFF#*'] },
    });
    expect(resourcesOf(dynamo[0] as Statement)).toHaveLength(1);
    const actions = statements.flatMap(actionsOf);
    expect(actions.filter((a) => !/^(dynamodb|kms|logs):/.test(a))).toEqual([]);
    expect(actions).not.toContain('kms:Sign');
    const kms = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
    expect(kms).toHaveLength(1);
    expect(JSON.stringify(kms[0]?.Resource)).toContain('DataKey');
  });
});

describe('least privilege', () => {
  it('grants no "*" resource but dynamodb:ListStreams, which has no resource-level permission', () => {
    const statements = Object.values(iamPolicies()).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Statement[],
    );
    const starred = statements.filter((s) => resourcesOf(s).includes('*'));
    expect(starred.length).toBeGreaterThan(0);
    for (const statement of starred) expect(actionsOf(statement)).toEqual(['dynamodb:ListStreams']);
  });

  it.each(routeEntries)('gives %s only what its `uses` says', (name, route) => {
    const statements = statementsOf(pascal(name));
    const actions = statements.flatMap(actionsOf);
    const tableWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
    expect(actions.some((a) => a.startsWith('dynamodb:'))).toBe(Boolean(route.uses.table));
    expect(actions.some((a) => tableWrites.includes(a))).toBe(
      route.uses.table === 'readWrite' || Boolean(route.auditRead),
    );
    if (route.auditRead && route.uses.table !== 'readWrite') {
      // An audited read-only route may put read records, and only them.
      const writes = statements.filter((s) => actionsOf(s).some((a) => tableWrites.includes(a)));
      expect(writes.flatMap(actionsOf)).toEqual(['dynamodb:PutItem']);
      expect(writes.map((s) => s.Condition)).toEqual([
        { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['READS#*'] } },
      ]);
    }
    expect(actions.includes('secretsmanager:GetSecretValue')).toBe(Boolean(route.uses.peppers));
    expect(
      statements.some((s) => mentions(s, 'IdentityKey') && actionsOf(s).includes('kms:GenerateDataKey')),
    ).toBe(route.uses.identityKey === 'encrypt');
    expect(statements.some((s) => mentions(s, 'IdentityKey') && actionsOf(s).includes('kms:Decrypt'))).toBe(
      route.uses.identityKey === 'decrypt',
    );
    expect(actions.includes('kms:Sign')).toBe(route.uses.signingKey === 'sign');
    expect(actions.includes('sns:Publish')).toBe(false);
  });

  it('lets the reporter-news worker alone open news contacts, and it opens nothing else', () => {
    const policies = Object.entries(iamPolicies());
    const openers = policies
      .filter(([, p]) =>
        (p.Properties.PolicyDocument.Statement as Statement[]).some(
          (s) =>
            mentions(s, 'IdentityKey') &&
            actionsOf(s).includes('kms:Decrypt') &&
            JSON.stringify(s.Condition ?? {}).includes(`"${newsContactPurpose}"`),
        ),
      )
      .map(([id]) => id);
    expect(openers).toHaveLength(1);
    expect(openers[0]).toMatch(/^ReporterNews/);
    expect(statementsOf('ReporterNews').filter((s) => mentions(s, 'IdentityKey'))).toEqual([
      expect.objectContaining({
        Action: 'kms:Decrypt',
        Condition: { StringEquals: { 'kms:EncryptionContext:purpose': newsContactPurpose } },
      }),
    ]);
    // Every other decryption is narrowed: to another purpose, or to envelopes that have none
    // (identities), so an unconditioned grant cannot open a news contact either.
    const decrypts = policies.flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).filter(
        (s) => mentions(s, 'IdentityKey') && actionsOf(s).includes('kms:Decrypt'),
      ),
    );
    expect(decrypts.length).toBeGreaterThan(2);
    for (const statement of decrypts) {
      expect([
        { StringEquals: { 'kms:EncryptionContext:purpose': ['outbox', 'sms'] } },
        { StringEquals: { 'kms:EncryptionContext:purpose': 'reporter-message' } },
        { StringEquals: { 'kms:EncryptionContext:purpose': newsContactPurpose } },
        { Null: { 'kms:EncryptionContext:purpose': 'true' } },
      ]).toContainEqual(statement.Condition);
    }
    // It publishes to the notices topic and no other.
    const published = statementsOf('ReporterNews').filter((s) => actionsOf(s).includes('sns:Publish'));
    expect(published).toHaveLength(1);
    expect(JSON.stringify(published[0])).toMatch(/Topicnotices/);
  });

  it('lets the relay open sealed outbox messages and phones sealed for texting only, never identities', () => {
    const decrypt = statementsOf('OutboxRelay').filter((s) => mentions(s, 'IdentityKey'));
    expect(decrypt).toEqual([
      expect.objectContaining({
        Action: 'kms:Decrypt',
        Condition: { StringEquals: { 'kms:EncryptionContext:purpose': ['outbox', 'sms'] } },
      }),
    ]);
    expect(statementsOf('OutboxRelay').flatMap(actionsOf)).toEqual(
      expect.arrayContaining(['sns:Publish', 'sns:Subscribe']),
    );
  });

  it("lets no one but the sending functions open a reporter's phone sealed for texting, or text a phone", () => {
    const policies = Object.values(iamPolicies());
    const openers = new Set<string>();
    const texters = new Set<string>();
    for (const policy of policies) {
      const roles = (policy.Properties.Roles as { Ref: string }[]).map((role) => role.Ref);
      for (const statement of policy.Properties.PolicyDocument.Statement as (Statement & {
        Condition?: Record<string, Record<string, unknown>>;
        NotResource?: unknown;
      })[]) {
        if (mentions(statement, 'IdentityKey') && actionsOf(statement).includes('kms:Decrypt')) {
          const purposes = statement.Condition?.StringEquals?.['kms:EncryptionContext:purpose'];
          // A decrypt grant either names its purposes, or allows envelopes without one only.
          if (purposes === undefined)
            expect(statement.Condition).toEqual({ Null: { 'kms:EncryptionContext:purpose': 'true' } });
          if ([purposes].flat().includes('sms'))
            for (const role of roles) openers.add(role.replace(/Role.*/, ''));
        }
        if (statement.NotResource !== undefined && actionsOf(statement).includes('sns:Publish')) {
          expect(statement.NotResource).toBe('arn:aws:sns:*:*:*');
          for (const role of roles) texters.add(role.replace(/Role.*/, ''));
        }
      }
    }
    expect([...openers].sort()).toEqual(['OutboxRelay', 'OutboxSweep']);
    expect([...texters].sort()).toEqual(['OutboxRelay', 'OutboxSweep']);
  });

  it('lets the functions that use the peppers read the secret, and decrypt it only through Secrets Manager', () => {
    const readers = [...routeEntries, ...workerEntries].filter(([, def]) => def.uses.peppers);
    expect(readers.length).toBeGreaterThan(30);
    for (const [name] of readers) {
      const statements = statementsOf(pascal(name));
      const secret = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
      expect(secret, name).toEqual([
        {
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: { 'Fn::ImportValue': expect.stringMatching(/RefPeppers/) },
        },
      ]);
      expect(statements, name).toContainEqual({
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::ImportValue': expect.stringMatching(/DataKey/) },
        Condition: {
          StringEquals: {
            'kms:ViaService': {
              'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']],
            },
          },
        },
      });
    }
  });

  it("keeps every function's grants inline in its role: no separate policy but the stream listing", () => {
    // A separate AWS::IAM::Policy (a `grant*` call's or an event source's DefaultPolicy) is one more
    // resource per function, in stacks held under CloudFormation's 500 (service-function.ts).
    expect(stateless.findResources('AWS::IAM::Policy')).toEqual({});
    const separate = Object.entries(workerStack.findResources('AWS::IAM::Policy'));
    expect(separate.length).toBeGreaterThan(0);
    for (const [id, policy] of separate) {
      expect(id).toMatch(/StreamListing/);
      expect(policy.Properties.PolicyDocument.Statement).toEqual([
        { Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: '*' },
      ]);
    }
  });

  it('lets each stream reader send to its own failure queue, and the evidence check consume its queue', () => {
    const readers = workerEntries.filter(([, worker]) => worker.trigger.kind === 'stream');
    expect(readers.length).toBeGreaterThan(3);
    for (const [name] of readers) {
      const sends = statementsOf(pascal(name)).filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
      expect(sends, name).toEqual([
        {
          Effect: 'Allow',
          Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          Resource: { 'Fn::GetAtt': [expect.stringMatching(`^${pascal(name)}Failures`), 'Arn'] },
        },
      ]);
    }
    const consumes = statementsOf('EvidenceCheck').filter((s) =>
      actionsOf(s).some((a) => a.startsWith('sqs:')),
    );
    expect(consumes).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'sqs:ReceiveMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueUrl',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
        ],
        Resource: { 'Fn::ImportValue': expect.stringMatching(/EvidenceEvents/) },
      },
    ]);
  });
});

describe('functions', () => {
  it('all run on ARM64 and the current Node.js LTS, with a log group that keeps a year', () => {
    // One per route and the pool's sign-in trigger beside the API; one per worker in their stack.
    const routeFunctions = Object.values(stateless.findResources('AWS::Lambda::Function'));
    expect(routeFunctions).toHaveLength(routeEntries.length + 1);
    const workerFunctions = Object.values(workerStack.findResources('AWS::Lambda::Function'));
    expect(workerFunctions).toHaveLength(workerEntries.length);
    for (const fn of [...routeFunctions, ...workerFunctions]) {
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Timeout).toBeGreaterThan(0);
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: expect.anything() });
    }
    // Each function's own, and the API's access logs.
    const groups = [stateless, workerStack].flatMap((t) =>
      Object.values(t.findResources('AWS::Logs::LogGroup')),
    );
    expect(groups).toHaveLength(routeEntries.length + 1 + workerEntries.length + 1);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(365);
  });

  it('start the workers with the environment the routes start with, the portal address included', () => {
    const shared = ['PUBLIC_BASE_URL', 'TABLE_NAME', 'SECRET_ARN', 'IDENTITY_KEY_ARN'];
    const environmentOf = (template: Template, id: string) => {
      const [, fn] =
        Object.entries(template.findResources('AWS::Lambda::Function')).find(([logicalId]) =>
          logicalId.startsWith(id),
        ) ?? [];
      const variables = fn?.Properties.Environment.Variables ?? {};
      return Object.fromEntries(shared.map((name) => [name, variables[name]]));
    };
    const route = environmentOf(stateless, 'CreateClearanceFunction');
    for (const name of shared) expect(route[name], name).toBeDefined();
    expect(environmentOf(workerStack, 'OutboxRelayFunction')).toEqual(route);
    expect(environmentOf(workerStack, 'RetentionFunction')).toEqual(route);
  });

  it('keep accuser records from ClueConcluded events only, on a mapping of their own', () => {
    workerStack.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('ClueConcluded') }] },
    });
    // The stream readers, and the evidence check on its queue; none beside the API.
    expect(Object.keys(workerStack.findResources('AWS::Lambda::EventSourceMapping'))).toHaveLength(
      workerEntries.filter(([, w]) => w.trigger.kind !== 'schedule').length,
    );
    expect(stateless.findResources('AWS::Lambda::EventSourceMapping')).toEqual({});
    // A failure queue per stream reader, and no queue or schedule beside the API.
    expect(Object.keys(workerStack.findResources('AWS::SQS::Queue'))).toHaveLength(
      workerEntries.filter(([, w]) => w.trigger.kind === 'stream').length,
    );
    expect(stateless.findResources('AWS::SQS::Queue')).toEqual({});
    expect(stateless.findResources('AWS::Events::Rule')).toEqual({});
  });

  it.each(workerEntries.filter(([, worker]) => worker.trigger.kind === 'stream'))(
    'filter the stream for %s as shared/contract/workers.ts declares it',
    (name, worker) => {
      const mappings = Object.entries(workerStack.findResources('AWS::Lambda::EventSourceMapping'));
      const [, mapping] = mappings.find(([id]) => id.startsWith(`${pascal(name)}Mapping`)) ?? [];
      const filter = worker.trigger.kind === 'stream' ? worker.trigger.filter.newImage : {};
      expect(JSON.parse(mapping?.Properties.FilterCriteria.Filters[0].Pattern)).toEqual({
        eventName: ['INSERT'],
        // A list of values matches any one of them.
        dynamodb: {
          NewImage: Object.fromEntries(
            Object.entries(filter).map(([k, v]) => [k, { S: typeof v === 'string' ? [v] : [...v] }]),
          ),
        },
      });
    },
  );

  it('relay the outbox from the stream with bounded retries, bisection, partial batches and a failure queue', () => {
    workerStack.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: 5,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('OutboxEvent') }] },
    });
    workerStack.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  it("run the outbox sweep every minute, one run at a time, with the relay's grants", () => {
    workerStack.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OutboxSweep'), 'Arn'] } })],
    });
    const [sweep] = Object.values(workerStack.findResources('AWS::Lambda::Function')).filter((fn) =>
      String(fn.Properties.Description).startsWith('Publishes outbox events the stream relay could not'),
    );
    expect(sweep?.Properties.ReservedConcurrentExecutions).toBe(1);
    const actions = statementsOf('OutboxSweep').flatMap(actionsOf);
    expect(actions).toEqual(
      expect.arrayContaining(['sns:Publish', 'dynamodb:Query', 'dynamodb:BatchGetItem']),
    );
    // It reads no stream; it opens sealed outbox messages only, as the relay does.
    expect(actions.some((action) => action.startsWith('dynamodb:GetRecords'))).toBe(false);
    expect(statementsOf('OutboxSweep').filter((s) => mentions(s, 'IdentityKey'))).toEqual([
      expect.objectContaining({
        Action: 'kms:Decrypt',
        Condition: { StringEquals: { 'kms:EncryptionContext:purpose': ['outbox', 'sms'] } },
      }),
    ]);
  });

  it('run the overdue sweep on a schedule', () => {
    workerStack.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OverdueSweep'), 'Arn'] } }),
      ],
    });
  });

  it('run the retention job daily; it may delete evidence under reports/ and open no seal', () => {
    workerStack.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Retention'), 'Arn'] } })],
    });
    const statements = statementsOf('Retention');
    const s3 = statements.filter((s) => actionsOf(s).some((action) => action.startsWith('s3:')));
    expect(s3.flatMap(actionsOf).sort()).toEqual(['s3:DeleteObject', 's3:DeleteObjectVersion']);
    expect(statements.some((s) => mentions(s, 'IdentityKey'))).toBe(false);
  });
});

describe('the web hosting', () => {
  const distribution = () =>
    Object.values(web.findResources('AWS::CloudFront::Distribution'))[0]?.Properties.DistributionConfig;
  it('keeps the pages in a private, encrypted, SSL-only bucket with access logs', () => {
    web.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }),
        ],
      },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      VersioningConfiguration: { Status: 'Enabled' },
    });
    for (const bucket of Object.values(web.findResources('AWS::S3::Bucket'))) {
      expect(bucket.Properties.PublicAccessBlockConfiguration.BlockPublicPolicy).toBe(true);
    }
    const policies = Object.values(web.findResources('AWS::S3::BucketPolicy'));
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('reads the bucket through Origin Access Control, for this distribution only', () => {
    web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    const s3Origin = distribution().Origins.find((o: { S3OriginConfig?: unknown }) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    const grants = Object.values(web.findResources('AWS::S3::BucketPolicy')).flatMap(
      (p) =>
        p.Properties.PolicyDocument.Statement as { Principal?: { Service?: string }; Condition?: unknown }[],
    );
    expect(grants).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      }),
    );
  });

  it('sends a CSP without unsafe-inline, HSTS and no-framing headers on every behaviour', () => {
    const [policyId, policy] = Object.entries(
      web.findResources('AWS::CloudFront::ResponseHeadersPolicy'),
    )[0] as [string, any];
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('https://*.execute-api.');
    // The console exchanges its code at the sign-in domain's token endpoint, and nowhere else.
    expect(csp).toMatch(/https:\/\/zhengming-.*\.auth\..*\.amazoncognito\.com/);
    expect(csp).not.toContain('cognito-idp');
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(headers.FrameOptions.FrameOption).toBe('DENY');
    const config = distribution();
    for (const behaviour of [config.DefaultCacheBehavior, ...(config.CacheBehaviors ?? [])]) {
      expect(behaviour.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
      expect(['redirect-to-https', 'https-only']).toContain(behaviour.ViewerProtocolPolicy);
    }
  });

  it('serves pages only; the API allows exactly the portal origin by CORS and links messages to it', () => {
    expect(distribution().CacheBehaviors ?? []).toEqual([]);
    expect(distribution().Origins).toHaveLength(1);
    const apis = Object.values(stateless.findResources('AWS::ApiGatewayV2::Api'));
    expect(apis).toHaveLength(1);
    const cors = apis[0]?.Properties.CorsConfiguration;
    expect(cors.AllowOrigins).toHaveLength(1);
    expect(JSON.stringify(cors.AllowOrigins)).toMatch(
      /https:\/\/.*DistributionDomainName|https:\/\/.*WebDomainName|ImportValue/,
    );
    expect(JSON.stringify(cors.AllowOrigins)).not.toContain('*');
    expect(cors.AllowCredentials).toBe(false);
    expect(cors.AllowHeaders).toEqual(expect.arrayContaining(['authorization', 'idempotency-key']));
    expect(cors.ExposeHeaders).toEqual(['retry-after']);
    // Consent links and notices point at the portal, not at the API's own address.
    const create = Object.values(stateless.findResources('AWS::Lambda::Function')).find((f) =>
      String(f.Properties.Description).startsWith('POST /clues/{clueId}/clearances'),
    );
    expect(JSON.stringify(create?.Properties.Environment.Variables.PUBLIC_BASE_URL)).toEqual(
      JSON.stringify(cors.AllowOrigins[0]),
    );
  });

  it('deploys the build, and a config.json naming the API and the sign-in’s endpoints and client', () => {
    const pages = Object.values(web.findResources('Custom::CDKBucketDeployment'))[0];
    expect(pages?.Properties.DistributionPaths).toEqual(['/index.html']);
    const config = Object.values(webConfig.findResources('Custom::CDKBucketDeployment'))[0];
    const markers = JSON.stringify(config?.Properties.SourceMarkers);
    expect(markers).toMatch(/StaffPool/);
    expect(markers).toMatch(/StaffPoolConsole/);
    expect(markers).toMatch(/StaffPoolSignInDomain/);
    expect(markers).toMatch(/ApiEndpoint/);
    expect(markers).toMatch(/ExportsOutputFnGetAttWeb\w*DomainName/);
    expect(config?.Properties.DistributionPaths).toEqual(['/config.json']);
    web.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
  });
});

describe('CloudFormation limits', () => {
  /** Resources a stack may have: CloudFormation's 500, less room for about five more routes (6 each). */
  const ceiling = 470;

  it('keeps every stack under 500 resources, with room for more routes', () => {
    // The assembly beforeAll synthesized (synth() answers it again, not synthesizing twice).
    const counts = Object.fromEntries(
      app.synth().stacks.map((stack) => [stack.stackName, Object.keys(stack.template.Resources).length]),
    );
    // Recorded in the run's output, so that a growing stack shows before it is near the limit.
    console.log(`CloudFormation resources per stack: ${JSON.stringify(counts)}`);
    expect(Object.keys(counts).sort()).toEqual([
      'Zhengming-Stateful',
      'Zhengming-Stateless',
      'Zhengming-Web',
      'Zhengming-WebConfig',
      'Zhengming-Workers',
    ]);
    for (const [stack, count] of Object.entries(counts)) expect(count, stack).toBeLessThanOrEqual(ceiling);
  });
});

describe('cdk-nag', () => {
  const acknowledgements = (root: IConstruct) =>
    root.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));

  it('passes AwsSolutions with every acknowledgement explained', () => {
    // beforeAll synthesized with the checks registered; synthesis fails on any unacknowledged finding.
    const acknowledged = acknowledgements(app);
    expect(acknowledged.length).toBeGreaterThan(5);
    // aws-cdk-lib acknowledges one cfn-lint rule of its own (W3045, a log bucket's ACL); ours are AwsSolutions.
    const ours = acknowledged.filter(([id]) => id !== 'CloudFormation-Validate::W3045');
    for (const [id, reason] of ours) {
      expect(id).toMatch(/AwsSolutions-/);
      expect(reason.length, id).toBeGreaterThan(30);
    }
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    // The app as built, checks included, but without bundling its functions a second time: the
    // finding is in the stateful stack, and bundling doubled the suite's time (issue 13).
    const broken = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const { stateful: stack } = buildApp(broken);
    new Queue(stack as Stack, 'PlainQueue');
    expect(() => broken.synth()).toThrow(/[Vv]alidation/);
  });
});
