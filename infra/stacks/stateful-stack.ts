/**
 * What holds data and must outlive any deployment: the single table, the keys, the topics and the
 * pepper secret. Built from shared/contract/resources.ts, as the local runtime is.
 */
import {
  CfnOutput,
  CfnResource,
  Duration,
  Lazy,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  EventType,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import { evidenceBucket, type TopicKey, table, topics } from '../../shared/contract/resources.ts';
import { workers } from '../../shared/contract/workers.ts';

export interface StatefulStackProps extends StackProps {
  /** The portal's origin: the only one the evidence bucket's CORS rule lets upload. */
  portalOrigin: string;
}

/**
 * Context flag: `cdk deploy -c evidenceMalwareScan=true` adds GuardDuty Malware Protection for S3
 * on the evidence bucket (it tags each object with its scan result). Off by default: it is billed
 * per GB scanned and must be enabled for the account's GuardDuty. Locally the check worker's size,
 * hash and type check is all that runs (README).
 */
export const malwareScanFlag = 'evidenceMalwareScan';

/** Leaves `referenced` out of a resource's DependsOn, read when the template is written. */
const dropDependsOn = (resource: CfnResource, referenced: IConstruct) => {
  resource.addOverride(
    'DependsOn',
    Lazy.list({
      produce: () => {
        const kept = resource
          .obtainDependencies()
          .filter((t): t is CfnResource => CfnResource.isCfnResource(t) && t !== referenced)
          .map((t) => t.logicalId);
        return kept.length ? kept : undefined;
      },
    }),
  );
};

export class StatefulStack extends Stack {
  readonly table: Table;
  readonly dataKey: Key;
  readonly identityKey: Key;
  readonly signingKey: Key;
  readonly peppers: Secret;
  readonly topics: Record<TopicKey, Topic>;
  readonly evidenceKey: Key;
  readonly evidence: Bucket;
  /** Where the evidence bucket's object-created events go; the check worker reads it. */
  readonly evidenceEvents: Queue;
  /**
   * The export of the evidence bucket's ARN: the stateless and workers stacks import it by this
   * name, so the functions' grants (and their acknowledged `reports/*` wildcard) name it the same way.
   */
  readonly evidenceArnExport: string;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.dataKey = new Key(this, 'DataKey', {
      description: 'Zhengming: the table, the topics and the pepper secret',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.identityKey = new Key(this, 'IdentityKey', {
      description: 'Zhengming: wraps the data keys of reporter identities and sealed outbox messages',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // ES256 for notices; asymmetric keys cannot rotate automatically: a new key is added to
    // NOTICE_KEY_ARNS ahead of the old one, which stays published so old notices still verify.
    this.signingKey = new Key(this, 'NoticeSigningKey', {
      description: 'Zhengming: signs clarification notices (ES256)',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const strings = (name: string) => ({ name, type: AttributeType.STRING });
    // Table (not TableV2): it renders a customer-managed key in a region-agnostic stack, so
    // synthesis needs no account or region.
    this.table = new Table(this, 'Table', {
      partitionKey: strings(table.partitionKey),
      sortKey: strings(table.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      timeToLiveAttribute: table.ttlAttribute,
      stream: StreamViewType[table.streamView],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of table.globalIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: strings(index.partitionKey),
        sortKey: strings(index.sortKey),
        projectionType: ProjectionType[index.projection],
      });
    }

    this.topics = Object.fromEntries(
      (Object.keys(topics) as TopicKey[]).map((key) => [
        key,
        new Topic(this, `Topic-${key}`, {
          displayName: topics[key].displayName,
          masterKey: this.dataKey,
          enforceSSL: true,
        }),
      ]),
    ) as Record<TopicKey, Topic>;

    this.peppers = new Secret(this, 'Peppers', {
      description:
        'Zhengming master pepper: HKDF-expanded into the receipt, fingerprint, idempotency, client and audit keys',
      encryptionKey: this.dataKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.peppers).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the pepper would orphan every stored receipt hash, fingerprint and audit MAC; rotation needs versioned peppers, which is future work.',
    });
    this.evidenceKey = new Key(this, 'EvidenceKey', {
      description: 'Zhengming: encrypts the evidence files reporters upload',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const evidence = this.evidenceBucket(props.portalOrigin);
    this.evidence = evidence.bucket;
    this.evidenceEvents = evidence.events;
    this.evidenceArnExport = `${this.stackName}-EvidenceBucketArn`;
    new CfnOutput(this, 'EvidenceBucketArn', {
      value: this.evidence.bucketArn,
      exportName: this.evidenceArnExport,
    });
    if (
      this.node.tryGetContext(malwareScanFlag) === 'true' ||
      this.node.tryGetContext(malwareScanFlag) === true
    ) {
      this.malwareScan();
    }
  }

  /**
   * The evidence bucket: private (every public access blocked, no ACLs), its own KMS key, TLS only,
   * versioned, with lifecycle rules and server access logs, and CORS for the portal's uploads only.
   * Each object created sends an event to a queue that the check worker reads.
   */
  private evidenceBucket(portalOrigin: string) {
    const logs = new Bucket(this, 'EvidenceAccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // S3 server access logs can only be delivered to a bucket with SSE-S3.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the evidence bucket’s access-log bucket; logging it into itself would loop.',
    });
    const bucket = new Bucket(this, 'Evidence', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.evidenceKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'evidence/',
      lifecycleRules: [
        {
          abortIncompleteMultipartUploadAfter: Duration.days(evidenceBucket.abortIncompleteUploadDays),
          noncurrentVersionExpiration: Duration.days(evidenceBucket.noncurrentVersionDays),
        },
      ],
      cors: [
        {
          allowedOrigins: [portalOrigin],
          allowedMethods: [HttpMethods.PUT],
          allowedHeaders: [...evidenceBucket.corsHeaders],
          exposedHeaders: ['ETag'],
          maxAge: 600,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const check = workers.evidenceCheck;
    const failures = new Queue(this, 'EvidenceEventFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the evidence events; it has no further one.',
    });
    const events = new Queue(this, 'EvidenceEvents', {
      // SSE-SQS: S3 can send to it without a grant on a customer key.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the worker's timeout, as Lambda advises for an SQS event source.
      visibilityTimeout: Duration.seconds(check.timeoutSeconds * 6),
      deadLetterQueue: { queue: failures, maxReceiveCount: check.trigger.maxRetries + 1 },
    });
    bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(events), {
      prefix: check.trigger.prefix,
    });
    // cfn-lint W3005: CDK makes the notification depend on the queue it already names by ARN, and
    // its handler on the role it already names; only the unnamed dependencies (the queue policy,
    // the role's policy) order anything, so those alone stay.
    const notifications = bucket.node.tryFindChild('Notifications')?.node.defaultChild;
    if (notifications instanceof CfnResource) {
      dropDependsOn(notifications, events.node.defaultChild as CfnResource);
    }
    // The notification is configured by CDK's own handler at deploy time.
    for (const child of this.node.children.filter((c) =>
      c.node.id.startsWith('BucketNotificationsHandler'),
    )) {
      const fn = child.node.tryFindChild('Resource');
      const role = child.node.tryFindChild('Role')?.node.defaultChild;
      if (fn instanceof CfnResource && role instanceof CfnResource) dropDependsOn(fn, role);
      Validations.of(child).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason:
            'CDK’s BucketNotificationsHandler runs only at deploy time with the basic execution role, to set the evidence bucket’s notification.',
        },
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'CDK’s BucketNotificationsHandler needs s3:PutBucketNotification on the bucket; aws-cdk-lib writes its policy.',
        },
      );
    }
    return { bucket, events };
  }

  /**
   * GuardDuty Malware Protection for S3 on the evidence bucket, behind a context flag: GuardDuty
   * scans each new object under reports/ and tags it with the result. The role is the one the
   * service documents for a plan on a KMS-encrypted bucket.
   */
  private malwareScan() {
    const role = new Role(this, 'EvidenceMalwareScanRole', {
      assumedBy: new ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
      description: 'GuardDuty Malware Protection for S3 on the evidence bucket',
    });
    const { bucketArn } = this.evidence;
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          's3:PutBucketNotification',
          's3:GetBucketNotification',
          's3:GetBucketLocation',
          's3:ListBucket',
        ],
        resources: [bucketArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          's3:GetObject',
          's3:GetObjectVersion',
          's3:PutObjectTagging',
          's3:GetObjectTagging',
          's3:PutObjectVersionTagging',
          's3:GetObjectVersionTagging',
        ],
        resources: [`${bucketArn}/${evidenceBucket.prefix}*`],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.evidenceKey.keyArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          'events:PutRule',
          'events:DeleteRule',
          'events:PutTargets',
          'events:RemoveTargets',
          'events:DescribeRule',
        ],
        resources: [
          `arn:${this.partition}:events:${this.region}:${this.account}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*`,
        ],
      }),
    );
    const bucketId = this.resolve((this.evidence.node.defaultChild as CfnBucket).logicalId) as string;
    Validations.of(role).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${evidenceBucket.prefix}*]`,
        reason:
          'GuardDuty scans and tags every object under reports/, whose keys are drawn at each announcement.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*]',
        reason: 'GuardDuty manages its own EventBridge rules for the plan and names them with this prefix.',
      },
    );
    new CfnMalwareProtectionPlan(this, 'EvidenceMalwareScan', {
      role: role.roleArn,
      protectedResource: {
        s3Bucket: { bucketName: this.evidence.bucketName, objectPrefixes: [evidenceBucket.prefix] },
      },
      actions: { tagging: { status: 'ENABLED' } },
    });
  }
}
